import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmotionDynamics } from '@lingocast/contract';
import { EspeakSynthesizer, encodeWav, parseWav } from './espeak-synthesizer';
import { OfflineEngineError } from './run-process';

// Real engines: espeak-ng speaks the SSML, lame encodes the MP3, lame --decode checks it.
jest.setTimeout(60_000);

const SPANISH = 'Hola a todos, gracias por venir a esta presentación sobre el tiempo de mañana.';

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'espeak-spec-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function emotion(
  volume: EmotionDynamics['volume']['level'],
  rate: EmotionDynamics['rate']['level'],
): EmotionDynamics {
  return { volume: { level: volume, rmsDb: -15 }, rate: { level: rate, wordsPerMinute: 150 } };
}

function isMp3(audio: Buffer): boolean {
  const frameSync = audio[0] === 0xff && ((audio[1] ?? 0) & 0xe0) === 0xe0;
  return frameSync || audio.subarray(0, 3).toString('latin1') === 'ID3';
}

/** Decodes MP3 with lame and returns the PCM it holds. */
function decodeMp3(audio: Buffer): ReturnType<typeof parseWav> {
  const mp3 = join(workDir, `decode-${Date.now()}-${Math.random().toString(36).slice(2)}.mp3`);
  writeFileSync(mp3, audio);
  execFileSync('lame', ['--quiet', '--decode', mp3, `${mp3}.wav`]);
  return parseWav(readFileSync(`${mp3}.wav`));
}

function rmsOf(wav: ReturnType<typeof parseWav>): number {
  let sum = 0;
  for (let offset = 0; offset + 1 < wav.data.length; offset += 2) sum += wav.data.readInt16LE(offset) ** 2;
  return Math.sqrt(sum / Math.max(1, wav.data.length / 2));
}

describe('EspeakSynthesizer', () => {
  const synthesizer = new EspeakSynthesizer();

  it('speaks text as a small mono MP3 with its duration', async () => {
    // Act
    const speech = await synthesizer.synthesize({ text: SPANISH, language: 'es' });

    // Assess
    expect(speech.format).toBe('mp3');
    expect(isMp3(speech.audio)).toBe(true);
    expect(speech.durationMs).toBeGreaterThan(2000);
    expect(speech.durationMs).toBeLessThan(10_000);
    const bytesPerSecond = speech.audio.length / (speech.durationMs / 1000);
    expect(bytesPerSecond).toBeGreaterThan(3000); // 32 kbit/s is 4000 bytes per second
    expect(bytesPerSecond).toBeLessThan(5000);
  });

  it('reports the duration the MP3 actually plays for, give or take encoder padding', async () => {
    // Act
    const speech = await synthesizer.synthesize({ text: SPANISH, language: 'es' });

    // Assess
    const decoded = decodeMp3(speech.audio);
    expect(decoded.channels).toBe(1);
    const decodedMs = (decoded.sampleCount * 1000) / decoded.sampleRate;
    expect(Math.abs(decodedMs - speech.durationMs)).toBeLessThan(150);
  });

  it('speaks faster when the speaker spoke fast', async () => {
    // Act
    const slow = await synthesizer.synthesize({
      text: SPANISH,
      language: 'es',
      emotion: emotion('medium', 'very_slow'),
    });
    const fast = await synthesizer.synthesize({
      text: SPANISH,
      language: 'es',
      emotion: emotion('medium', 'very_fast'),
    });

    // Assess
    expect(fast.durationMs).toBeLessThan(slow.durationMs * 0.75);
  });

  it('speaks more quietly when the speaker whispered', async () => {
    // Act
    const loud = await synthesizer.synthesize({
      text: SPANISH,
      language: 'es',
      emotion: emotion('loud', 'medium'),
    });
    const whisper = await synthesizer.synthesize({
      text: SPANISH,
      language: 'es',
      emotion: emotion('whisper', 'medium'),
    });

    // Assess
    expect(rmsOf(decodeMp3(whisper.audio))).toBeLessThan(rmsOf(decodeMp3(loud.audio)) / 2);
  });

  it.each([
    ['ca', 'Gràcies a tots per venir.'],
    ['gl', 'Grazas a todos por vir.'],
    ['pt', 'Obrigado a todos por virem.'],
    ['pt-BR', 'Obrigado a todos por virem.'],
    ['fr', 'Merci à tous d’être venus.'],
    ['it', 'Grazie a tutti per essere venuti.'],
  ])('has a voice for %s', async (language, text) => {
    // Act
    const speech = await synthesizer.synthesize({ text, language });

    // Assess
    expect(synthesizer.supports(language)).toBe(true);
    expect(isMp3(speech.audio)).toBe(true);
    expect(speech.durationMs).toBeGreaterThan(500);
  });

  it('speaks markup characters as text rather than breaking the SSML', async () => {
    // Act
    const speech = await synthesizer.synthesize({ text: 'Tom & Jerry <3 "hola"', language: 'es' });

    // Assess
    expect(isMp3(speech.audio)).toBe(true);
    expect(speech.durationMs).toBeGreaterThan(500);
  });

  it('returns empty audio for empty text', async () => {
    // Act
    const speech = await synthesizer.synthesize({ text: '   ', language: 'es' });

    // Assess
    expect(speech).toEqual({ audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 });
  });

  it('refuses a language it has no voice for, unless one is configured', async () => {
    // Prepare
    const withGerman = new EspeakSynthesizer({ voices: { de: 'de' } });

    // Act
    const attempt = synthesizer.synthesize({ text: 'Hallo', language: 'de' });

    // Assess
    expect(synthesizer.supports('de')).toBe(false);
    await expect(attempt).rejects.toThrow(OfflineEngineError);
    expect(withGerman.supports('de-AT')).toBe(true);
  });

  it('honours the configured bitrate', async () => {
    // Prepare
    const small = new EspeakSynthesizer({ bitrateKbps: 16 });

    // Act
    const speech = await small.synthesize({ text: SPANISH, language: 'es' });

    // Assess
    expect(speech.audio.length / (speech.durationMs / 1000)).toBeLessThan(2500);
  });
});

