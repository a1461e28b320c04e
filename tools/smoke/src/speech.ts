import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { speak } from '@lingocast/speech-fixtures';

/** Trailing silence after each sentence, so the pipeline's pause detection ends the utterance. */
export const TRAILING_SILENCE_S = 1.2;

/** The file a sentence's speech is packaged in (16 kHz mono PCM16LE). */
export function speechFileName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug}.pcm`;
}

/**
 * The speech of a sentence: from the package's `speech/` folder (made at build time, so an SRE needs
 * no speech synthesiser), else spoken now with flite and sox (running from the repository).
 *
 * @example
 * const pcm = loadSpeech(join(__dirname, 'speech'), 'Please open your books and sing with us.');
 */
export function loadSpeech(speechDir: string, text: string): Uint8Array {
  const file = join(speechDir, speechFileName(text));
  if (existsSync(file)) return readFileSync(file);
  return speak(text, TRAILING_SILENCE_S);
}
