import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { Deps } from './deps';
import { flushAudio } from './flush-audio';

/**
 * Ends a session for everyone: marks it ended, closes the utterance in progress, tells every listener
 * and then the speaker (`sessionEnded`) and closes their sockets. Only the speaker who owns it may end it.
 */
export async function endSession(
  deps: Pick<Deps, 'store' | 'gateway' | 'audio' | 'clock'>,
  sessionId: string,
  userId: string,
  requestId: string,
  reason = 'ended by the speaker',
): Promise<void> {
  const nowMs = deps.clock.now();
  const session = await deps.store.getSession(sessionId, nowMs);
  if (!session) throw new SessionNotFoundError(sessionId);
  if (session.speakerId !== userId) throw new DomainError('FORBIDDEN', 'only the session owner may end it');
  if (session.status !== 'ended') {
    await deps.store.updateSession(
      sessionId,
      { status: 'ended', broadcastState: { ...session.broadcastState, paused: true } },
      nowMs,
    );
  }
  await flushAudio(deps, session, requestId);
  const listeners = await deps.store.listListeners(sessionId, nowMs);
  const ids = listeners.map((listener) => listener.connectionId);
  const message = { type: 'sessionEnded' as const, timestamp: nowMs, sessionId, reason };
  await deps.gateway.sendToMany(ids, message);
  await Promise.all(ids.map((id) => deps.gateway.close(id)));
  if (session.speakerConnectionId) {
    // The speaker hears it last (its reply, when it asked), then its socket closes like everyone's:
    // a connection belongs to its session, and an ended session takes no audio.
    await deps.gateway.send(session.speakerConnectionId, { ...message, requestId });
    await deps.gateway.close(session.speakerConnectionId);
  }
}
