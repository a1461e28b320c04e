import type { Catalog } from './i18n';
import { createTranslator, directionOf, pickLocale } from './i18n';

const catalogs: Record<string, Catalog> = {
  en: {
    hello: 'Hello, {name}',
    behind: { one: '{count} second behind', other: '{count} seconds behind' },
    onlyEnglish: 'Only in English',
  },
  es: {
    hello: 'Hola, {name}',
    behind: { one: '{count} segundo de retraso', other: '{count} segundos de retraso' },
  },
  ar: { hello: 'مرحبا {name}' },
  pl: {
    files: { one: '{count} plik', few: '{count} pliki', many: '{count} plików', other: '{count} pliku' },
  },
};

describe('pickLocale', () => {
  it('takes an exact match first', () => {
    expect(pickLocale(['pt-BR', 'pt'], ['pt', 'pt-BR'])).toBe('pt-BR');
  });

  it('matches a regional preference to its language', () => {
    expect(pickLocale(['es-ES', 'en'], ['en', 'es'])).toBe('es');
  });

  it('matches a language to one of its regional variants', () => {
    expect(pickLocale(['pt'], ['en', 'pt-BR'])).toBe('pt-BR');
  });

  it('follows the order of preference', () => {
    expect(pickLocale(['de-DE', 'fr-CA', 'es'], ['en', 'es', 'fr'])).toBe('fr');
  });

  it('is case-insensitive', () => {
    expect(pickLocale(['EN-gb'], ['en'])).toBe('en');
  });

  it('falls back to the given fallback, else the first available', () => {
    expect(pickLocale(['ja'], ['en', 'es'], 'es')).toBe('es');
    expect(pickLocale(['ja'], ['ca', 'es'])).toBe('ca');
    expect(pickLocale([], [])).toBe('en');
  });
});

describe('directionOf', () => {
  it.each([
    ['ar', 'rtl'],
    ['he-IL', 'rtl'],
    ['fa', 'rtl'],
    ['en', 'ltr'],
    ['es-ES', 'ltr'],
  ])('%s is %s', (locale, direction) => {
    expect(directionOf(locale)).toBe(direction);
  });

  it('treats an invalid tag as left to right', () => {
    expect(directionOf('not a locale!')).toBe('ltr');
  });
});

describe('createTranslator', () => {
  it('picks the catalog for a regional locale and fills placeholders', () => {
    const translator = createTranslator('es-ES', catalogs);
    expect(translator.locale).toBe('es');
    expect(translator.dir).toBe('ltr');
    expect(translator.t('hello', { name: 'Ana' })).toBe('Hola, Ana');
  });

  it('chooses plural forms by count', () => {
    const { t } = createTranslator('en', catalogs);
    expect(t('behind', { count: 1 })).toBe('1 second behind');
    expect(t('behind', { count: 5 })).toBe('5 seconds behind');
    expect(t('behind', { count: 0 })).toBe('0 seconds behind');
  });

  it('uses the language’s own plural rules', () => {
    const { t } = createTranslator('pl', catalogs);
    expect(t('files', { count: 1 })).toBe('1 plik');
    expect(t('files', { count: 3 })).toBe('3 pliki');
    expect(t('files', { count: 5 })).toBe('5 plików');
  });

  it('formats numbers for the locale', () => {
    const { t } = createTranslator('es', catalogs);
    expect(t('behind', { count: 1500 })).toBe('1500 segundos de retraso');
    expect(createTranslator('en', catalogs).t('behind', { count: 1500 })).toBe('1,500 seconds behind');
  });

  it('falls back to the fallback catalog, then to the key', () => {
    const { t } = createTranslator('es', catalogs);
    expect(t('onlyEnglish')).toBe('Only in English');
    expect(t('missing.key')).toBe('missing.key');
  });

  it('uses the fallback language for an unknown locale and leaves unknown placeholders', () => {
    const translator = createTranslator('ja-JP', catalogs);
    expect(translator.locale).toBe('en');
    expect(translator.t('hello')).toBe('Hello, {name}');
  });

  it('treats a plural without count as zero', () => {
    expect(createTranslator('en', catalogs).t('behind')).toBe('{count} seconds behind');
  });

  it('sets right-to-left for Arabic', () => {
    const translator = createTranslator('ar-EG', catalogs);
    expect(translator.locale).toBe('ar');
    expect(translator.dir).toBe('rtl');
  });
});
