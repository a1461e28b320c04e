import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { AddListenerFailure, Connection } from '@lingocast/session-data';
import { admitConnectAttempt, enforceRateLimit } from '../rate-limits';
import { assertSpeakerMayConnect, assertSupportedLanguage } from './admission';
import { refreshAtConnect } from './refresh';
import type { ConnectDeps, ConnectRequest } from './request';
import { rowBase } from './request';
import { resumeAtConnect } from './resume';

/**
 * Registers a new WebSocket connection: the session's speaker (verified token, owner only), an
 * anonymous listener counted against the session's capacity in one atomic step, or — with
 * `previousConnectionId` — a refresh that swaps the old row for the new one without counting again
 * (so a listener in a full session can refresh). Every attempt counts against the per-address
 * ceiling (and waits out the address's failed attempts); new listeners against the session's join rate.
 *
 * @example
 * await registerConnection(deps, { connectionId, sessionId, targetLanguage: 'es', requestId }); // 'new'
 */
export async function registerConnection(
  deps: ConnectDeps,
  request: ConnectRequest,
): Promise<'refreshed' | 'resumed' | 'new'> {
  if (request.speaker && request.captionsOnly !== undefined) {
    throw new DomainError(
      'INVALID_PARAMETERS',
      'captionsOnly is for listeners; a speaker connects without it',
    );
  }
  if (request.speaker && request.liveCaptions !== undefined) {
    throw new DomainError(
      'INVALID_PARAMETERS',
      'liveCaptions is for listeners; the speaker gets its partial captions without asking',
    );
  }
  const ip = request.sourceIp ?? 'unknown';
  await admitConnectAttempt(deps, ip, request.speaker !== undefined);
  const nowMs = deps.clock.now();
  const base = rowBase(request, nowMs);
  let mode: 'refreshed' | 'resumed' | 'new' = 'new';
  if (request.previousConnectionId) {
    await refreshAtConnect(deps, request, request.previousConnectionId, base);
    mode = 'refreshed';
  } else if (
    request.resumeConnectionId &&
    (await resumeAtConnect(deps, request, request.resumeConnectionId, base))
  ) {
    // took the old row's place: no new count, no join against the session's join rate
    mode = 'resumed';
  } else if (request.speaker) {
    await assertSpeakerMayConnect(deps, request.sessionId, request.speaker, nowMs);
    await deps.store.addSpeaker({ ...base, role: 'speaker', userId: request.speaker.userId });
  } else {
    const language = request.targetLanguage;
    if (!language) throw new DomainError('INVALID_PARAMETERS', 'listeners must give targetLanguage');
    assertSupportedLanguage(deps, language);
    await enforceRateLimit(deps, 'listenerJoin', request.sessionId);
    await addWithinCapacity(deps, {
      ...base,
      role: 'listener',
      targetLanguage: language,
      ...(request.captionsOnly ? { captionsOnly: true } : {}),
      ...(request.liveCaptions ? { liveCaptions: true } : {}),
    });
  }
  await deps.greeter.greetLater(request.connectionId, request.requestId);
  return mode;
}

/** Counts a new listener in, atomically below the session's capacity, or refuses it with the store's reason. */
async function addWithinCapacity(deps: ConnectDeps, listener: Connection): Promise<void> {
  const added = await deps.store.addListener(listener, deps.settings.maxListenersPerSession);
  if (!added.ok) throw refusal(deps, listener.sessionId, added.reason);
}

/** The error a listener is refused with: the store's reason is the code (a paused session says paused). */
function refusal(deps: ConnectDeps, sessionId: string, reason: AddListenerFailure): DomainError {
  switch (reason) {
    case 'SESSION_NOT_FOUND':
      return new SessionNotFoundError(sessionId);
    case 'SESSION_ENDED':
      return new DomainError(reason, `session '${sessionId}' has ended`);
    case 'SESSION_NOT_ACTIVE':
      return new DomainError(reason, `session '${sessionId}' is paused`);
    case 'SESSION_FULL':
      return new DomainError(
        reason,
        `session '${sessionId}' has reached ${deps.settings.maxListenersPerSession} listeners`,
      );
  }
}
