import { SESSION_ID_PATTERN } from '@lingocast/contract';
import { generateSessionId, SESSION_ID_SPACE } from './session-id';
import type { RandomInt } from './session-id';
import { ADJECTIVES, BLACKLIST, NOUNS } from './session-words';

/** A deterministic pseudo-random source (LCG), so failures reproduce. */
function seededRandom(seed: number): RandomInt {
  let state = seed >>> 0;
  return (maxExclusive) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % maxExclusive;
  };
}

/** Returns the scripted values in order, then zeros. */
function scriptedRandom(values: number[]): RandomInt {
  let index = 0;
  return () => values[index++] ?? 0;
}

describe('generateSessionId', () => {
  it('produces ids matching the contract pattern adjective-noun-100..999', () => {
    // Prepare
    const random = seededRandom(42);
    const pattern = new RegExp(SESSION_ID_PATTERN);

    // Act
    const ids = Array.from({ length: 5000 }, () => generateSessionId(random));

    // Assess
    expect(ids.filter((id) => !pattern.test(id))).toEqual([]);
    expect(ids.filter((id) => !/^[a-z]+-[a-z]+-[1-9][0-9]{2}$/.test(id))).toEqual([]);
  });

  it('builds the id from the words and number the random source picks', () => {
    // Prepare
    const random = scriptedRandom([0, 0, 327]);

    // Act
    const id = generateSessionId(random);

    // Assess
    expect(id).toBe(`${ADJECTIVES[0]}-${NOUNS[0]}-427`);
  });

  it('covers the number range from 100 to 999 inclusive', () => {
    // Act
    const lowest = generateSessionId(scriptedRandom([0, 0, 0]));
    const highest = generateSessionId(scriptedRandom([0, 0, 899]));

    // Assess
    expect(lowest).toMatch(/-100$/);
    expect(highest).toMatch(/-999$/);
  });

  it('draws again instead of producing a blacklisted combination', () => {
    // Prepare
    const [blockedAdjective, blockedNoun] = 'lowly-lamb'.split('-');
    const random = scriptedRandom([
      ADJECTIVES.indexOf(blockedAdjective ?? ''),
      NOUNS.indexOf(blockedNoun ?? ''),
      ADJECTIVES.indexOf('golden'),
      NOUNS.indexOf('eagle'),
      327,
    ]);

    // Act
    const id = generateSessionId(random);

    // Assess
    expect(BLACKLIST).toContain('lowly-lamb');
    expect(id).toBe('golden-eagle-427');
  });

  it('never produces a blacklisted combination over many draws', () => {
    // Prepare
    const random = seededRandom(7);
    const blacklist = new Set(BLACKLIST);

    // Act
    const ids = Array.from({ length: 20000 }, () => generateSessionId(random));

    // Assess
    expect(ids.filter((id) => blacklist.has(id.replace(/-\d+$/, '')))).toEqual([]);
  });

  it('refuses a random source that answers out of range', () => {
    // Prepare
    const random: RandomInt = (maxExclusive) => maxExclusive;

    // Act
    const act = () => generateSessionId(random);

    // Assess
    expect(act).toThrow(RangeError);
  });

  it('offers at least 100 × 100 × 900 distinct ids', () => {
    // Assess
    expect(SESSION_ID_SPACE).toBeGreaterThanOrEqual(100 * 100 * 900);
  });
});
