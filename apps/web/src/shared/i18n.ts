/** A message with plural forms, chosen by `params.count` through Intl.PluralRules. */
export type PluralForms = { [rule in Intl.LDMLPluralRule]?: string } & { other: string };
/** One language's messages, by key. */
export type Catalog = Record<string, string | PluralForms>;

export interface Translator {
  /** The catalog's locale actually used (e.g. `es` for a browser asking `es-ES`). */
  locale: string;
  /** The writing direction, for `<html dir>`. */
  dir: 'ltr' | 'rtl';
  t(key: string, params?: Record<string, string | number>): string;
}

// Languages written right to left, for browsers without Intl.Locale text info.
const RTL_LANGUAGES = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ks',
  'ps',
  'sd',
  'ug',
  'ur',
  'yi',
]);

function primary(locale: string): string {
  return locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/**
 * The direction a locale is written in.
 *
 * @example
 * directionOf('ar-EG'); // 'rtl'
 */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      textInfo?: { direction?: string };
      getTextInfo?: () => { direction?: string };
    };
    const direction = info.getTextInfo?.().direction ?? info.textInfo?.direction;
    if (direction === 'rtl' || direction === 'ltr') return direction;
  } catch {
    // An invalid tag falls through to the list.
  }
  return RTL_LANGUAGES.has(primary(locale)) ? 'rtl' : 'ltr';
}

/**
 * The best of `available` for someone who prefers `preferred` (in order): an exact match, else the
 * same language (`es-ES` → `es`, `pt` → `pt-BR`), else `fallback` (default: the first available).
 *
 * @example
 * pickLocale(['es-ES', 'en'], ['en', 'es']); // 'es'
 */
export function pickLocale(
  preferred: readonly string[],
  available: readonly string[],
  fallback?: string,
): string {
  const lower = available.map((code) => code.toLowerCase());
  for (const wanted of preferred) {
    const exact = lower.indexOf(wanted.toLowerCase());
    if (exact >= 0) return available[exact] as string;
    const language = primary(wanted);
    const same = lower.indexOf(language);
    if (same >= 0) return available[same] as string;
    const sibling = lower.findIndex((code) => primary(code) === language);
    if (sibling >= 0) return available[sibling] as string;
  }
  return fallback ?? available[0] ?? 'en';
}

function interpolate(
  template: string,
  params: Record<string, string | number>,
  format: Intl.NumberFormat,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? format.format(value) : value;
  });
}

/**
 * A translator for `locale` over `catalogs` (one per language code). A key missing from the locale's
 * catalog comes from the `fallback` catalog (default `en`), then is shown as the key itself.
 *
 * @example
 * const { t } = createTranslator('es-ES', { en: { behind: { one: '{count} second behind', other: '{count} seconds behind' } } });
 * t('behind', { count: 5 }); // '5 seconds behind' (from the English fallback)
 */
export function createTranslator(
  locale: string,
  catalogs: Record<string, Catalog>,
  fallback = 'en',
): Translator {
  const chosen = pickLocale([locale], Object.keys(catalogs), fallback);
  const catalog = catalogs[chosen] ?? {};
  const fallbackCatalog = catalogs[fallback] ?? {};
  const plurals = new Intl.PluralRules(chosen);
  const fallbackPlurals = new Intl.PluralRules(fallback);
  const numbers = new Intl.NumberFormat(chosen);
  return {
    locale: chosen,
    dir: directionOf(chosen),
    t(key, params = {}) {
      const own = catalog[key];
      const entry = own ?? fallbackCatalog[key];
      if (entry === undefined) return key;
      if (typeof entry === 'string') return interpolate(entry, params, numbers);
      const rules = own === undefined ? fallbackPlurals : plurals;
      const count = Number(params['count'] ?? 0);
      const form = entry[rules.select(count)] ?? entry.other;
      return interpolate(form, params, numbers);
    },
  };
}
