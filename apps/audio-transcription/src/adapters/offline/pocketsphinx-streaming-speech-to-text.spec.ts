import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpeechStreamResult } from '../../ports';
import { PocketsphinxSpeechToText } from './pocketsphinx-speech-to-text';
import { PocketsphinxStreamError } from './pocketsphinx-stream-worker';
import { PocketsphinxStreamingSpeechToText } from './pocketsphinx-streaming-speech-to-text';

// Real engines: flite speaks, sox converts, pocketsphinx decodes (whole and incrementally).
jest.setTimeout(60_000);

const FOX = 'the quick brown fox jumps over the lazy dog near the river bank';
const PLEASE = 'please translate this sentence into spanish';

let workDir: string;

/** Speaks `text` with flite (rms voice) as raw PCM16LE mono at `sampleRate`, with a little silence around. */
function speak(text: string, sampleRate: number): Buffer {
  const wav = join(workDir, `speech-${Math.random().toString(36).slice(2)}.wav`);
  execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
  const args = ['-r', String(sampleRate), '-c', '1', '-b', '16', '-e', 'signed-integer'];
  execFileSync('sox', [wav, ...args, '-t', 'raw', `${wav}.raw`, 'pad', '0.3', '0.3']);
  return readFileSync(`${wav}.raw`);
}

/** 250 ms chunks, what the speaker's client sends. */
function chunksOf(pcm: Buffer, sampleRate: number, chunkMs = 250): Buffer[] {
  const size = (sampleRate * 2 * chunkMs) / 1000;
  const parts: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += size) parts.push(pcm.subarray(offset, offset + size));
  return parts;
}

