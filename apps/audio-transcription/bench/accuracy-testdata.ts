// The recordings bench:accuracy scores: Debian's pocketsphinx-testdata with its reference transcripts.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's pocketsphinx-testdata puts its recordings. */
export const TESTDATA = '/usr/share/pocketsphinx/test/data';
/** The rate every recording is converted to (the en-us model's). */
export const SAMPLE_RATE = 16_000;
const PCM16_16K = ['-t', 'raw', '-r', `${SAMPLE_RATE}`, '-c', '1', '-b', '16', '-e', 'signed-integer', '-'];

/** One shipped recording as 16 kHz mono PCM16LE, with what was said. */
export interface Recording {
  id: string;
  reference: string;
  pcm: Buffer;
  seconds: number;
}

/** `<s> ten of clubs </s> (001)` lines of a Sphinx transcription file, by file id. */
function transcriptions(path: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^(.*)\(([^()]+)\)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      byId.set(match[2].trim(), match[1].replace(/<\/?s>/g, ' ').trim());
    }
  }
  return byId;
}

/**
 * The shipped recordings that have a reference transcript (cards, then librivox, by name), via sox.
 *
 * @example
 * recordings()[0] // { id: 'cards/001.wav', reference: 'ten of clubs', pcm: <Buffer …>, seconds: 1.9 }
 */
export function recordings(): Recording[] {
  const sets = [
    { folder: 'cards', transcription: 'cards.transcription' },
    { folder: 'librivox', transcription: 'transcription' },
  ];
  const found: Recording[] = [];
  for (const { folder, transcription } of sets) {
    const references = transcriptions(join(TESTDATA, folder, transcription));
    for (const file of readdirSync(join(TESTDATA, folder))
      .filter((name) => name.endsWith('.wav'))
      .sort()) {
      const reference = references.get(file.slice(0, -'.wav'.length));
      if (reference === undefined) continue;
      const pcm = execFileSync('sox', [join(TESTDATA, folder, file), ...PCM16_16K], {
        maxBuffer: 64 * 1024 * 1024,
      });
      found.push({ id: `${folder}/${file}`, reference, pcm, seconds: pcm.length / 2 / SAMPLE_RATE });
    }
  }
  return found;
}

/**
 * `pcm` with seeded white noise of RMS `dbfs` added (clipped to 16 bits), the same noise on every run.
 *
 * @example
 * withNoise(recording.pcm, -45) // a quiet fan under the speech
 */
export function withNoise(pcm: Buffer, dbfs: number): Buffer {
  const noisy = Buffer.alloc(pcm.length);
  // Uniform noise in ±a has RMS a/√3.
  const amplitude = Math.sqrt(3) * 32768 * 10 ** (dbfs / 20);
  let seed = 1;
  for (let offset = 0; offset + 1 < pcm.length; offset += 2) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const sample = pcm.readInt16LE(offset) + Math.round((seed / 2147483648 - 0.5) * 2 * amplitude);
    noisy.writeInt16LE(Math.max(-32768, Math.min(32767, sample)), offset);
  }
  return noisy;
}
