import type { AudioChunkEvent, AudioFlushEvent } from '@lingocast/contract';
import type { StreamLeases } from '../../ports';
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
 * follows the session's audio, starts an owner. Claims are the owner's alone, so none happen here.
 *
 * @example
 * const { duplicate } = await ingestChunkForFollower(deps, chunkEvent);
 */
export async function ingestChunkForFollower(
  deps: FollowRequestDeps,
  event: AudioChunkEvent,
): Promise<{ duplicate: boolean; claimed: 0 }> {
  const { duplicate, cursor } = await storeChunk(deps, event);
  if (!duplicate && !((cursor.followedUntil ?? 0) > deps.clock.now())) await requestFollower(deps, event);
  return { duplicate, claimed: 0 };
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
