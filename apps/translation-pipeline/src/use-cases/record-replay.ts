import type { ServerMessage, TranscriptMessage } from '@lingocast/contract';
import { METRICS_NAMESPACE, emitMetric } from '@lingocast/logging';
import type { ReplayRecordOutcome } from '@lingocast/session-data';
import type { Deps } from './deps';

/** What recording an utterance for replay came to; `failed` is logged and counted, never thrown. */
export type ReplayOutcome = ReplayRecordOutcome | 'failed';

/**
 * Records one language's utterance for replay: the caption and the `translatedAudio` frames as the
 * gateway posts them (JSON text). Run beside the fan-out and awaited before the invocation ends; a
 * failure is logged with the metric `ReplayRecordFailed` and never fails the utterance.
 *
 * @example
 * const recording = recordReplay(deps, caption, audioMessages); // … await recording before returning
 */
export async function recordReplay(
  deps: Deps,
  caption: TranscriptMessage,
  audio: readonly ServerMessage[],
): Promise<ReplayOutcome | undefined> {
  if (!deps.replay) return undefined;
  const recordedAt = deps.clock.now();
  try {
    const outcome = await deps.replay.record(
      {
        sessionId: caption.sessionId,
        language: caption.targetLanguage,
        sequenceNumber: caption.sequenceNumber,
        caption,
        ...(audio.length > 0 ? { audioFrames: audio.map((message) => JSON.stringify(message)) } : {}),
        recordedAt,
      },
      recordedAt,
    );
    if (outcome === 'captionOnly') {
      deps.logger.warn(
        { language: caption.targetLanguage, utterance: caption.sequenceNumber, frames: audio.length },
        'utterance too large to keep its audio for replay; kept its caption',
      );
    }
    return outcome;
  } catch (error) {
    deps.logger.error(
      { err: error, language: caption.targetLanguage, utterance: caption.sequenceNumber },
      'could not record the utterance for replay',
    );
    emitMetric(deps.logger, METRICS_NAMESPACE, 'ReplayRecordFailed', 1, 'Count', {
      Service: 'translation-pipeline',
    });
    return 'failed';
  }
}

/**
 * Notes the session's newest utterance number (every utterance, listened to or not), so a listener
 * greeted before it and dropped before hearing it can still replay it. Best effort: a failure is
 * logged and counted as `ReplayRecordFailed` (the same loss waiting for a drop), never thrown.
 *
 * @example
 * const noted = noteUtterance(deps, event.sessionId, event.sequenceNumber); // … await noted before returning
 */
export async function noteUtterance(deps: Deps, sessionId: string, sequenceNumber: number): Promise<void> {
  if (!deps.replay) return;
  try {
    await deps.replay.noteUtterance(sessionId, sequenceNumber, deps.clock.now());
  } catch (error) {
    deps.logger.error(
      { err: error, utterance: sequenceNumber },
      "could not note the session's newest utterance for replay",
    );
    emitMetric(deps.logger, METRICS_NAMESPACE, 'ReplayRecordFailed', 1, 'Count', {
      Service: 'translation-pipeline',
    });
  }
}
