import { createTranslator } from '../../shared/i18n';
import { en } from './en';
import { listenerCatalogs } from './index';

const REQUIRED = ['en', 'es', 'ca', 'gl', 'pt', 'fr', 'it'];

describe('listener catalogs', () => {
  it.each(REQUIRED)('has a %s catalog', (code) => {
    expect(listenerCatalogs[code]).toBeDefined();
  });

  it.each(Object.keys(listenerCatalogs))(
    '%s has every key, plurals where English has them, and the same placeholders',
    (code) => {
      const catalog = listenerCatalogs[code] ?? {};
      for (const [key, english] of Object.entries(en)) {
        const entry = catalog[key];
        expect(entry).toBeDefined();
        expect(typeof entry).toBe(typeof english);
        const placeholders = (text: string) =>
          (text.match(/\{\w+\}/g) ?? []).filter((p) => p !== '{count}').sort();
        const englishText = typeof english === 'string' ? english : english.other;
        const own = typeof entry === 'string' ? entry : (entry?.other ?? '');
        expect([key, placeholders(own)]).toEqual([key, placeholders(englishText)]);
      }
    },
  );

  it('says seconds behind with the right plural in each language', () => {
    expect(createTranslator('en', listenerCatalogs).t('behind', { count: 1 })).toBe('1 second behind');
    expect(createTranslator('en', listenerCatalogs).t('behind', { count: 5 })).toBe('5 seconds behind');
    expect(createTranslator('es-ES', listenerCatalogs).t('behind', { count: 1 })).toBe(
      '1 segundo de retraso',
    );
    expect(createTranslator('fr', listenerCatalogs).t('behind', { count: 0 })).toBe('0 seconde de retard');
    expect(createTranslator('fr', listenerCatalogs).t('behind', { count: 2 })).toBe('2 secondes de retard');
    expect(createTranslator('ar', listenerCatalogs).t('behind', { count: 2 })).toBe('متأخر ثانيتين');
  });

  it('says what a drop made the listener miss, each count with its own plural', () => {
    const say = (locale: string, seconds: number, sentences: number) => {
      const { t } = createTranslator(locale, listenerCatalogs);
      return t('missed.notice', {
        duration: t('missed.seconds', { count: seconds }),
        sentences: t('missed.sentences', { count: sentences }),
      });
    };
    expect(say('en', 40, 8)).toBe(
      'The connection dropped: you missed about 40 seconds (8 sentences). That part is no longer available.',
    );
    expect(say('es', 5, 1)).toBe(
      'Se cortó la conexión: te perdiste unos 5 segundos (1 frase). Esa parte ya no está disponible.',
    );
    expect(createTranslator('fr', listenerCatalogs).t('missed.minutes', { count: 1 })).toBe('1 minute');
    expect(createTranslator('ar', listenerCatalogs).t('missed.sentences', { count: 2 })).toBe('جملتين');
    expect(createTranslator('ar', listenerCatalogs).t('missed.seconds', { count: 5 })).toBe('5 ثوانٍ');
  });

  it.each(Object.keys(listenerCatalogs).filter((code) => code !== 'en'))(
    '%s says live captions in its own words, not English ones',
    (code) => {
      const catalog = listenerCatalogs[code] ?? {};
      for (const key of [
        'liveCaptions.label',
        'liveCaptions.hint',
        'liveCaptions.now',
        'notice.liveCaptionsFailed',
      ])
        expect([key, catalog[key]]).not.toEqual([key, en[key as keyof typeof en]]);
    },
  );

  it('is right to left in Arabic', () => {
    expect(createTranslator('ar', listenerCatalogs).dir).toBe('rtl');
  });
});
