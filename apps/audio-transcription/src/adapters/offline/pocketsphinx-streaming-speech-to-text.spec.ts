import type { SpeechStreamResult } from '../../ports';
import { PocketsphinxSpeechToText } from './pocketsphinx-speech-to-text';
import { PocketsphinxStreamingSpeechToText } from './pocketsphinx-streaming-speech-to-text';
import { FOX, PLEASE, chunksOf, speechWorkDir } from './pocketsphinx-streaming.spec-helper';
import type { SpeechWorkDir } from './pocketsphinx-streaming.spec-helper';

// Real engines: flite speaks, sox converts, pocketsphinx decodes (whole and incrementally).
// Faults (crashed, silent, out-of-step workers) are in pocketsphinx-streaming-speech-to-text-faults.spec.ts.
jest.setTimeout(60_000);

describe('PocketsphinxStreamingSpeechToText', () => {
  let workDir: SpeechWorkDir;
  let foxPcm: Buffer;
  let pleasePcm48k: Buffer;
  let pleasePcm16k: Buffer;
  const engine = new PocketsphinxStreamingSpeechToText({ maxStreams: 2 });
  const whole = new PocketsphinxSpeechToText();

  beforeAll(() => {
    workDir = speechWorkDir();
    foxPcm = workDir.speak(FOX, 16_000);
    pleasePcm48k = workDir.speak(PLEASE, 48_000);
    pleasePcm16k = workDir.speak(PLEASE, 16_000);
  });

  afterAll(() => {
    engine.close();
    whole.close();
    workDir.remove();
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

  it('closes a segment where the caller cuts, with only the words since the previous cut, and goes on', async () => {
    // Prepare: a short pause (0.25 s) that pocketsphinx's detector would not end a segment at
    const stream = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    const gap = Buffer.alloc(8_000);

    // Act
    for (const chunk of chunksOf(Buffer.concat([foxPcm, gap]), 16_000)) await stream.write(chunk);
    const first = await stream.endSegment();
    for (const chunk of chunksOf(pleasePcm16k, 16_000)) await stream.write(chunk);
    const second = await stream.endSegment();
    const nothing = await stream.endSegment();
    const rest = await stream.end();

    // Assess
    expect(first.text).toContain('quick brown fox');
    expect(first.text).not.toContain('translate');
    expect(first.endMs).toBe(Math.floor((foxPcm.length + gap.length) / 2 / 16));
    expect(second.text).toContain('translate this sentence');
    expect(second.text).not.toContain('fox');
    expect(second.endMs).toBe(first.endMs + Math.floor(pleasePcm16k.length / 2 / 16));
    expect(nothing).toEqual({ text: '', endMs: second.endMs });
    expect(rest.text).toMatch(/quick brown fox.*translate this sentence/);
    await expect(stream.endSegment()).rejects.toMatchObject({ code: 'StreamEnded' });
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

  it('loads the model on start() so the first stream is not slowed down', async () => {
    await expect(engine.start()).resolves.toBeUndefined();
  });
});
