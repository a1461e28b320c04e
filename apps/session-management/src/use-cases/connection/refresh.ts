import { DomainError } from '@lingocast/errors';
import type { Connection } from '@lingocast/session-data';
import type { Deps } from '../deps';
import { refreshComplete } from './messages';
import type { ConnectDeps, ConnectRequest, RowBase } from './request';
import { ownedConnection, ownerOf, successorOf } from './take-over';

// A refresh: a client opens a second socket and moves onto it before API Gateway's 2-hour limit.

const NOT_THE_CALLERS = 'the previous connection does not belong to this caller';

/**
 * At `$connect` (`previousConnectionId` in the query string): the new socket takes the old one's
 * place in one transaction, without counting again. The old socket stays open until the new one
 * has been greeted (`greetConnection` closes it): until `$connect` returns, API Gateway refuses
 * posts to the new connection, and whatever the pipeline sends meanwhile still reaches the old one.
 *
 * @example
 * await refreshAtConnect(deps, request, 'old-1', rowBase(request, clock.now()));
 */
export async function refreshAtConnect(
  deps: ConnectDeps,
  request: ConnectRequest,
  previousConnectionId: string,
  base: RowBase,
): Promise<void> {
  const previous = await ownedConnection(deps, previousConnectionId, ownerOf(request), base.connectedAt);
  if (!previous) throw new DomainError('FORBIDDEN', NOT_THE_CALLERS);
  const next = await successorOf(deps, request, previous, base, { refreshedFrom: previousConnectionId });
  if (!(await deps.store.replaceConnection(previous, next))) {
    throw new DomainError('FORBIDDEN', 'the previous connection is already gone; connect without it');
  }
}

/**
 * The `refreshConnection` action, sent on the new connection: confirms a refresh already swapped
 * at `$connect`, or else removes and closes the caller's old connection, then confirms.
 *
 * @example
 * await refreshConnection(deps, current, 'old-1', 'req-1', clock.now());
 */
export async function refreshConnection(
  deps: Pick<Deps, 'store' | 'gateway' | 'clock'>,
  current: Connection,
  previousConnectionId: string,
  requestId: string,
  nowMs: number,
): Promise<void> {
  if (previousConnectionId === current.connectionId) {
    throw new DomainError(
      'INVALID_PARAMETERS',
      'previousConnectionId is this connection; give the one being replaced',
    );
  }
  // Already swapped at `$connect` (previousConnectionId in the query string): just confirm.
  if (current.refreshedFrom !== previousConnectionId) {
    const previous = await ownedConnection(deps, previousConnectionId, current, nowMs);
    if (!previous) throw new DomainError('FORBIDDEN', NOT_THE_CALLERS);
    await deps.store.removeConnection(previous.connectionId, nowMs);
    await deps.gateway.close(previous.connectionId);
  }
  await deps.gateway.send(current.connectionId, refreshComplete(current, deps.clock.now(), requestId));
}