describe('parseWav', () => {
  function wavOf(samples: number[], sampleRate = 22050): Buffer {
    const data = Buffer.alloc(samples.length * 2);
    samples.forEach((sample, index) => data.writeInt16LE(sample, index * 2));
    return encodeWav({ sampleRate, channels: 1, bitsPerSample: 16, sampleCount: samples.length, data });
  }

  it('reads format and samples from a canonical WAV', () => {
    // Act
    const wav = parseWav(wavOf([1, 2, 3]));

    // Assess
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16, sampleCount: 3 });
    expect(wav.data.readInt16LE(4)).toBe(3);
  });

  it('reads to the end of the buffer when the header holds espeak-ng’s placeholder sizes', () => {
    // Prepare
    const bytes = wavOf([5, 6, 7, 8]);
    bytes.writeUInt32LE(0x7ffff024, 4);
    bytes.writeUInt32LE(0x7ffff000, 40);

    // Act
    const wav = parseWav(bytes);

    // Assess
    expect(wav.sampleCount).toBe(4);
  });

  it('ignores a trailing partial sample', () => {
    expect(parseWav(Buffer.concat([wavOf([5, 6]), Buffer.from([1])])).sampleCount).toBe(2);
  });

  it('skips chunks it does not know', () => {
    // Prepare
    const canonical = wavOf([9]);
    const list = Buffer.concat([
      Buffer.from('LIST', 'ascii'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc\0'),
    ]);
    const bytes = Buffer.concat([canonical.subarray(0, 36), list, canonical.subarray(36)]);

    // Act
    const wav = parseWav(bytes);

    // Assess
    expect(wav.sampleCount).toBe(1);
    expect(wav.data.readInt16LE(0)).toBe(9);
  });

  it('rejects bytes that are not a WAV', () => {
    expect(() => parseWav(Buffer.from('ID3 not a wave file'))).toThrow(/not a WAV/);
  });
});
