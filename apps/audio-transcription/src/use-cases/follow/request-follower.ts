import type { AudioChunkEvent, AudioFlushEvent } from '@lingocast/contract';
import type { StreamCursor, StreamLeases } from '../../ports';
import { storeChunk } from '../assemble-utterances';
import type { Deps } from '../deps';
import type { FollowerScheduler } from './follower-deps';

/** A start that did not take (the owner never ran) is asked again after this long. */
export const OWNER_REQUEST_INTERVAL_MS = 3_000;

export interface FollowRequestDeps extends Pick<Deps, 'store' | 'settings' | 'clock' | 'logger'> {
  leases: StreamLeases;
  followers: FollowerScheduler;
}

/**
 * Streaming recognition's ingestion: stores the chunk once (as for whole utterances) and, when nobody
 * follows the session's audio, moves past silence itself or starts an owner for speech. Utterances are
 * the owner's alone.
 *
 * @example
 * const { duplicate } = await ingestChunkForFollower(deps, chunkEvent);
 */
export async function ingestChunkForFollower(
  deps: FollowRequestDeps,
  event: AudioChunkEvent,
): Promise<{ duplicate: boolean; claimed: 0 }> {
  const { duplicate, claimedBefore, cursor, hasSpeech } = await storeChunk(deps, event);
  const nowMs = deps.clock.now();
  if (claimedBefore || (cursor.followedUntil ?? 0) > nowMs) return { duplicate, claimed: 0 };
  if (!hasSpeech && (await skipSilence(deps, event.sessionId, cursor, nowMs)))
    return { duplicate, claimed: 0 };
  await requestFollower(deps, event);
  return { duplicate, claimed: 0 };
}

/**
 * In a session nobody follows, moves the cursor past stored chunks that are all silence (a live
 * microphone between speaking periods), so no owner is started, and no Lambda held, to hear nothing.
 * False when speech or a hole waits at the cursor: that needs an owner. The claim is refused once
 * someone holds the lease, so it never races an owner.
 */
async function skipSilence(
  deps: FollowRequestDeps,
  sessionId: string,
  cursor: StreamCursor,
  nowMs: number,
): Promise<boolean> {
  const waiting = await deps.store.listSummaries(sessionId, cursor.nextChunk);
  let last = cursor.nextChunk - 1;
  for (const chunk of waiting) {
    if (chunk.sequenceNumber !== last + 1 || chunk.hasSpeech) break;
    last = chunk.sequenceNumber;
  }
  if (last < cursor.nextChunk || last !== waiting[waiting.length - 1]?.sequenceNumber) return false;
  const claimed = await deps.store.claim(sessionId, cursor, last, false, nowMs, 'unleased');
  return claimed !== undefined;
}

/**
 * Makes sure someone follows the session's audio (a flush: the owner closes the utterance itself once
 * chunks stop coming). True when an owner was started by this call.
 */
export async function requestFollower(
  deps: FollowRequestDeps,
  stream: Pick<AudioFlushEvent, 'sessionId' | 'sourceLanguage' | 'requestId'>,
): Promise<boolean> {
  const nowMs = deps.clock.now();
  if (!(await deps.leases.requestOwner(stream.sessionId, nowMs, OWNER_REQUEST_INTERVAL_MS))) return false;
  await deps.followers.start({
    kind: 'followAudio',
    sessionId: stream.sessionId,
    sourceLanguage: stream.sourceLanguage,
    reason: 'audio',
    requestId: stream.requestId,
  });
  deps.logger.info({ sessionId: stream.sessionId }, 'follower started');
  return true;
}
