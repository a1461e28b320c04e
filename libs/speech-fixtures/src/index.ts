import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Speech for the tools that drive the system as a speaker would (tests, demo, smoke, benchmarks):
// flite's `rms` voice, which pocketsphinx recognises almost word for word, as 16 kHz mono PCM16LE.

/** 16 kHz mono PCM16: bytes per millisecond. */
export const BYTES_PER_MS = 32;

const PCM16_16K = ['-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'];

function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-speech-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Any audio file sox reads as 16 kHz mono PCM16LE, padded with silence before and after.
 *
 * @example
 * const pcm = wavToPcm('talk.wav', { trailingSilenceS: 1.5 });
 */
export function wavToPcm(
  path: string,
  padding: { leadingSilenceS?: number; trailingSilenceS?: number } = {},
): Buffer {
  const pad = ['pad', String(padding.leadingSilenceS ?? 0), String(padding.trailingSilenceS ?? 0)];
  return execFileSync('sox', [path, ...PCM16_16K, ...pad], { maxBuffer: 512 * 1024 * 1024 });
}

/**
 * English speech for a text, with silence after it so the server sees the pause that ends it.
 *
 * @example
 * const pcm = speak('The church meets every Sunday morning.', 1.2);
 */
export function speak(text: string, trailingSilenceS = 1, leadingSilenceS = 0.1): Buffer {
  // flite seeks back to finish the WAV header, so it writes to a file, not a pipe.
  return inTempDir((dir) => {
    const wav = join(dir, 'speech.wav');
    execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
    return wavToPcm(wav, { leadingSilenceS, trailingSilenceS });
  });
}

/** Splits PCM into chunks of `chunkMs` (250 ms = 8000 bytes, what a microphone client sends). */
export function chunks(pcm: Uint8Array, chunkMs = 250): Uint8Array[] {
  const size = BYTES_PER_MS * chunkMs;
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) parts.push(pcm.subarray(offset, offset + size));
  return parts;
}

/**
 * What Apertium gives for a text, spaced as listeners see it: the reference the pipeline's
 * translations must match. Apertium leaves stray spaces around words it dropped ("me  es"); the
 * pipeline shows single spaces and no space before `.` or `,`, and so does this reference.
 */
export function apertium(mode: string, text: string): string {
  // The apertium script reads /dev/stdin by name, which fails on a pipe: give it a file.
  return inTempDir((dir) => {
    const input = join(dir, 'input.txt');
    writeFileSync(input, `${text}\n`);
    return execFileSync('apertium', ['-u', mode, input], { env: { ...process.env, LC_ALL: 'C.UTF-8' } })
      .toString('utf8')
      .replace(/\s+/g, ' ')
      .replace(/ ([.,])/g, '$1')
      .trim();
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