function fakePython(name: string, body: string): string {
  const path = join(workDir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('PocketsphinxStreamingSpeechToText', () => {
  let foxPcm: Buffer;
  let pleasePcm48k: Buffer;
  let pleasePcm16k: Buffer;
  const engine = new PocketsphinxStreamingSpeechToText({ maxStreams: 2 });
  const whole = new PocketsphinxSpeechToText();

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pocketsphinx-stream-spec-'));
    foxPcm = speak(FOX, 16_000);
    pleasePcm48k = speak(PLEASE, 48_000);
    pleasePcm16k = speak(PLEASE, 16_000);
  });

  afterAll(() => {
    engine.close();
    whole.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('reports partials that grow while the audio is fed, and ends with the whole-utterance decode’s text', async () => {
    // Prepare
    const results: Array<{ afterChunk: number; result: SpeechStreamResult }> = [];
    let chunksWritten = 0;
    const stream = engine.open({
      languageCode: 'en-US',
      sampleRate: 16_000,
      onResult: (result) => results.push({ afterChunk: chunksWritten, result }),
    });
    const chunks = chunksOf(foxPcm, 16_000);

    // Act
    for (const chunk of chunks) {
      await stream.write(chunk);
      chunksWritten += 1;
    }
    const final = await stream.end();
    const expected = await whole.transcribe({ pcm: foxPcm, sampleRate: 16_000, languageCode: 'en' });

    // Assess
    const partials = results.filter(({ result }) => result.isPartial);
    const half = Math.floor(chunks.length / 2);
    expect(partials.length).toBeGreaterThanOrEqual(4);
    expect(partials.some(({ afterChunk, result }) => afterChunk <= half && result.text.length > 0)).toBe(
      true,
    );
    const lastPartial = partials[partials.length - 1]?.result.text ?? '';
    expect(lastPartial.split(' ').length).toBeGreaterThan((partials[0]?.result.text ?? '').split(' ').length);
    expect(new Set(partials.map(({ result }) => result.text)).size).toBe(partials.length); // only changes
    expect(final.text).toBe(expected.text);
    expect(final.text).toContain('quick brown fox');
    expect(final.confidence).toBeGreaterThan(0.5);
    expect(results[results.length - 1]?.result).toEqual({
      isPartial: false,
      text: final.text,
      confidence: final.confidence,
      startMs: 0,
      endMs: Math.floor(foxPcm.length / 2 / 16),
    });
  });

  it('ends a segment with a final where the speaker pauses, while the stream goes on', async () => {
    // Prepare: two sentences with a second of silence between them, then a short tail
    const pause = Buffer.alloc(32_000);
    const talk = Buffer.concat([foxPcm, pause, pleasePcm16k]);
    const log: string[] = [];
    const stream = engine.open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (result) => log.push(result.isPartial ? 'partial' : `final ${result.text}`),
    });

    // Act
    for (const chunk of chunksOf(talk, 16_000)) await stream.write(chunk);
    log.push('end');
    const transcription = await stream.end();

    // Assess
    const finals = log.filter((entry) => entry.startsWith('final'));
    expect(log.indexOf(finals[0] ?? 'none')).toBeLessThan(log.indexOf('end')); // before the stream ended
    expect(finals[0]).toContain('quick brown fox');
    expect(finals.join(' ')).toContain('translate this sentence');
    expect(transcription.text).toMatch(/quick brown fox.*translate this sentence/);
  });

  it('gives one final per stream, at the end, when endpointing is off', async () => {
    // Prepare
    const local = new PocketsphinxStreamingSpeechToText({ endpointing: false, maxStreams: 1 });
    const finals: SpeechStreamResult[] = [];
    const stream = local.open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (result) => {
        if (!result.isPartial) finals.push(result);
      },
    });
    const talk = Buffer.concat([foxPcm, Buffer.alloc(32_000), pleasePcm16k]);

    // Act
    for (const chunk of chunksOf(talk, 16_000)) await stream.write(chunk);
    const transcription = await stream.end();

    // Assess
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ startMs: 0, endMs: Math.floor(talk.length / 2 / 16) });
    expect(transcription.text).toMatch(/quick brown fox.*translate this sentence/);
    local.close();
  });

  it('keeps two streams apart when their chunks interleave, one of them resampled from 48 kHz', async () => {
    // Prepare
    const fox = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    const please = engine.open({ languageCode: 'en', sampleRate: 48_000 });
    const foxChunks = chunksOf(foxPcm, 16_000);
    const pleaseChunks = chunksOf(pleasePcm48k, 48_000);

    // Act: writes not awaited one by one; each stream keeps its own order
    const writes: Array<Promise<void>> = [];
    for (let index = 0; index < Math.max(foxChunks.length, pleaseChunks.length); index += 1) {
      const foxChunk = foxChunks[index];
      const pleaseChunk = pleaseChunks[index];
      if (foxChunk !== undefined) writes.push(fox.write(foxChunk));
      if (pleaseChunk !== undefined) writes.push(please.write(pleaseChunk));
    }
    await Promise.all(writes);
    const [foxText, pleaseText] = await Promise.all([fox.end(), please.end()]);

    // Assess
    expect(foxText.text).toContain('lazy dog');
    expect(foxText.text).not.toContain('spanish');
    expect(pleaseText.text).toContain('translate this sentence');
    expect(pleaseText.text).not.toContain('fox');
  });

  it('refuses a stream beyond maxStreams without disturbing the open ones', async () => {
    // Prepare
    const first = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    const second = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    const third = engine.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const refused = third.write(foxPcm.subarray(0, 8000));
    await first.write(foxPcm);
    const firstText = await first.end();
    second.abort();

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'PocketsphinxStreamError', code: 'TooManyStreams' });
    await expect(third.end()).rejects.toMatchObject({ code: 'TooManyStreams' });
    expect(firstText.text).toContain('quick brown fox');
  });

  it('rejects writes after the end, and calls on an aborted stream, with codes', async () => {
    // Prepare
    const ended = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    await ended.write(foxPcm.subarray(0, 16_000));
    await ended.end();
    const results: SpeechStreamResult[] = [];
    const aborted = engine.open({ languageCode: 'en', sampleRate: 16_000, onResult: (r) => results.push(r) });
    const pending = aborted.write(foxPcm);

    // Act
    aborted.abort();

    // Assess
    await expect(ended.write(foxPcm)).rejects.toMatchObject({ code: 'StreamEnded' });
    await expect(ended.end()).rejects.toMatchObject({ code: 'StreamEnded' });
    await pending.catch(() => undefined); // may have been decoded before the abort landed
    await expect(aborted.write(foxPcm)).rejects.toMatchObject({ code: 'Aborted' });
    await expect(aborted.end()).rejects.toMatchObject({ code: 'Aborted' });
    expect(results).toEqual([]);
  });

  it('accepts chunks split inside a sample, and an empty stream ends with empty text', async () => {
    // Prepare
    const odd = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    const empty = engine.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    await odd.write(foxPcm.subarray(0, 16_001));
    await odd.write(foxPcm.subarray(16_001));
    const oddText = await odd.end();
    await empty.write(Buffer.alloc(0));
    const emptyText = await empty.end();

    // Assess
    expect(oddText.text).toContain('quick brown fox');
    expect(emptyText).toEqual({ text: '' });
  });

  it('refuses languages it has no model for', async () => {
    const stream = engine.open({ languageCode: 'fr', sampleRate: 16_000 });

    await expect(stream.write(foxPcm)).rejects.toMatchObject({ code: 'UnsupportedLanguage' });
    await expect(stream.end()).rejects.toThrow(PocketsphinxStreamError);
    stream.abort();
  });

  it('fails the streams of a worker that crashed, and serves the next stream on a new worker', async () => {
    // Prepare: the first worker announces itself and dies on its first request; later ones are real
    const pythonPath = fakePython(
      'crash-once.sh',
      `if [ ! -e "$0.crashed" ]; then
  touch "$0.crashed"
  exec /usr/bin/python3 -c 'import sys; print("{\\"type\\": \\"ready\\"}", flush=True); sys.stdin.buffer.read(9); sys.exit(3)'
fi
exec /usr/bin/python3 "$@"`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, maxStreams: 1 });
    const crashed = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = crashed.write(foxPcm);
    await expect(write).rejects.toThrow(/exited \(code 3/);
    const next = local.open({ languageCode: 'en', sampleRate: 16_000 });
    await next.write(foxPcm);

    // Assess
    await expect(crashed.end()).rejects.toMatchObject({ code: 'WorkerFailed' });
    await expect(next.end()).resolves.toMatchObject({ text: expect.stringContaining('lazy dog') });
    local.close();
  });

  it('gives up on a worker that stops answering, and says so', async () => {
    // Prepare: a worker that loads and then never answers
    const pythonPath = fakePython(
      'hang.sh',
      `exec /usr/bin/python3 -c 'import sys, time; print("{\\"type\\": \\"ready\\"}", flush=True); time.sleep(60)'`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, timeoutMs: 300 });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'Timeout',
      message: expect.stringMatching(/within 300 ms/),
    });
    local.close();
  });

  it.each([
    ['prints what is not a reply', 'print("not json", flush=True)', /unreadable worker output: not json/],
    [
      'answers for a stream nobody opened',
      'print(json.dumps({"type": "opened", "id": 999}), flush=True)',
      /unexpected opened for stream 999/,
    ],
    [
      'answers a partial without its finals',
      'print(json.dumps({"type": "heard", "id": 1, "text": ""}), flush=True)',
      /unreadable worker output/,
    ],
  ])('replaces a worker that %s: it is out of step', async (_case, answer, message) => {
    // Prepare: a worker that loads, then gives one wrong answer to the first request
    const script = `import json, sys; print(json.dumps({"type": "ready"}), flush=True); sys.stdin.buffer.read(9); ${answer}; sys.stdin.buffer.read()`;
    const pythonPath = fakePython(
      `wrong-${Math.random().toString(36).slice(2)}.sh`,
      `exec /usr/bin/python3 -c '${script}'`,
    );
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'WorkerFailed',
      message: expect.stringMatching(message),
    });
    local.close();
  });

  it('gives up on a model that does not load within startTimeoutMs', async () => {
    // Prepare: a worker that never says it is ready
    const pythonPath = fakePython('never-ready.sh', `exec /usr/bin/python3 -c 'import time; time.sleep(60)'`);
    const local = new PocketsphinxStreamingSpeechToText({ pythonPath, startTimeoutMs: 300 });

    // Act
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Assess
    await expect(stream.write(foxPcm.subarray(0, 8000))).rejects.toMatchObject({
      code: 'Timeout',
      message: 'pocketsphinx model did not load within 300 ms',
    });
    local.close();
  });

  it('reports a worker that cannot start, with its stderr', async () => {
    // Prepare
    const local = new PocketsphinxStreamingSpeechToText({ modelDir: join(workDir, 'no-model') });
    const stream = local.open({ languageCode: 'en', sampleRate: 16_000 });

    // Act
    const write = stream.write(foxPcm.subarray(0, 8000));

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'WorkerFailed',
      details: expect.objectContaining({ stderr: expect.any(String) }),
    });
    local.close();
  });

  it('loads the model on start() so the first stream is not slowed down', async () => {
    await expect(engine.start()).resolves.toBeUndefined();
  });
});
