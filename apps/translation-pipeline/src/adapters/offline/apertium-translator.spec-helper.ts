import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Shared setup of the ApertiumTranslator specs (apertium-translator*.spec.ts).

/** A sentence every Apertium pair translates. */
export const SENTENCE = 'The children were playing in the garden with their dog.';

/** The latency benchmark's sentences, with and without final punctuation (speech-to-text gives none). */
export const SENTENCES = [
  'Welcome to the morning service.',
  'The church meets every Sunday morning to pray together.',
  'Please open your books and sing with us.',
  'We thank the Lord for this beautiful day.',
  'The children will meet in the garden after the service.',
  'Please remember the families who are sick this week',
  'We will read from the book of Psalms',
  'Peace be with you and with your family',
  'Save $5 now: 50% off <today> only!',
];

/**
 * Writes an executable shell script standing in for the apertium command, and gives its path.
 *
 * @example
 * const apertiumPath = writeFakeApertium(workDir, 'failing.sh', 'exit 2');
 */
export function writeFakeApertium(workDir: string, name: string, body: string): string {
  const path = join(workDir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
