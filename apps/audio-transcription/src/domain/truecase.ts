/** Words English always capitalises; recognisers emit everything in lower case. */
const ALWAYS_CAPITALISED = new Map(
  [
    'i',
    "i'm",
    "i've",
    "i'll",
    "i'd",
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'january',
    'february',
    'march',
    'april',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
    'god',
    'jesus',
    'christ',
    'lord',
    'bible',
    'christmas',
    'easter',
    'pentecost',
    'israel',
    'jerusalem',
    'english',
  ].map((word) => [word, word.charAt(0).toUpperCase() + word.slice(1)]),
);

/**
 * Restores the capitals a lower-case transcript lost: the first word, "I", days, months and a few
 * names. Translation engines need them (Apertium leaves "sunday" untranslated but knows "Sunday").
 *
 * @example
 * truecase('the church meets every sunday') // 'The church meets every Sunday'
 */
export function truecase(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  return words
    .map((word, index) => {
      const known = ALWAYS_CAPITALISED.get(word.toLowerCase());
      if (known) return known;
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    })
    .join(' ');
}
