import { normaliseText, translationCacheKey } from './cache-key';

describe('normaliseText', () => {
  it.each([
    ['  Hello   World  ', 'hello world'],
    ['Line one\nline\ttwo', 'line one line two'],
    ['ÉGLISE', 'église'],
    ['Cafe\u0301', 'café'],
  ])('normalises %j to %j', (text, expected) => {
    // Act
    const normalised = normaliseText(text);

    // Assess
    expect(normalised).toBe(expected);
  });
});

describe('translationCacheKey', () => {
  it('has the form source:target:sha256', () => {
    // Act
    const key = translationCacheKey('en', 'es', 'Grace and peace');

    // Assess
    expect(key).toMatch(/^en:es:[0-9a-f]{64}$/);
  });

  it('gives the same key whatever the case, spacing or Unicode form', () => {
    // Prepare
    const variants = ['Café du monde', 'café  du monde', '  CAFÉ DU MONDE ', 'Cafe\u0301 du\tmonde'];

    // Act
    const keys = new Set(variants.map((text) => translationCacheKey('fr', 'en', text)));

    // Assess
    expect(keys.size).toBe(1);
  });

  it('gives different keys for different text', () => {
    // Act
    const first = translationCacheKey('en', 'es', 'blessed are the meek');
    const second = translationCacheKey('en', 'es', 'blessed are the poor');

    // Assess
    expect(first).not.toBe(second);
  });

  it('keeps punctuation, which can change a translation', () => {
    // Act
    const statement = translationCacheKey('en', 'es', 'he is risen.');
    const question = translationCacheKey('en', 'es', 'he is risen?');

    // Assess
    expect(statement).not.toBe(question);
  });

  it('tells language pairs and directions apart', () => {
    // Act
    const keys = new Set([
      translationCacheKey('en', 'es', 'amen'),
      translationCacheKey('es', 'en', 'amen'),
      translationCacheKey('en', 'fr', 'amen'),
    ]);

    // Assess
    expect(keys.size).toBe(3);
  });
});
