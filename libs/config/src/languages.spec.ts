import { LANGUAGE_CODE_PATTERN } from '@lingocast/contract';
import { sourceLanguagesOf, targetLanguagesOf } from './languages';

describe('languages of a speech provider', () => {
  it('serves English speech offline, translated to what Apertium reaches from English', () => {
    // Act
    const source = sourceLanguagesOf('offline');
    const target = targetLanguagesOf('offline');

    // Assess
    expect(source).toEqual(['en']);
    expect([...target].sort()).toEqual(['ca', 'en', 'es', 'fr', 'gl', 'it', 'pt']);
  });

  it('serves more languages on AWS than offline', () => {
    // Act
    const source = sourceLanguagesOf('aws');
    const target = targetLanguagesOf('aws');

    // Assess
    expect(source).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de']));
    expect(target.length).toBeGreaterThan(targetLanguagesOf('offline').length);
  });

  it.each([['offline' as const], ['aws' as const]])(
    'lets %s listeners pick the language being spoken, with codes the contract accepts',
    (provider) => {
      // Act
      const source = sourceLanguagesOf(provider);
      const target = targetLanguagesOf(provider);

      // Assess
      const pattern = new RegExp(LANGUAGE_CODE_PATTERN);
      for (const code of [...source, ...target]) expect(code).toMatch(pattern);
      for (const code of source) expect(target).toContain(code);
      expect(new Set(target).size).toBe(target.length);
    },
  );
});
