import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * English speech for tests: flite's `rms` voice (which pocketsphinx recognises well), as 16 kHz mono
 * PCM16LE with `trailingSilenceS` of silence after it so the server sees the pause.
 */
export function speak(text: string, trailingSilenceS = 1): Buffer {
  // flite seeks back to finish the WAV header, so it writes to a file, not a pipe.
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-speech-'));
  try {
    const wav = join(dir, 'speech.wav');
    execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
    return execFileSync(
      'sox',
      [
        wav,
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
        '0.1',
        String(trailingSilenceS),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What Apertium gives for a text (the reference the pipeline must match). */
export function apertium(mode: string, text: string): string {
  // The apertium script reads /dev/stdin by name, which fails on a pipe: give it a file.
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-apertium-'));
  try {
    const input = join(dir, 'input.txt');
    writeFileSync(input, `${text}\n`);
    return execFileSync('apertium', ['-u', mode, input], { env: { ...process.env, LC_ALL: 'C.UTF-8' } })
      .toString('utf8')
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits PCM into chunks of `chunkMs` (16 kHz mono PCM16: 32 bytes per ms). */
export function chunks(pcm: Buffer, chunkMs = 250): Buffer[] {
  const size = 32 * chunkMs;
  const parts: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) parts.push(pcm.subarray(offset, offset + size));
  return parts;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
