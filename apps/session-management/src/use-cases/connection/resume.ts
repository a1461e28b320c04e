import type { ConnectDeps, ConnectRequest, RowBase } from './request';
import { ownedConnection, ownerOf, successorOf } from './take-over';

/**
 * A reconnecting client's last connection (`resumeConnectionId`), still registered because its
 * `$disconnect` never ran (the server was killed, the network dropped): the new socket takes its
 * row, so the listener count stays exact and a full session lets its own listeners back in. False
 * when there is nothing of the caller's to take over; the caller then connects as new.
 *
 * @example
 * if (!(await resumeAtConnect(deps, request, 'last-1', rowBase(request, nowMs)))) await addAsNew();
 */
export async function resumeAtConnect(
  deps: ConnectDeps,
  request: ConnectRequest,
  resumeConnectionId: string,
  base: RowBase,
): Promise<boolean> {
  const previous = await ownedConnection(deps, resumeConnectionId, ownerOf(request), base.connectedAt);
  if (!previous) return false;
  const next = await successorOf(deps, request, previous, base, {});
  if (!(await deps.store.replaceConnection(previous, next))) return false; // its $disconnect ran meanwhile
  deps.logger.info({ sessionId: request.sessionId, role: next.role }, 'resumed a stale connection');
  await deps.gateway.close(resumeConnectionId);
  return true;
}
