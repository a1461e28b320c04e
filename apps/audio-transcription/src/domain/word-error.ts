// Word error of a transcript against its reference, as speech recognition benchmarks count it.

/**
 * The words of a transcript for scoring: lower case, punctuation dropped (apostrophes inside words kept).
 *
 * @example
 * normaliseWords('Ten of Clubs!') // ['ten', 'of', 'clubs']
 */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word.length > 0);
}

/**
 * Word-level edit distance: the fewest substitutions, deletions and insertions turning `reference`
 * into `hypothesis`.
 *
 * @example
 * wordEditDistance(['ten', 'of', 'clubs'], ['ten', 'clubs']) // 1
 */
export function wordEditDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  // One row of the dynamic-programming table at a time: memory grows with the hypothesis only.
  let row = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= hypothesis.length; j += 1) {
      const substitution = (row[j - 1] ?? 0) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, substitution));
    }
    row = next;
  }
  return row[hypothesis.length] ?? 0;
}

/** Errors and reference words over a set of recordings; the rate is errors / words. */
export interface WordErrorTally {
  errors: number;
  words: number;
  /** errors / words, 0…(can exceed 1 with many insertions); NaN for no reference words. */
  rate: number;
}

/**
 * Word error rate over pairs of reference and recognised text, both normalised by {@link normaliseWords}.
 *
 * @example
 * wordErrorRate([{ reference: 'Ten of clubs.', hypothesis: 'ten clubs' }]) // { errors: 1, words: 3, rate: 1/3 }
 */
export function wordErrorRate(
  pairs: ReadonlyArray<{ reference: string; hypothesis: string }>,
): WordErrorTally {
  let errors = 0;
  let words = 0;
  for (const { reference, hypothesis } of pairs) {
    const referenceWords = normaliseWords(reference);
    errors += wordEditDistance(referenceWords, normaliseWords(hypothesis));
    words += referenceWords.length;
  }
  return { errors, words, rate: words === 0 ? Number.NaN : errors / words };
}
