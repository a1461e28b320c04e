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

/** Any WAV (or other format sox reads) as 16 kHz mono PCM16LE, with trailing silence so the last utterance ends. */
export function wavToPcm(path: string, trailingSilenceS = 1.5): Buffer {
  return execFileSync(
    'sox',
    [
      path,
      '-t',
      'raw',
      '-r',
      '16000',
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-',
      'pad',
      '0',
      String(trailingSilenceS),
    ],
    { maxBuffer: 512 * 1024 * 1024 },
  );
}

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

/** Splits PCM into real-time chunks of `chunkMs` at 16 kHz mono PCM16 (32 bytes per ms). */
export function toChunks(pcm: Buffer, chunkMs: number): Buffer[] {
  const size = 32 * chunkMs;
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) chunks.push(pcm.subarray(offset, offset + size));
  return chunks;
}
