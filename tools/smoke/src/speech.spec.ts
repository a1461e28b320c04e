import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpeech, speechFileName } from './speech';

describe('the smoke speech', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-speech-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a sentence’s file by its words', () => {
    expect(speechFileName('Please open your books, and sing!')).toBe('please-open-your-books-and-sing.pcm');
  });

  it('comes from the packaged file when there is one', () => {
    // Prepare
    writeFileSync(join(dir, speechFileName('Hello there.')), Buffer.from([1, 2, 3, 4]));

    // Act
    const pcm = loadSpeech(dir, 'Hello there.');

    // Assess
    expect(Array.from(pcm)).toEqual([1, 2, 3, 4]);
  });

  it('is spoken with flite when the package has none (running from the repository)', () => {
    // Act
    const pcm = loadSpeech(dir, 'Good morning.');

    // Assess: 16 kHz PCM16 with 1.2 s of trailing silence is more than 38 400 bytes
    expect(pcm.length).toBeGreaterThan(38_400);
  });
});
