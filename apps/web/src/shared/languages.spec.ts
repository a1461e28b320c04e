import { languageName } from './languages';

describe('languageName', () => {
  it('gives a language its own name, capitalised', () => {
    expect(languageName('es', 'es')).toBe('Español');
    expect(languageName('ca', 'ca')).toBe('Català');
    expect(languageName('fr', 'fr')).toBe('Français');
  });

  it('names a language in another display language', () => {
    expect(languageName('ca', 'en')).toBe('Catalan');
    expect(languageName('de', 'es')).toBe('Alemán');
  });

  it('falls back to the code when Intl has no name or the code is invalid', () => {
    expect(languageName('qaa', 'en')).toBe('qaa');
    expect(languageName('not a code', 'en')).toBe('not a code');
  });
});
