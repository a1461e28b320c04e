import { normaliseWords, wordEditDistance, wordErrorRate } from './word-error';

describe('normaliseWords', () => {
  it('lower-cases, drops punctuation and keeps apostrophes inside words', () => {
    expect(normaliseWords("  Mister John's  power, to do -- for THEM! ")).toEqual([
      'mister',
      "john's",
      'power',
      'to',
      'do',
      'for',
      'them',
    ]);
  });

  it('gives no words for empty or punctuation-only text', () => {
    expect(normaliseWords('')).toEqual([]);
    expect(normaliseWords(" ... ' ! ")).toEqual([]);
  });
});

describe('wordEditDistance', () => {
  it('is 0 for the same words', () => {
    expect(wordEditDistance(['ten', 'of', 'clubs'], ['ten', 'of', 'clubs'])).toBe(0);
  });

  it('counts a substitution, a deletion and an insertion as one error each', () => {
    expect(wordEditDistance(['ten', 'of', 'clubs'], ['two', 'of', 'clubs'])).toBe(1);
    expect(wordEditDistance(['ten', 'of', 'clubs'], ['ten', 'clubs'])).toBe(1);
    expect(wordEditDistance(['ten', 'of', 'clubs'], ['ten', 'of', 'the', 'clubs'])).toBe(1);
  });

  it('counts every reference word against an empty hypothesis, and every word of a hypothesis without reference', () => {
    expect(wordEditDistance(['five', 'five'], [])).toBe(2);
    expect(wordEditDistance([], ['five', 'five', 'five'])).toBe(3);
  });

  it('finds the cheapest alignment, not the position-by-position count', () => {
    // Shifted by one word: one deletion at the start and one insertion at the end, not four substitutions.
    expect(wordEditDistance(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'])).toBe(2);
  });
});

describe('wordErrorRate', () => {
  it('sums errors and reference words over the recordings', () => {
    expect(
      wordErrorRate([
        { reference: 'Ten of clubs.', hypothesis: 'ten clubs' },
        { reference: 'five five', hypothesis: 'five five' },
      ]),
    ).toEqual({ errors: 1, words: 5, rate: 0.2 });
  });

  it('can exceed 1 when the recogniser inserts more words than were said', () => {
    expect(wordErrorRate([{ reference: 'yes', hypothesis: 'no no no' }]).rate).toBe(3);
  });

  it('is NaN without reference words', () => {
    expect(wordErrorRate([]).rate).toBeNaN();
  });
});
