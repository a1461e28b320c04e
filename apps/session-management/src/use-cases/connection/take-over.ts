import { DomainError } from '@lingocast/errors';
import type { Role } from '@lingocast/contract';
import type { Connection } from '@lingocast/session-data';
import type { Deps } from '../deps';
import { assertSpeakerMayConnect, assertSupportedLanguage, openSession } from './admission';
import type { ConnectDeps, ConnectRequest, RowBase } from './request';

// Taking another connection's place (refresh and resume): whose it is, and the row that replaces it.

/** Who a connection belongs to: a session, a role and, for speakers, the token's subject. */
export interface ConnectionOwner {
  sessionId: string;
  role: Role;
  userId?: string | undefined;
}

/**
 * The owner a `$connect` request claims to be.
 *
 * @example
 * ownerOf({ sessionId: 's-1', speaker: { userId: 'u-1', username: 'alice' }, … }); // { sessionId: 's-1', role: 'speaker', userId: 'u-1' }
 */
export function ownerOf(request: Pick<ConnectRequest, 'sessionId' | 'speaker'>): ConnectionOwner {
  return {
    sessionId: request.sessionId,
    role: request.speaker ? 'speaker' : 'listener',
    userId: request.speaker?.userId,
  };
}

/**
 * The stored connection `connectionId` when it belongs to `owner` (same session, same role, same user
 * for speakers); undefined when it is gone or someone else's. The one ownership check of a take-over,
 * at `$connect` and in the `refreshConnection` action alike.
 *
 * @example
 * const previous = await ownedConnection(deps, 'old-1', ownerOf(request), clock.now());
 */
export async function ownedConnection(
  deps: Pick<Deps, 'store'>,
  connectionId: string,
  owner: ConnectionOwner,
  nowMs: number,
): Promise<Connection | undefined> {
  const previous = await deps.store.getConnection(connectionId, nowMs);
  const sameOwner =
    previous !== undefined &&
    previous.sessionId === owner.sessionId &&
    previous.role === owner.role &&
    previous.userId === owner.userId;
  return sameOwner ? previous : undefined;
}

/**
 * The row that takes `previous`'s place, after the same checks as a new connection (except capacity);
 * a listener keeps the old row's language and captions mode unless the request names its own.
 *
 * @example
 * const next = await successorOf(deps, request, previous, rowBase(request, nowMs), { refreshedFrom: 'old-1' });
 */
export async function successorOf(
  deps: ConnectDeps,
  request: ConnectRequest,
  previous: Connection,
  base: RowBase,
  marker: Pick<Connection, 'refreshedFrom'>,
): Promise<Connection> {
  const nowMs = base.connectedAt;
  if (request.speaker) {
    await assertSpeakerMayConnect(deps, request.sessionId, request.speaker, nowMs);
    return { ...base, role: 'speaker', userId: request.speaker.userId, ...marker };
  }
  const language = request.targetLanguage ?? previous.targetLanguage;
  if (!language) throw new DomainError('INVALID_PARAMETERS', 'listeners must give targetLanguage');
  assertSupportedLanguage(deps, language);
  await openSession(deps, request.sessionId, nowMs);
  const captionsOnly = request.captionsOnly ?? previous.captionsOnly;
  const liveCaptions = request.liveCaptions ?? previous.liveCaptions;
  return {
    ...base,
    role: 'listener',
    targetLanguage: language,
    ...(captionsOnly !== undefined ? { captionsOnly } : {}),
    ...(liveCaptions !== undefined ? { liveCaptions } : {}),
    ...marker,
  };
}
