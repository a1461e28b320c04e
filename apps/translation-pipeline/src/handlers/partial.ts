import { withCorrelation } from '@lingocast/logging';
import { validateUtterancePartialEvent } from '@lingocast/validation';
import { getPartialDeps, logger } from '../composition';
import { fanOutPartial } from '../use-cases/fan-out-partial';
import type { PartialReport } from '../use-cases/fan-out-partial';

/**
 * A partial emitted longer ago than this is dropped, not posted: partials come about three times a
 * second, so a later one (or the utterance's final `transcript`) has replaced it by then.
 */
export const STALE_PARTIAL_AFTER_MS = 3_000;

/**
 * `fanOutPartial`: invoked asynchronously by audio-transcription with the words heard so far of the
 * utterance in progress; posts them to the listeners who asked for live captions. An invalid or
 * stale event is logged and dropped; nothing is ever thrown (a retried partial would only be late).
 */
export async function fanOutPartialHandler(
  event: unknown,
): Promise<PartialReport | { invalid: string } | { dropped: 'stale'; ageMs: number }> {
  const partial = validateUtterancePartialEvent(event);
  if (!partial.ok) {
    logger.error({ reason: partial.message }, 'invalid partial event');
    return { invalid: partial.message };
  }
  const log = withCorrelation(logger, {
    requestId: partial.value.requestId,
    sessionId: partial.value.sessionId,
  });
  const deps = getPartialDeps();
  const ageMs = deps.clock.now() - partial.value.emittedAt;
  if (ageMs > STALE_PARTIAL_AFTER_MS) {
    log.info({ ageMs, utterance: partial.value.sequenceNumber }, 'stale partial dropped');
    return { dropped: 'stale', ageMs };
  }
  const report = await fanOutPartial({ ...deps, logger: log }, partial.value);
  log.debug({ utterance: partial.value.sequenceNumber, ...report }, 'partial delivered');
  return report;
}
