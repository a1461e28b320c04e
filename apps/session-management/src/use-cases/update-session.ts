import type { Session, UpdateSessionRequest } from '@lingocast/contract';
import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import { toPublicSession } from '@lingocast/session-data';
import type { SessionChanges } from '@lingocast/session-data';
import type { Deps } from './deps';
import { endSession } from './end-session';
import { flushAudio } from './flush-audio';

/** The owner changes a session's status (active / paused / ended), source language or quality tier. */
export async function updateSession(
  deps: Pick<Deps, 'store' | 'gateway' | 'audio' | 'clock' | 'settings'>,
  sessionId: string,
  userId: string,
  request: UpdateSessionRequest,
  requestId: string,
): Promise<Session> {
  const nowMs = deps.clock.now();
  const session = await deps.store.getSession(sessionId, nowMs);
  if (!session) throw new SessionNotFoundError(sessionId);
  if (session.speakerId !== userId)
    throw new DomainError('FORBIDDEN', 'only the session owner may change it');
  if (session.status === 'ended') throw new DomainError('SESSION_ENDED', 'the session has ended');
  if (request.sourceLanguage && !deps.settings.sourceLanguages.includes(request.sourceLanguage)) {
    throw new DomainError(
      'UNSUPPORTED_LANGUAGE',
      `source language '${request.sourceLanguage}' is not supported`,
    );
  }
  if (request.status === 'ended') {
    await endSession(deps, sessionId, userId, requestId);
    const ended = await deps.store.getSession(sessionId, nowMs);
    if (!ended) throw new SessionNotFoundError(sessionId);
    return toPublicSession(ended);
  }
  const changes: SessionChanges = {};
  if (request.sourceLanguage) changes.sourceLanguage = request.sourceLanguage;
  if (request.qualityTier) changes.qualityTier = request.qualityTier;
  if (request.status) {
    changes.status = request.status;
    changes.broadcastState = { ...session.broadcastState, paused: request.status === 'paused' };
  }
  const updated = await deps.store.updateSession(sessionId, changes, nowMs);
  if (!updated) throw new SessionNotFoundError(sessionId);
  if (request.status && request.status !== session.status) {
    const type = request.status === 'paused' ? 'broadcastPaused' : 'broadcastResumed';
    if (request.status === 'paused') await flushAudio(deps, session, requestId);
    const listeners = await deps.store.listListeners(sessionId, nowMs);
    await deps.gateway.sendToMany(
      listeners.map((listener) => listener.connectionId),
      { type, timestamp: nowMs, sessionId },
    );
  }
  return toPublicSession(updated);
}
