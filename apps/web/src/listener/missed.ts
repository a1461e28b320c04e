// How much of the talk a listener missed (utterances that left the server's replay window), in the
// words the page shows: "about 40 seconds (8 sentences)".
import type { Caption } from './state-types';

/** Seconds one utterance takes when the page has too few captions to tell (the soak: 370 in 30 min). */
export const DEFAULT_SECONDS_PER_UTTERANCE = 5;
/** Captions, newest first, whose timestamps give the talk's pace. */
const PACE_SAMPLE = 20;

/**
 * Roughly how many seconds of talk `count` missed utterances were: `count` times the pace of the
 * latest captions (server timestamps over utterance numbers, pauses included), else 5 s each.
 *
 * @example
 * estimateMissedSeconds([], 8); // 40
 */
export function estimateMissedSeconds(captions: readonly Caption[], count: number): number {
  const timed = captions.filter((caption) => caption.sentAt !== undefined).slice(-PACE_SAMPLE);
  const first = timed[0];
  const last = timed[timed.length - 1];
  let perUtterance = DEFAULT_SECONDS_PER_UTTERANCE;
  if (first && last && last.sequenceNumber > first.sequenceNumber) {
    const pace =
      ((last.sentAt ?? 0) - (first.sentAt ?? 0)) / 1000 / (last.sequenceNumber - first.sequenceNumber);
    // A clock step or a long pause must not say "you missed an hour": keep it to a sentence's length.
    if (Number.isFinite(pace) && pace > 0) perUtterance = Math.min(20, Math.max(2, pace));
  }
  return Math.round(count * perUtterance);
}

/** A duration as the page says it: whole minutes from 90 s, else seconds to the nearest 5 (at least 5). */
export interface SpokenDuration {
  unit: 'seconds' | 'minutes';
  count: number;
}

/**
 * The duration in the unit and rounding a person expects from "about …".
 *
 * @example
 * spokenDuration(38); // { unit: 'seconds', count: 40 }
 * spokenDuration(200); // { unit: 'minutes', count: 3 }
 */
export function spokenDuration(seconds: number): SpokenDuration {
  if (seconds >= 90) return { unit: 'minutes', count: Math.round(seconds / 60) };
  return { unit: 'seconds', count: Math.max(5, Math.round(seconds / 5) * 5) };
}
