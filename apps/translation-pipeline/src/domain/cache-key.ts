import { createHash } from 'node:crypto';

/** Text as the cache sees it: case, spacing and Unicode form do not make a different entry. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The translation cache key: `source:target:sha256(normalised text)`.
 *
 * @example
 * translationCacheKey('en', 'es', 'Hello  world') === translationCacheKey('en', 'es', 'hello world')
 */
export function translationCacheKey(sourceLanguage: string, targetLanguage: string, text: string): string {
  const digest = createHash('sha256').update(normaliseText(text)).digest('hex');
  return `${sourceLanguage}:${targetLanguage}:${digest}`;
}
