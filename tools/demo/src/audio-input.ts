import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sentences spoken when no WAV file is given (flite's `rms` voice, which pocketsphinx hears well). */
export const DEFAULT_SCRIPT = [
  'Welcome to the morning service.',
  'The church meets every Sunday morning to pray together.',
  'Please open your books and sing with us.',
];

/** Speaks the sentences with flite into a WAV file, with a pause between them; returns its path. */
export function synthesiseScript(sentences: readonly string[], folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-demo-'));
  try {
    const parts = sentences.map((sentence, index) => {
      const raw = join(dir, `sentence-${index}.wav`);
      execFileSync('flite', ['-voice', 'rms', '-t', sentence, '-o', raw]);
      const padded = join(dir, `padded-${index}.wav`);
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', padded, 'pad', '0.2', '1.0']);
      return padded;
    });
    const output = join(folder, 'speaker.wav');
    execFileSync('sox', [...parts, output]);
    return output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
