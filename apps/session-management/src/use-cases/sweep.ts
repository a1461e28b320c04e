import { mapWithConcurrency } from '@lingocast/aws';
import { emitMetric } from '@lingocast/logging';
import type { Connection, SessionRecord } from '@lingocast/session-data';
import { activeSessionsAlarmThreshold } from '../config';
import type { Deps } from './deps';
import { noticeDue, sweepConnection } from './connection';
import type { NoticeCounts } from './connection';
import { endSession } from './end-session';
import { METRICS_NAMESPACE, SERVICE_DIMENSION } from './rate-limits';

export interface SweepReport extends NoticeCounts {
  connectionsSeen: number;
  /** Connections with a notice due that wait for the next sweep (CONNECTION_NOTICES_PER_SWEEP). */
  noticesDeferred: number;
  countsRepaired: number;
  sessionsEnded: number;
  activeSessions: number;
  listeners: number;
}

/** Connections handled at once by one sweep (each is a few DynamoDB and API Gateway calls). */
export const SWEEP_CONCURRENCY = 32;

type SweepDeps = Pick<Deps, 'store' | 'gateway' | 'audio' | 'clock' | 'settings' | 'logger'>;

/**
 * One pass of the scheduled sweeper (every minute). Reads the open sessions first and then every
 * live connection (strongly consistent scans; expired rows are never counted or messaged), then:
 * - closes connections idle for longer than the idle timeout (`connectionTimeout`, close, row removed);
 * - asks a connection past the refresh age to refresh (`connectionRefreshRequired`, once per
 *   connection), and from the warning age on sends `connectionWarning {remainingMinutes}` once per
 *   warning interval (105, 110, 115 min by default); each send is first claimed on the connection
 *   row by a conditional update, so overlapping sweeps never send one twice;
 * - removes rows whose socket is gone (410);
 * - sets each session's listenerCount to its real listener rows, only if the count did not move meanwhile;
 * - ends sessions whose speaker left longer ago than the grace period (listeners get `sessionEnded`);
 * - emits the ActiveSessions and Listeners gauges.
 */
export async function sweepConnections(deps: SweepDeps, requestId: string): Promise<SweepReport> {
  const nowMs = deps.clock.now();
  const sessions = await deps.store.scanOpenSessions(nowMs);
  const connections = await deps.store.scanConnections(nowMs);
  const report: SweepReport = {
    connectionsSeen: connections.length,
    refreshRequested: 0,
    warned: 0,
    noticesDeferred: 0,
    closedIdle: 0,
    removedGone: 0,
    countsRepaired: 0,
    sessionsEnded: 0,
    activeSessions: 0,
    listeners: 0,
  };
  // Notices go to at most noticesPerSweep connections, oldest first; the rest wait for the next sweep.
  // An audience that joined together reaches the refresh age together, and every notice is a
  // reconnect: paced, the wave never arrives at `$connect` all at once (the clients spread it further).
  const due = connections
    .filter((connection) => noticeDue(deps.settings.lifecycle, connection, nowMs))
    .sort((a, b) => a.connectedAt - b.connectedAt);
  const notified = new Set(due.slice(0, deps.settings.lifecycle.noticesPerSweep));
  report.noticesDeferred = due.length - notified.size;
  // Connections are independent: many at once, so a paced wave still fits in one sweep.
  const outcomes = await mapWithConcurrency(connections, SWEEP_CONCURRENCY, (connection) =>
    sweepConnection(deps, connection, nowMs, report, notified.has(connection)),
  );
  const live = connections.filter((connection, index) => {
    const outcome = outcomes[index];
    if (outcome?.status === 'rejected') {
      // Unknown state: counted as live, so no count is repaired on a guess; the next sweep looks again.
      deps.logger.error(
        { err: outcome.reason, connection: connection.connectionId },
        'sweep of a connection failed',
      );
      return true;
    }
    return outcome?.value === 'live';
  });

  for (const session of sessions) {
    if (await endIfSpeakerGone(deps, session, live, nowMs, requestId)) {
      report.sessionsEnded += 1;
      continue;
    }
    const listeners = live.filter((row) => row.role === 'listener' && row.sessionId === session.sessionId);
    report.activeSessions += 1;
    report.listeners += listeners.length;
    if (listeners.length !== session.listenerCount) {
      const seen = { listenerCount: session.listenerCount, countVersion: session.countVersion };
      if (await deps.store.repairListenerCount(session.sessionId, seen, listeners.length)) {
        deps.logger.warn(
          { sessionId: session.sessionId, stored: session.listenerCount, actual: listeners.length },
          'listener count repaired',
        );
        report.countsRepaired += 1;
      }
    }
  }
  emitMetric(
    deps.logger,
    METRICS_NAMESPACE,
    'ActiveSessions',
    report.activeSessions,
    'Count',
    SERVICE_DIMENSION,
  );
  emitMetric(deps.logger, METRICS_NAMESPACE, 'Listeners', report.listeners, 'Count', SERVICE_DIMENSION);
  const nearCapacity = activeSessionsAlarmThreshold(deps.settings.maxActiveSessions);
  if (report.activeSessions >= nearCapacity) {
    deps.logger.warn(
      { activeSessions: report.activeSessions, maxActiveSessions: deps.settings.maxActiveSessions },
      'active sessions near the sized maximum',
    );
  }
  deps.logger.info({ ...report }, 'sweep done');
  return report;
}

/**
 * Ends a session whose speaker connected once and has been gone longer than the grace period.
 * A session whose speaker never connected is left to its TTL (it may be created ahead of time).
 */
async function endIfSpeakerGone(
  deps: SweepDeps,
  session: SessionRecord,
  live: readonly Connection[],
  nowMs: number,
  requestId: string,
): Promise<boolean> {
  const speakerPresent = live.some((row) => row.role === 'speaker' && row.sessionId === session.sessionId);
  if (speakerPresent || session.speakerLeftAt === undefined) return false;
  if (nowMs - session.speakerLeftAt < deps.settings.lifecycle.speakerGraceMs) return false;
  await endSession(deps, session.sessionId, session.speakerId, requestId, 'the speaker left');
  return true;
}
