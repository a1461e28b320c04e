import { ADJECTIVES, BLACKLIST, NOUNS } from './session-words';

/** Source of randomness, injected so ids are reproducible in tests. */
export type RandomInt = (maxExclusive: number) => number;

const blacklist = new Set(BLACKLIST);

function pick<T>(items: readonly T[], random: RandomInt): T {
  const item = items[random(items.length)];
  if (item === undefined) throw new RangeError('random index out of range');
  return item;
}

/**
 * A readable session id: `{adjective}-{noun}-{100..999}`, never a blacklisted combination.
 *
 * @example
 * generateSessionId((n) => crypto.randomInt(n)) // 'golden-eagle-427'
 */
export function generateSessionId(random: RandomInt): string {
  for (;;) {
    const adjective = pick(ADJECTIVES, random);
    const noun = pick(NOUNS, random);
    if (blacklist.has(`${adjective}-${noun}`)) continue;
    return `${adjective}-${noun}-${100 + random(900)}`;
  }
}

/** How many distinct ids the lists can produce (for capacity planning and docs). */
export const SESSION_ID_SPACE = ADJECTIVES.length * NOUNS.length * 900;
