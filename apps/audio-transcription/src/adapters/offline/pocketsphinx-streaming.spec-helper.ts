// Test-only: speech and fake interpreters for the pocketsphinx streaming specs, in a throw-away folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FOX = 'the quick brown fox jumps over the lazy dog near the river bank';
export const PLEASE = 'please translate this sentence into spanish';

export interface SpeechWorkDir {
  /** Speaks `text` with flite (rms voice) as raw PCM16LE mono at `sampleRate`, with a little silence around. */
  speak(text: string, sampleRate: number): Buffer;
  /** An executable shell script standing in for python3. */
  fakePython(name: string, body: string): string;
  /** Where the fakes live (a path under it that does not exist makes a missing model folder). */
  readonly path: string;
  remove(): void;
}

/**
 * A fresh folder for one spec file's speech and fakes.
 *
 * @example
 * const workDir = speechWorkDir();
 * const pcm = workDir.speak(FOX, 16_000);
 * workDir.remove();
 */
export function speechWorkDir(): SpeechWorkDir {
  const path = mkdtempSync(join(tmpdir(), 'pocketsphinx-stream-spec-'));
  return {
    path,
    speak(text, sampleRate) {
      const wav = join(path, `speech-${Math.random().toString(36).slice(2)}.wav`);
      execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
      const args = ['-r', String(sampleRate), '-c', '1', '-b', '16', '-e', 'signed-integer'];
      execFileSync('sox', [wav, ...args, '-t', 'raw', `${wav}.raw`, 'pad', '0.3', '0.3']);
      return readFileSync(`${wav}.raw`);
    },
    fakePython(name, body) {
      const script = join(path, name);
      writeFileSync(script, `#!/bin/sh\n${body}\n`);
      chmodSync(script, 0o755);
      return script;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/**
 * 250 ms chunks, what the speaker's client sends.
 *
 * @example
 * for (const chunk of chunksOf(pcm, 16_000)) await stream.write(chunk);
 */
export function chunksOf(pcm: Buffer, sampleRate: number, chunkMs = 250): Buffer[] {
  const size = (sampleRate * 2 * chunkMs) / 1000;
  const parts: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) parts.push(pcm.subarray(offset, offset + size));
  return parts;
}
