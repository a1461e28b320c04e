import type { Connection } from '@lingocast/session-data';
import type { Deps } from '../deps';
import { connectionTimeout, connectionWarning, refreshRequired } from './messages';

// What the sweeper tells one connection about its age: time out when idle, refresh, and the warnings.

export type NoticeDeps = Pick<Deps, 'store' | 'gateway' | 'settings'>;

type Lifecycle = Deps['settings']['lifecycle'];

/** What the notices did to the connections of one sweep. */
export interface NoticeCounts {
  refreshRequested: number;
  warned: number;
  closedIdle: number;
  removedGone: number;
}

/** The scanned row says the refresh request is due (the claim decides for sure). */
function refreshDue(lifecycle: Lifecycle, connection: Connection, nowMs: number): boolean {
  return (
    nowMs - connection.connectedAt >= lifecycle.refreshAfterMs && connection.refreshRequestedAt === undefined
  );
}

/** The scanned row says a warning is due (the claim decides for sure). */
function warningDue(lifecycle: Lifecycle, connection: Connection, nowMs: number): boolean {
  return (
    nowMs - connection.connectedAt >= lifecycle.warningAfterMs &&
    (connection.warnedAt === undefined || nowMs - connection.warnedAt >= lifecycle.warningIntervalMs)
  );
}

/**
 * True when a refresh request or a warning is due and the connection is not closed as idle instead.
 *
 * @example
 * const due = connections.filter((connection) => noticeDue(settings.lifecycle, connection, nowMs));
 */
export function noticeDue(lifecycle: Lifecycle, connection: Connection, nowMs: number): boolean {
  if (nowMs - connection.lastSeenAt >= lifecycle.idleTimeoutMs) return false;
  return refreshDue(lifecycle, connection, nowMs) || warningDue(lifecycle, connection, nowMs);
}

/**
 * Closes one connection if idle, sends its due notices (when `mayNotify`), removes it if gone;
 * says which it was and counts it in `counts`.
 *
 * @example
 * const outcome = await sweepConnection(deps, connection, nowMs, report, true); // 'live'
 */
export async function sweepConnection(
  deps: NoticeDeps,
  connection: Connection,
  nowMs: number,
  counts: NoticeCounts,
  mayNotify: boolean,
): Promise<'live' | 'closedIdle' | 'gone'> {
  const lifecycle = deps.settings.lifecycle;
  if (nowMs - connection.lastSeenAt >= lifecycle.idleTimeoutMs) {
    await deps.gateway.send(connection.connectionId, connectionTimeout(nowMs, lifecycle.idleTimeoutMs));
    await deps.gateway.close(connection.connectionId);
    await deps.store.removeConnection(connection.connectionId, nowMs);
    counts.closedIdle += 1;
    return 'closedIdle';
  }
  if (mayNotify && !(await sendLifecycleNotices(deps, connection, nowMs, counts))) {
    await deps.store.removeConnection(connection.connectionId, nowMs);
    counts.removedGone += 1;
    return 'gone';
  }
  return 'live';
}

/**
 * Sends the lifecycle notices that are due and not yet sent: first claimed on the row (conditional
 * update), then sent, so of overlapping sweeps only one sends. A claimed notice whose send fails with
 * anything but 410 is not sent again (at most once: a missed warning is better than a stream of them).
 * The scanned row's timestamps only skip claims that would fail anyway. False when the socket is gone (410).
 */
async function sendLifecycleNotices(
  deps: NoticeDeps,
  connection: Connection,
  nowMs: number,
  counts: NoticeCounts,
): Promise<boolean> {
  const lifecycle = deps.settings.lifecycle;
  const age = nowMs - connection.connectedAt;
  const { connectionId } = connection;
  if (
    refreshDue(lifecycle, connection, nowMs) &&
    (await deps.store.claimLifecycleNotice(connectionId, 'refreshRequested', nowMs))
  ) {
    counts.refreshRequested += 1;
    if (!(await deps.gateway.send(connectionId, refreshRequired(connection, nowMs)))) return false;
  }
  if (
    warningDue(lifecycle, connection, nowMs) &&
    (await deps.store.claimLifecycleNotice(connectionId, 'warned', nowMs, lifecycle.warningIntervalMs))
  ) {
    counts.warned += 1;
    const remainingMinutes = Math.max(0, Math.ceil((lifecycle.maxAgeMs - age) / 60_000));
    if (!(await deps.gateway.send(connectionId, connectionWarning(nowMs, remainingMinutes)))) return false;
  }
  return true;
}
