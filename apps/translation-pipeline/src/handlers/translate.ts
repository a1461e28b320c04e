import { METRICS_NAMESPACE, emitMetric, withCorrelation } from '@lingocast/logging';
import { validateUtteranceTranscribedEvent } from '@lingocast/validation';
import { getDeps, logger } from '../composition';
import { translateUtterance } from '../use-cases/translate-utterance';
import type { UtteranceReport } from '../use-cases/translate-utterance';

/**
 * An utterance handed on longer ago than this is dropped, not spoken late: listeners are seconds
 * behind the speaker and have heard later sentences by then. Lambda's own bound (60 s, the least it
 * accepts) sends anything older still to the failure queue.
 */
export const STALE_UTTERANCE_AFTER_MS = 10_000;

const SERVICE = { Service: 'translation-pipeline' };

/** `translateUtterance`: invoked asynchronously by audio-transcription for each transcribed utterance. */
export async function translateUtteranceHandler(
  event: unknown,
): Promise<UtteranceReport | { invalid: string } | { dropped: 'stale'; ageMs: number }> {
  const utterance = validateUtteranceTranscribedEvent(event);
  if (!utterance.ok) {
    logger.error({ reason: utterance.message }, 'invalid utterance event');
    return { invalid: utterance.message };
  }
  const log = withCorrelation(logger, {
    requestId: utterance.value.requestId,
    sessionId: utterance.value.sessionId,
  });
  const deps = getDeps();
  const ageMs = deps.clock.now() - utterance.value.timings.transcribedAt;
  if (ageMs > STALE_UTTERANCE_AFTER_MS) {
    log.warn({ ageMs, utterance: utterance.value.sequenceNumber }, 'stale utterance dropped');
    emitMetric(log, METRICS_NAMESPACE, 'StaleUtterancesDropped', 1, 'Count', SERVICE);
    return { dropped: 'stale', ageMs };
  }
  const report = await translateUtterance({ ...deps, logger: log }, utterance.value);
  // A language whose translation, synthesis or fan-out failed: its listeners missed this utterance.
  const failed = report.languages.filter((language) => !language.ok).length;
  if (failed > 0) emitMetric(log, METRICS_NAMESPACE, 'LanguageFailures', failed, 'Count', SERVICE);
  return report;
}
