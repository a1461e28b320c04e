function capitalised(name: string, locale: string): string {
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * A language's name as `displayLocale` says it, from Intl.DisplayNames, first letter capitalised
 * for lists (`languageName('es', 'es')` is its own name). Falls back to the code.
 *
 * @example
 * languageName('ca', 'ca'); // 'Català'
 * languageName('ca', 'en'); // 'Catalan'
 */
export function languageName(code: string, displayLocale: string): string {
  try {
    const name = new Intl.DisplayNames([displayLocale], { type: 'language', fallback: 'none' }).of(code);
    return name ? capitalised(name, displayLocale) : code;
  } catch {
    // An invalid code or locale (RangeError) shows the code as given.
    return code;
  }
}
