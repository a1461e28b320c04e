import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 16 kHz mono PCM16: bytes per millisecond. */
export const BYTES_PER_MS = 32;

/**
 * English speech from flite's `rms` voice (which pocketsphinx recognises well) as 16 kHz mono
 * PCM16LE, with trailing silence so the server sees the end of the utterance.
 */
export function speak(text: string, trailingSilenceS = 1.2): Buffer {
  // flite seeks back to finish the WAV header, so it writes to a file, not a pipe.
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-smoke-'));
  try {
    const wav = join(dir, 'speech.wav');
    execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
    return execFileSync(
      'sox',
      [wav, '-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'].concat([
        'pad',
        '0.1',
        String(trailingSilenceS),
      ]),
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits PCM into chunks of `chunkMs`. */
export function chunks(pcm: Uint8Array, chunkMs = 250): Uint8Array[] {
  const size = BYTES_PER_MS * chunkMs;
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) parts.push(pcm.subarray(offset, offset + size));
  return parts;
}
