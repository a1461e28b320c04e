import type { ServerMessage } from '@lingocast/contract';
import { standsInFor } from '@lingocast/session-data';
import type { Connection } from '@lingocast/session-data';
import type { Deps } from './deps';

/** Waits before each try after the first: a new connection is refused (410) until its `$connect` returns. */
export const FOLLOW_RETRY_DELAYS_MS: readonly number[] = [0, 150, 300, 600];

export interface FollowRequest {
  sessionId: string;
  language: string;
  /** The connections the utterance was sent to. */
  sentTo: readonly string[];
  /** Those of them that answered 410. */
  gone: ReadonlySet<string>;
  /** Everything the utterance sends a listener of this language, in order (captions-only ones get no audio). */
  messages: readonly ServerMessage[];
}

/**
 * Finds the listeners who lost an utterance because they were switching connections while it went
 * out, and sends it to them again on the new connection: a refresh swaps the rows at the new
 * socket's `$connect` (`standsInFor` says which row takes whose messages), so a fan-out that read the
 * listeners just before posts to a socket that is closing, or just after, to one that is not open
 * yet. Clients drop what they receive twice. Costs one query per try, and only when something was
 * gone; a connection still in its handshake is tried again after a short wait.
 *
 * @returns how many listeners got the utterance this way
 */
export async function followRefreshed(
  deps: Pick<Deps, 'sessions' | 'listeners' | 'clock'>,
  request: FollowRequest,
): Promise<number> {
  const served = new Set(request.sentTo.filter((id) => !request.gone.has(id)));
  /** Connections that did not get the utterance, and whose listener may still be reachable. */
  let missing = new Set(request.gone);
  let followed = 0;
  for (const delayMs of FOLLOW_RETRY_DELAYS_MS) {
    if (missing.size === 0) break;
    if (delayMs > 0) await deps.clock.sleep(delayMs);
    const nowMs = deps.clock.now();
    const rows = await deps.sessions.listListeners(request.sessionId, nowMs, request.language);
    const targets = rows.filter(
      (row) => !served.has(row.connectionId) && standsInFor(row, nowMs).some((id) => missing.has(id)),
    );
    if (targets.length === 0) break;
    const stillGone = await resend(deps, targets, request.messages);
    const next = new Set<string>();
    for (const row of targets) {
      for (const id of [row.connectionId, ...standsInFor(row, nowMs)]) missing.delete(id);
      if (stillGone.has(row.connectionId)) next.add(row.connectionId);
      else {
        served.add(row.connectionId);
        followed += 1;
      }
    }
    // Only connections still opening are worth another try; the rest of `missing` is gone for good.
    missing = next;
  }
  return followed;
}

/**
 * Sends `messages` to `targets`: captions-only ones without the audio, the others without a `transcript`
 * that the audio already carries; returns the ids still gone.
 */
async function resend(
  deps: Pick<Deps, 'listeners'>,
  targets: readonly Connection[],
  messages: readonly ServerMessage[],
): Promise<Set<string>> {
  const captions = messages.filter((message) => message.type !== 'translatedAudio');
  const captionInAudio = messages.some(
    (message) => message.type === 'translatedAudio' && message.sourceText !== undefined,
  );
  const speech = captionInAudio ? messages.filter((message) => message.type !== 'transcript') : messages;
  const idsOf = (captionsOnly: boolean) =>
    targets.filter((row) => (row.captionsOnly === true) === captionsOnly).map((row) => row.connectionId);
  const [withAudio, captionsOnly] = await Promise.all([
    sendTo(deps, idsOf(false), speech),
    sendTo(deps, idsOf(true), captions),
  ]);
  return new Set([...withAudio, ...captionsOnly]);
}

async function sendTo(
  deps: Pick<Deps, 'listeners'>,
  connectionIds: readonly string[],
  messages: readonly ServerMessage[],
): Promise<string[]> {
  if (connectionIds.length === 0) return [];
  return (await deps.listeners.sendAll(connectionIds, messages)).gone;
}
