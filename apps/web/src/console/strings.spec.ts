import { createTranslator } from '../shared/i18n';
import { en } from './strings/en';
import { es } from './strings/es';

describe("the console's catalogs", () => {
  it('has every English key in Spanish, with the same kind of entry and the same placeholders', () => {
    for (const [key, english] of Object.entries(en)) {
      const spanish = es[key];
      expect({ key, present: spanish !== undefined }).toEqual({ key, present: true });
      const placeholders = (entry: unknown) =>
        JSON.stringify(entry)
          .match(/\{\w+\}/g)
          ?.filter((value, index, all) => all.indexOf(value) === index)
          .sort() ?? [];
      expect({ key, placeholders: placeholders(spanish) }).toEqual({
        key,
        placeholders: placeholders(english),
      });
      expect({ key, kind: typeof spanish }).toEqual({ key, kind: typeof english });
    }
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('says "1 listener" and "3 listeners" in English and Spanish', () => {
    const english = createTranslator('en-GB', { en, es });
    const spanish = createTranslator('es-ES', { en, es });

    expect(english.t('audience.count', { count: 1 })).toBe('1 listener');
    expect(english.t('audience.count', { count: 3 })).toBe('3 listeners');
    expect(spanish.t('audience.count', { count: 1 })).toBe('1 oyente');
    expect(spanish.t('audience.count', { count: 3 })).toBe('3 oyentes');
    expect(spanish.t('queued.some', { count: 2.5 })).toBe('2,5 segundos de audio pendientes de enviar');
  });
});
