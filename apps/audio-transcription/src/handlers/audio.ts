import type { IngestResult } from '@lingocast/contract';
import { logHandlerError } from '@lingocast/lambda';
import { METRICS_NAMESPACE, emitMetric, withCorrelation } from '@lingocast/logging';
import {
  validateAudioChunkEvent,
  validateAudioFlushEvent,
  validateUtteranceClaimedEvent,
} from '@lingocast/validation';
import { getDeps, getFollowerDeps, logger, recognitionMode } from '../composition';
import { flushStream, ingestChunk } from '../use-cases/assemble-utterances';
import { ingestChunkForFollower, requestFollower } from '../use-cases/follow/request-follower';
import { transcribeUtterance } from '../use-cases/transcribe-utterance';
import type { TranscriptionOutcome } from '../use-cases/transcribe-utterance';

/**
 * `ingestAudio`: invoked synchronously by session-management for each chunk (the speaker's ack waits
 * for the chunk to be stored), and asynchronously to flush a stream.
 */
export async function ingestAudioHandler(event: unknown): Promise<IngestResult> {
  const kind = (event as { kind?: unknown } | null)?.kind;
  if (kind === 'audioFlush') {
    const flush = validateAudioFlushEvent(event);
    if (!flush.ok) return { ok: false, code: flush.code, message: flush.message };
    if (recognitionMode() === 'streaming') {
      // The owner closes the utterance itself once chunks stop; only make sure there is one.
      await requestFollower(getFollowerDeps(), flush.value);
      return { ok: true, duplicate: false, claimed: 0 };
    }
    const claimed = await flushStream(getDeps(), flush.value);
    return { ok: true, duplicate: false, claimed };
  }
  const chunk = validateAudioChunkEvent(event);
  if (!chunk.ok) return { ok: false, code: chunk.code, message: chunk.message };
  const log = withCorrelation(logger, {
    requestId: chunk.value.requestId,
    sessionId: chunk.value.sessionId,
    action: 'ingestAudio',
  });
  try {
    // The session's logger, so that 'utterance claimed' lines say whose utterance it was.
    const outcome =
      recognitionMode() === 'streaming'
        ? await ingestChunkForFollower({ ...getFollowerDeps(), logger: log }, chunk.value)
        : await ingestChunk({ ...getDeps(), logger: log }, chunk.value);
    return { ok: true, ...outcome };
  } catch (error) {
    const publicError = logHandlerError(log, error, 'chunk ingestion failed');
    return { ok: false, code: publicError.code, message: publicError.message };
  }
}

/**
 * A claimed utterance that waited longer than this for its transcription is dropped, not spoken late:
 * listeners are seconds behind the speaker and have heard later sentences by then. Lambda's own bound
 * (60 s, the least it accepts) sends anything older still to the failure queue.
 */
export const STALE_UTTERANCE_AFTER_MS = 10_000;

const SERVICE = { Service: 'audio-transcription' };

/**
 * `transcribeUtterance`: invoked asynchronously for each claimed utterance. Counts every attempt and
 * every failure (the speaker got `TRANSCRIPTION_FAILED`), for the failure-rate alarm.
 */
export async function transcribeUtteranceHandler(
  event: unknown,
): Promise<TranscriptionOutcome | { kind: 'dropped'; ageMs: number }> {
  const claimed = validateUtteranceClaimedEvent(event);
  if (!claimed.ok) {
    logger.error({ reason: claimed.message }, 'invalid utterance event');
    return { kind: 'failed', reason: claimed.message };
  }
  const deps = getDeps();
  const log = withCorrelation(logger, {
    requestId: claimed.value.requestId,
    sessionId: claimed.value.sessionId,
  });
  const ageMs = deps.clock.now() - claimed.value.timings.assembledAt;
  if (ageMs > STALE_UTTERANCE_AFTER_MS) {
    log.warn({ ageMs, utterance: claimed.value.sequenceNumber }, 'stale utterance dropped');
    emitMetric(log, METRICS_NAMESPACE, 'StaleUtterancesDropped', 1, 'Count', SERVICE);
    return { kind: 'dropped', ageMs };
  }
  const outcome = await transcribeUtterance({ ...deps, logger: log }, claimed.value);
  emitMetric(log, METRICS_NAMESPACE, 'TranscriptionAttempts', 1, 'Count', SERVICE);
  if (outcome.kind === 'failed')
    emitMetric(log, METRICS_NAMESPACE, 'TranscriptionFailures', 1, 'Count', SERVICE);
  return outcome;
}
