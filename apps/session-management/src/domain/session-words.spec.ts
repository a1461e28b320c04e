import { ADJECTIVES, BLACKLIST, NOUNS } from './session-words';

function duplicatesOf(words: readonly string[]): string[] {
  return words.filter((word, index) => words.indexOf(word) !== index);
}

describe('session words', () => {
  it('has at least 100 adjectives, none repeated', () => {
    // Assess
    expect(ADJECTIVES.length).toBeGreaterThanOrEqual(100);
    expect(duplicatesOf(ADJECTIVES)).toEqual([]);
  });

  it('has at least 100 nouns, none repeated', () => {
    // Assess
    expect(NOUNS.length).toBeGreaterThanOrEqual(100);
    expect(duplicatesOf(NOUNS)).toEqual([]);
  });

  it('never uses one word as both an adjective and a noun', () => {
    // Prepare
    const nouns = new Set(NOUNS);

    // Act
    const shared = ADJECTIVES.filter((adjective) => nouns.has(adjective));

    // Assess
    expect(shared).toEqual([]);
  });

  it('uses only lowercase ASCII letters, so every id matches the contract pattern', () => {
    // Assess
    expect([...ADJECTIVES, ...NOUNS].filter((word) => !/^[a-z]+$/.test(word))).toEqual([]);
  });

  it('blacklists combinations written as adjective-noun', () => {
    // Assess
    expect(BLACKLIST.filter((entry) => !/^[a-z]+-[a-z]+$/.test(entry))).toEqual([]);
  });
});
