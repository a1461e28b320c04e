import type { Deps } from '../deps';
import { flushAudio } from '../flush-audio';

/**
 * Forgets a closed connection. Safe to run twice or out of order: the row and the count move
 * together, once. A speaker leaving closes the utterance in progress; the session stays open so
 * the speaker can reconnect (the sweeper ends it after the grace period).
 *
 * @example
 * const removed = await unregisterConnection(deps, 'conn-1', 'req-1'); // the row, or undefined if already gone
 */
export async function unregisterConnection(
  deps: Pick<Deps, 'store' | 'audio' | 'clock'>,
  connectionId: string,
  requestId: string,
) {
  const nowMs = deps.clock.now();
  const removed = await deps.store.removeConnection(connectionId, nowMs);
  if (removed?.role === 'speaker') {
    const session = await deps.store.getSession(removed.sessionId, nowMs);
    if (session) await flushAudio(deps, { ...session, speakerConnectionId: connectionId }, requestId);
  }
  return removed;
}
