import { withCorrelation } from '@lingocast/logging';
import { validateUtteranceTranscribedEvent } from '@lingocast/validation';
import { getDeps, logger } from '../composition';
import { translateUtterance } from '../use-cases/translate-utterance';
import type { UtteranceReport } from '../use-cases/translate-utterance';

/** `translateUtterance`: invoked asynchronously by audio-transcription for each transcribed utterance. */
export async function translateUtteranceHandler(
  event: unknown,
): Promise<UtteranceReport | { invalid: string }> {
  const utterance = validateUtteranceTranscribedEvent(event);
  if (!utterance.ok) {
    logger.error({ reason: utterance.message }, 'invalid utterance event');
    return { invalid: utterance.message };
  }
  const log = withCorrelation(logger, {
    requestId: utterance.value.requestId,
    sessionId: utterance.value.sessionId,
  });
  return translateUtterance({ ...getDeps(), logger: log }, utterance.value);
}
