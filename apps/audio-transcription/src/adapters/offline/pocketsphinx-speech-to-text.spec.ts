import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_DECODER_OPTIONS,
  FAST_DECODER_OPTIONS,
  PocketsphinxError,
  PocketsphinxSpeechToText,
} from './pocketsphinx-speech-to-text';

// Real engines: flite speaks (its rms voice is what pocketsphinx recognises best), sox converts, pocketsphinx decodes.
jest.setTimeout(60_000);

const FOX = 'the quick brown fox jumps over the lazy dog near the river bank';
const PLEASE = 'please translate this sentence into spanish';

let workDir: string;

/** Speaks `text` with flite and returns raw PCM16LE mono at `sampleRate`. */
function speak(text: string, sampleRate: number): Buffer {
  const wav = join(workDir, `speech-${Date.now()}-${Math.random().toString(36).slice(2)}.wav`);
  const raw = `${wav}.raw`;
  execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
  execFileSync('sox', [
    wav,
    '-r',
    String(sampleRate),
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    '-t',
    'raw',
    raw,
  ]);
  return readFileSync(raw);
}

function fakePython(name: string, body: string): string {
  const path = join(workDir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('PocketsphinxSpeechToText', () => {
  let foxPcm: Buffer;
  let pleasePcm: Buffer;
  const stt = new PocketsphinxSpeechToText();

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pocketsphinx-spec-'));
    foxPcm = speak(FOX, 16000);
    pleasePcm = speak(PLEASE, 16000);
  });

  afterAll(() => {
    stt.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('recognises the words of an English utterance as lowercase text', async () => {
    // Act
    const transcription = await stt.transcribe({ pcm: foxPcm, sampleRate: 16000, languageCode: 'en-US' });

    // Assess
    expect(transcription.text).toContain('quick brown fox');
    expect(transcription.text).toContain('lazy dog');
    expect(transcription.text).toBe(transcription.text.toLowerCase().trim());
    expect(transcription.confidence).toBeGreaterThan(0.5);
    expect(transcription.confidence).toBeLessThanOrEqual(1);
  });

  it('answers concurrent calls in call order, each with its own utterance', async () => {
    // Act
    const results = await Promise.all([
      stt.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' }),
      stt.transcribe({ pcm: foxPcm, sampleRate: 16000, languageCode: 'en' }),
      stt.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' }),
    ]);

    // Assess
    expect(results.map((result) => result.text.includes('translate'))).toEqual([true, false, true]);
    expect(results[1]?.text).toContain('fox');
  });

  it('resamples audio recorded at 48 kHz to the model rate', async () => {
    // Prepare
    const pcm = speak(PLEASE, 48000);

    // Act
    const transcription = await stt.transcribe({ pcm, sampleRate: 48000, languageCode: 'en' });

    // Assess
    expect(transcription.text).toContain('translate');
    expect(transcription.text).toContain('spanish');
  });

  it('returns empty text for silence', async () => {
    // Prepare
    const pcm = Buffer.alloc(16000 * 2);

    // Act
    const transcription = await stt.transcribe({ pcm, sampleRate: 16000, languageCode: 'en' });

    // Assess
    expect(transcription.text).toBe('');
  });

  it('returns empty text for an empty or one-byte chunk', async () => {
    // Act
    const transcription = await stt.transcribe({
      pcm: Buffer.from([7]),
      sampleRate: 16000,
      languageCode: 'en',
    });

    // Assess
    expect(transcription).toEqual({ text: '' });
  });

  it('rejects languages it has no model for', async () => {
    // Act
    const attempt = stt.transcribe({ pcm: foxPcm, sampleRate: 16000, languageCode: 'es' });

    // Assess
    await expect(attempt).rejects.toThrow(PocketsphinxError);
    await expect(attempt).rejects.toThrow(/no model for language 'es'/);
  });

  it('fails the request in flight when closed, and starts a new worker on the next call', async () => {
    // Prepare
    const local = new PocketsphinxSpeechToText();
    const inFlight = local.transcribe({ pcm: foxPcm, sampleRate: 16000, languageCode: 'en' });
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    local.close();
    const next = local.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' });

    // Assess
    await expect(inFlight).rejects.toThrow(PocketsphinxError);
    await expect(next).resolves.toMatchObject({ text: expect.stringContaining('spanish') });
    local.close();
  });

  it('replaces a worker that crashed', async () => {
    // Prepare: the first worker announces itself and dies on its first request; later ones are real
    const pythonPath = fakePython(
      'crash-once.sh',
      `if [ ! -e "$0.crashed" ]; then
  touch "$0.crashed"
  exec /usr/bin/python3 -c 'import sys; print("{\\"type\\": \\"ready\\"}", flush=True); sys.stdin.buffer.read(4); sys.exit(3)'
fi
exec /usr/bin/python3 "$@"`,
    );
    const local = new PocketsphinxSpeechToText({ pythonPath });

    // Act
    const crashed = local.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' });
    const retried = local.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' });

    // Assess
    await expect(crashed).rejects.toThrow(/exited \(code 3/);
    await expect(retried).resolves.toMatchObject({ text: expect.stringContaining('translate') });
    local.close();
  });

  it('gives up on an utterance that takes longer than the timeout', async () => {
    // Prepare: a worker that loads and then never answers
    const pythonPath = fakePython(
      'hang.sh',
      `exec /usr/bin/python3 -c 'import sys, time; print("{\\"type\\": \\"ready\\"}", flush=True); time.sleep(60)'`,
    );
    const local = new PocketsphinxSpeechToText({ pythonPath, timeoutMs: 300 });

    // Act
    const attempt = local.transcribe({ pcm: pleasePcm, sampleRate: 16000, languageCode: 'en' });

    // Assess
    await expect(attempt).rejects.toThrow(/did not answer within 300 ms/);
    local.close();
  });

  it('recognises the same words with the fast decoder settings', async () => {
    // Prepare
    const fast = new PocketsphinxSpeechToText({ decoderOptions: FAST_DECODER_OPTIONS });

    // Act
    const transcription = await fast.transcribe({ pcm: foxPcm, sampleRate: 16000, languageCode: 'en' });

    // Assess
    expect(transcription.text).toContain('quick brown fox');
    fast.close();
  });

  it('gives the same transcripts with its default settings as with pocketsphinx’s own defaults', async () => {
    // Prepare: some of the latency benchmark's sentences (the full comparison: npx nx run bench:decoder)
    const sentences = [
      'Welcome to the morning service.',
      'The church meets every Sunday morning to pray together.',
      'We thank the Lord for this beautiful day.',
      'The meeting will start again at six in the evening.',
    ].map((text) => speak(text, 16000));
    const engineDefaults = new PocketsphinxSpeechToText({ decoderOptions: {} });
    const transcribeAll = async (engine: PocketsphinxSpeechToText) => {
      const texts: string[] = [];
      for (const pcm of sentences) {
        texts.push((await engine.transcribe({ pcm, sampleRate: 16000, languageCode: 'en' })).text);
      }
      return texts;
    };

    // Act
    const withDefaults = await transcribeAll(stt);
    const withEngineDefaults = await transcribeAll(engineDefaults);
    engineDefaults.close();

    // Assess
    expect(DEFAULT_DECODER_OPTIONS).toEqual({ '-maxhmmpf': 5000 });
    expect(withDefaults).toEqual(withEngineDefaults);
    expect(withDefaults[1]).toBe('the church meets every sunday morning to pray together');
  });

  it('reports a decoder setting pocketsphinx does not know', async () => {
    // Prepare
    const local = new PocketsphinxSpeechToText({ decoderOptions: { '-no-such-setting': 1 } });

    // Act
    const attempt = local.start();

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'PocketsphinxError',
      details: expect.objectContaining({ stderr: 'unknown pocketsphinx setting -no-such-setting' }),
    });
    local.close();
  });

  it('reports a model that cannot be loaded, with the worker’s stderr', async () => {
    // Prepare
    const local = new PocketsphinxSpeechToText({ modelDir: join(workDir, 'no-such-model') });

    // Act
    const attempt = local.start();

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'PocketsphinxError',
      details: expect.objectContaining({ stderr: expect.stringMatching(/Error/) }),
    });
    local.close();
  });

  it('reports a Python interpreter that does not exist', async () => {
    // Prepare
    const local = new PocketsphinxSpeechToText({ pythonPath: join(workDir, 'no-such-python') });

    // Act
    const attempt = local.start();

    // Assess
    await expect(attempt).rejects.toThrow(/could not run .*no-such-python/);
    local.close();
  });
});
