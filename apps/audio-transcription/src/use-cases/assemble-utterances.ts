import type { AudioChunkEvent, AudioFlushEvent } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { cutNext } from '../domain/utterance-cutter';
import { measureChunkActivity } from '../domain/voice-activity';
import type { StreamCursor } from '../ports';
import type { Deps } from './deps';

/** Bounds the claim loop of one invocation; each round either claims or stops. */
const MAX_CLAIM_ROUNDS = 50;

interface AdvanceContext {
  sessionId: string;
  sourceLanguage: string;
  speakerConnectionId?: string;
  requestId: string;
  flush: boolean;
}

/**
 * Stores one chunk (once, whatever the number of deliveries) and claims every utterance that is now
 * complete. Any invocation may complete an utterance; the conditional claim makes sure exactly one does.
 */
export async function ingestChunk(
  deps: Deps,
  event: AudioChunkEvent,
): Promise<{ duplicate: boolean; claimed: number }> {
  const { duplicate, claimedBefore } = await storeChunk(deps, event);
  if (claimedBefore) return { duplicate, claimed: 0 };
  const claimed = await advance(deps, {
    sessionId: event.sessionId,
    sourceLanguage: event.sourceLanguage,
    speakerConnectionId: event.speakerConnectionId,
    requestId: event.requestId,
    flush: false,
  });
  return { duplicate, claimed };
}

/**
 * Stores one chunk once, with its voice activity measured: `duplicate` when it was stored before,
 * `claimedBefore` when it is behind the cursor too. Also gives the cursor read on the way.
 *
 * @example
 * const { duplicate, cursor } = await storeChunk(deps, event);
 */
export async function storeChunk(
  deps: Pick<Deps, 'store' | 'settings'>,
  event: AudioChunkEvent,
): Promise<{ duplicate: boolean; claimedBefore: boolean; cursor: StreamCursor; hasSpeech: boolean }> {
  const pcm = Buffer.from(event.audio, 'base64');
  if (pcm.length % 2 !== 0)
    throw new DomainError('INVALID_PARAMETERS', 'PCM16 audio must have an even number of bytes');
  const cursor = await deps.store.getCursor(event.sessionId);
  if (event.sequenceNumber < cursor.nextChunk)
    return { duplicate: true, claimedBefore: true, cursor, hasSpeech: false };
  const activity = measureChunkActivity(pcm, {
    sampleRate: event.sampleRate,
    speechThresholdDb: deps.settings.speechThresholdDb,
  });
  const stored = await deps.store.putChunk({
    sessionId: event.sessionId,
    sequenceNumber: event.sequenceNumber,
    receivedAt: event.receivedAt,
    sampleRate: event.sampleRate,
    pcm,
    speakerConnectionId: event.speakerConnectionId,
    requestId: event.requestId,
    ...activity,
  });
  return { duplicate: !stored, claimedBefore: false, cursor, hasSpeech: activity.hasSpeech };
}

/** Closes the utterance in progress: the speaker paused, ended the session or left. */
export async function flushStream(deps: Deps, event: AudioFlushEvent): Promise<number> {
  const { kind: _kind, ...stream } = event;
  return advance(deps, { ...stream, flush: true });
}

async function advance(deps: Deps, ctx: AdvanceContext): Promise<number> {
  let claimed = 0;
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
    const cursor = await deps.store.getCursor(ctx.sessionId);
    const summaries = await deps.store.listSummaries(ctx.sessionId, cursor.nextChunk);
    const nowMs = deps.clock.now();
    const decision = cutNext(cursor.nextChunk, summaries, deps.settings, { flush: ctx.flush, nowMs });
    if (decision.kind === 'wait') return claimed;
    const utterance = await deps.store.claim(
      ctx.sessionId,
      cursor,
      decision.lastChunk,
      decision.kind === 'utterance',
      nowMs,
    );
    if (utterance === undefined) continue; // another invocation claimed first: look again
    if (decision.kind === 'utterance' && utterance !== null) {
      claimed += 1;
      deps.logger.info(
        {
          utterance,
          firstChunk: decision.firstChunk,
          lastChunk: decision.lastChunk,
          reason: decision.reason,
        },
        'utterance claimed',
      );
      await deps.scheduler.schedule({
        kind: 'utteranceClaimed',
        sessionId: ctx.sessionId,
        sourceLanguage: ctx.sourceLanguage,
        ...(ctx.speakerConnectionId ? { speakerConnectionId: ctx.speakerConnectionId } : {}),
        sequenceNumber: utterance,
        firstChunk: decision.firstChunk,
        lastChunk: decision.lastChunk,
        timings: { lastChunkReceivedAt: decision.lastChunkReceivedAt, assembledAt: nowMs },
        requestId: ctx.requestId,
      });
    }
  }
  return claimed;
}
