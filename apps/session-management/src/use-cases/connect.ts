import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { Connection } from '@lingocast/session-data';
import { ttlAfter } from '@lingocast/tables';
import type { VerifiedToken } from '../ports';
import type { Deps } from './deps';
import { flushAudio } from './flush-audio';

/** API Gateway closes every WebSocket after 2 hours; rows outlive that only until TTL or the sweeper. */
const CONNECTION_TTL_SECONDS = 3 * 3600;

export interface ConnectRequest {
  connectionId: string;
  sessionId: string;
  /** Listeners only. */
  targetLanguage?: string;
  /** Present when the authorizer verified a speaker token. */
  speaker?: VerifiedToken;
  requestId: string;
}

/**
 * Registers a new WebSocket connection: the session's speaker (verified token, owner only), or an
 * anonymous listener counted against the session's capacity in one atomic step.
 */
export async function registerConnection(
  deps: Pick<Deps, 'store' | 'greeter' | 'clock' | 'settings'>,
  request: ConnectRequest,
) {
  const nowMs = deps.clock.now();
  const base = {
    connectionId: request.connectionId,
    sessionId: request.sessionId,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: ttlAfter(nowMs, CONNECTION_TTL_SECONDS),
  };
  if (request.speaker) {
    const session = await deps.store.getSession(request.sessionId, nowMs);
    if (!session) throw new SessionNotFoundError(request.sessionId);
    if (session.status === 'ended')
      throw new DomainError('SESSION_ENDED', `session '${request.sessionId}' has ended`);
    if (session.speakerId !== request.speaker.userId) {
      throw new DomainError('FORBIDDEN', 'only the speaker who created the session may broadcast to it');
    }
    const connection: Connection = { ...base, role: 'speaker', userId: request.speaker.userId };
    await deps.store.addSpeaker(connection);
  } else {
    const language = request.targetLanguage;
    if (!language) throw new DomainError('INVALID_PARAMETERS', 'listeners must give targetLanguage');
    if (!deps.settings.targetLanguages.includes(language)) {
      throw new DomainError(
        'UNSUPPORTED_LANGUAGE',
        `target language '${language}' is not supported; supported: ${deps.settings.targetLanguages.join(', ')}`,
      );
    }
    const connection: Connection = { ...base, role: 'listener', targetLanguage: language };
    const added = await deps.store.addListener(connection, deps.settings.maxListenersPerSession);
    if (!added.ok) {
      if (added.reason === 'SESSION_NOT_FOUND') throw new SessionNotFoundError(request.sessionId);
      if (added.reason === 'SESSION_NOT_ACTIVE')
        throw new DomainError('SESSION_ENDED', `session '${request.sessionId}' has ended`);
      throw new DomainError(
        'SESSION_FULL',
        `session '${request.sessionId}' has reached ${deps.settings.maxListenersPerSession} listeners`,
      );
    }
  }
  await deps.greeter.greetLater(request.connectionId, request.requestId);
}

/**
 * Forgets a closed connection. Safe to run twice or out of order: the row and the count move
 * together, once. A speaker leaving closes the utterance in progress; the session stays open so
 * the speaker can reconnect (the sweeper ends sessions left without a speaker).
 */
export async function unregisterConnection(
  deps: Pick<Deps, 'store' | 'audio' | 'clock'>,
  connectionId: string,
  requestId: string,
) {
  const removed = await deps.store.removeConnection(connectionId);
  if (removed?.role === 'speaker') {
    const session = await deps.store.getSession(removed.sessionId, deps.clock.now());
    if (session) await flushAudio(deps, { ...session, speakerConnectionId: connectionId }, requestId);
  }
  return removed;
}

/** Sends `sessionJoined` once the connection is open (called asynchronously after `$connect`). */
export async function greetConnection(
  deps: Pick<Deps, 'store' | 'gateway' | 'clock'>,
  connectionId: string,
  requestId: string,
) {
  const nowMs = deps.clock.now();
  const connection = await deps.store.getConnection(connectionId, nowMs);
  if (!connection) return false;
  const session = await deps.store.getSession(connection.sessionId, nowMs);
  if (!session) return false;
  return deps.gateway.send(connectionId, {
    type: 'sessionJoined',
    timestamp: nowMs,
    requestId,
    sessionId: session.sessionId,
    role: connection.role,
    connectionId,
    sourceLanguage: session.sourceLanguage,
    ...(connection.targetLanguage ? { targetLanguage: connection.targetLanguage } : {}),
    status: session.status,
    broadcastState: session.broadcastState,
    listenerCount: session.listenerCount,
  });
}
