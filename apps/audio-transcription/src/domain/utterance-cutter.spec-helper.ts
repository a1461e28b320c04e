import type { CutterSettings, StoredChunkSummary } from './utterance-cutter';

// Shared setup of the utterance cutter specs (utterance-cutter*.spec.ts).

/** A fixed 500 ms pause, 2 s utterances at most, a missing chunk given up on after 3 s. */
export const SETTINGS: CutterSettings = { pauseMs: 500, maxUtteranceMs: 2_000, gapTimeoutMs: 3_000 };
/** The time the cutter runs at, and by default when each chunk was received. */
export const NOW = 1_000_000;
/** A cut while the speaker is still talking (no flush). */
export const live = { flush: false, nowMs: NOW };

/**
 * A 250 ms chunk with speech; silence before/after the speech as given.
 *
 * @example
 * speech(1, { trailing: 300 }); // 300 ms of silence at its end
 */
export function speech(
  sequenceNumber: number,
  silenceMs: { leading?: number; trailing?: number } = {},
  receivedAt = NOW,
): StoredChunkSummary {
  return {
    sequenceNumber,
    receivedAt,
    durationMs: 250,
    hasSpeech: true,
    leadingSilenceMs: silenceMs.leading ?? 0,
    trailingSilenceMs: silenceMs.trailing ?? 0,
  };
}

/**
 * A 250 ms chunk without speech.
 *
 * @example
 * quiet(2, NOW - 1_000); // received a second ago
 */
export function quiet(sequenceNumber: number, receivedAt = NOW): StoredChunkSummary {
  return {
    sequenceNumber,
    receivedAt,
    durationMs: 250,
    hasSpeech: false,
    leadingSilenceMs: 250,
    trailingSilenceMs: 250,
  };
}
