import {
  ServiceUnavailableException,
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import type { CuttableSpeechStream, SpeechStreamResult } from '../../ports';
import { TranscribeStreamingSpeechStreams } from './transcribe-streaming-speech-streams';
import {
  pcmOf,
  result,
  scriptedTranscribe,
  testClient,
} from './transcribe-streaming-speech-streams.spec-helper';

// endSegment(): a cut closed by the final that reaches it, or by closing the request and opening the next.
const transcribe = mockClient(TranscribeStreamingClient);

/** Lets the adapter and the scripted Transcribe take every step they can without time passing. */
const flush = () => jest.advanceTimersByTimeAsync(0);

/** Writes `ms` of audio in 100 ms chunks, continuing the samples from `fromMs`; returns what was written. */
async function writeAudio(stream: CuttableSpeechStream, ms: number, fromMs = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < ms; at += 100) {
    const chunk = pcmOf(Math.min(100, ms - at), 16_000, (fromMs + at) * 16);
    chunks.push(chunk);
    await stream.write(chunk);
  }
  return Buffer.concat(chunks);
}

/** Writes `ms` of audio as a speaker's chunks come: 100 ms every 100 ms (fake timers). */
async function speakAudio(stream: CuttableSpeechStream, ms: number, fromMs = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < ms; at += 100) {
    chunks.push(await writeAudio(stream, Math.min(100, ms - at), fromMs + at));
    await jest.advanceTimersByTimeAsync(100);
  }
  return Buffer.concat(chunks);
}

/** Follows a promise without awaiting it, so a spec can see whether it settled yet. */
function watch<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

describe('TranscribeStreamingSpeechStreams endSegment', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = testClient();
    jest.useFakeTimers();
  });

  afterEach(() => jest.useRealTimers());

  it('resolves once a final reaches the cut, with every final since the previous cut joined', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });
    await writeAudio(stream, 3_000);
    await flush();
    const request = scripted.requests[0];

    // Act
    const segment = watch(stream.endSegment());
    request?.say(result('Good morning', true));
    request?.say(result('Good morning.', false, { confidences: [1, 0.5], startTime: 0.2, endTime: 1.2 }));
    await jest.advanceTimersByTimeAsync(1_000);
    const waitedForTheCut = !segment.settled();
    // Ends 600 ms before the cut at 3 s: Transcribe's end times stop at the last word.
    request?.say(result('Welcome all.', false, { confidences: [0.75], startTime: 1.5, endTime: 2.4 }));
    await flush();

    // Assess
    expect(waitedForTheCut).toBe(true);
    await expect(segment.promise).resolves.toEqual({
      text: 'Good morning. Welcome all.',
      confidence: 0.75,
      endMs: 3_000,
    });
    expect(seen).toEqual([
      { isPartial: true, text: 'Good morning' },
      { isPartial: false, text: 'Good morning.', confidence: 0.75, startMs: 200, endMs: 1_200 },
      { isPartial: false, text: 'Welcome all.', confidence: 0.75, startMs: 1_500, endMs: 2_400 },
    ]);
    expect(request?.audioEnded).toBe(false);
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(1);
  });

  it('includes a final that runs past the cut whole, says how far it reached, and keeps later finals for the next cut', async () => {
    // Prepare
    const scripted = scriptedTranscribe((request) => request.finish());
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await writeAudio(stream, 2_000);
    await flush();
    const request = scripted.requests[0];

    // Act
    const first = stream.endSegment();
    await writeAudio(stream, 1_000, 2_000);
    request?.say(
      result('Hello there, friends.', false, { startTime: 0.1, endTime: 2.8 }),
      result('Sit down.', false, { startTime: 2.85, endTime: 2.95 }),
    );
    const firstSegment = await first;
    await writeAudio(stream, 500, 3_000);
    const second = await stream.endSegment();

    // Assess
    expect(firstSegment).toEqual({ text: 'Hello there, friends.', endMs: 2_800 });
    expect(second).toEqual({ text: 'Sit down.', endMs: 3_500 });
    await expect(stream.end()).resolves.toEqual({ text: 'Hello there, friends. Sit down.' });
  });

  it('closes two cuts in a row in order, and a cut with nothing new gives no text', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await writeAudio(stream, 1_500);

    // Act
    const first = stream.endSegment();
    await writeAudio(stream, 1_500, 1_500);
    const second = stream.endSegment();
    const nothing = stream.endSegment();
    await flush();
    scripted.requests[0]?.say(result('One.', false, { startTime: 0.2, endTime: 1.3 }));
    scripted.requests[0]?.say(result('Two.', false, { startTime: 1.7, endTime: 2.9 }));

    // Assess
    await expect(first).resolves.toEqual({ text: 'One.', endMs: 1_500 });
    await expect(second).resolves.toEqual({ text: 'Two.', endMs: 3_000 });
    await expect(nothing).resolves.toEqual({ text: '', endMs: 3_000 });
  });

  it('waits for the words of a short segment right after a cut, though they end within the tolerance of it', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await writeAudio(stream, 3_000);
    await flush();
    scripted.requests[0]?.say(result('Are you ready?', false, { startTime: 0.2, endTime: 2.5 }));
    const first = await stream.endSegment();

    // Act
    await writeAudio(stream, 400, 3_000);
    const second = watch(stream.endSegment());
    await jest.advanceTimersByTimeAsync(500);
    const waitedForItsWords = !second.settled();
    scripted.requests[0]?.say(result('Yes.', false, { startTime: 3.05, endTime: 3.3 }));

    // Assess
    expect(first).toEqual({ text: 'Are you ready?', endMs: 3_000 });
    expect(waitedForItsWords).toBe(true);
    await expect(second.promise).resolves.toEqual({ text: 'Yes.', endMs: 3_400 });
  });

  it('without a final in time, ends the request for its late finals and sends later audio to a second request whose offsets continue', async () => {
    // Prepare
    const scripted = scriptedTranscribe((request) => {
      if (request === scripted.requests[0]) {
        request.finish(result('never mind.', false, { confidences: [0.5], startTime: 1.1, endTime: 1.9 }));
      }
    });
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'es',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });
    await speakAudio(stream, 2_000);
    await flush();
    scripted.requests[0]?.say(result('Pues', false, { confidences: [1], startTime: 0.1, endTime: 0.8 }));

    // Act
    const segment = watch(stream.endSegment());
    await jest.advanceTimersByTimeAsync(2_499);
    const openBeforeTheWait = scripted.requests[0]?.audioEnded === false && !segment.settled();
    await jest.advanceTimersByTimeAsync(1);
    const firstSegment = await segment.promise;
    const later = await writeAudio(stream, 1_000, 2_000);
    await flush();
    scripted.requests[1]?.say(
      result('hola.', false, { confidences: [0.75, 0.75], startTime: 0.1, endTime: 0.9 }),
    );
    const secondSegment = await stream.endSegment();

    // Assess
    expect(openBeforeTheWait).toBe(true);
    expect(firstSegment).toEqual({ text: 'Pues never mind.', confidence: 0.75, endMs: 2_000 });
    expect(secondSegment).toEqual({ text: 'hola.', confidence: 0.75, endMs: 3_000 });
    expect(seen.at(-1)).toEqual({
      isPartial: false,
      text: 'hola.',
      confidence: 0.75,
      startMs: 2_100,
      endMs: 2_900,
    });
    const calls = transcribe.commandCalls(StartStreamTranscriptionCommand);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.args[0].input).toMatchObject({
        LanguageCode: 'es-US',
        MediaEncoding: 'pcm',
        MediaSampleRateHertz: 16_000,
      });
    }
    expect(Buffer.concat(scripted.requests[1]?.received ?? []).equals(later)).toBe(true);
    expect(scripted.requests[1]?.audioEnded).toBe(false);
    const ended = stream.end();
    await flush();
    scripted.requests[1]?.finish();
    await expect(ended).resolves.toEqual({ text: 'Pues never mind. hola.', confidence: 0.75 });
  });

  it('loses no audio across the switch: what is written while the old request closes goes to the new one, in order', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client, { segmentWaitMs: 1_000 }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    const written: Buffer[] = [];
    const speak = async (ms: number) => {
      written.push(await speakAudio(stream, ms, Buffer.concat(written).length / 32));
    };
    await speak(1_000);

    // Act
    const segment = watch(stream.endSegment());
    await speak(1_000); // the wait runs out: the first request's input is closed
    await flush();
    const old = scripted.requests[0];
    const closedAfter = Buffer.concat(old?.received ?? []).length;
    await speak(500); // the old request is still closing
    scripted.requests[1]?.say(result('Meanwhile.', false, { startTime: 0.1, endTime: 0.4 }));
    await flush();
    old?.finish(result('Late.', false, { startTime: 0.5, endTime: 1.4 }));
    const firstSegment = await segment.promise;
    await speak(500);
    const secondSegment = await stream.endSegment();
    const ended = stream.end();
    await flush();
    scripted.requests[1]?.finish();

    // Assess
    expect(firstSegment).toEqual({ text: 'Late.', endMs: closedAfter / 32 });
    expect(secondSegment).toEqual({ text: 'Meanwhile.', endMs: 3_000 });
    await expect(ended).resolves.toEqual({ text: 'Late. Meanwhile.' });
    expect(closedAfter).toBe(2_000 * 32); // 1 s before the cut, 1 s of waiting
    const heard = [...(old?.received ?? []), ...(scripted.requests[1]?.received ?? [])];
    expect(Buffer.concat(heard).length).toBe(3_000 * 32);
    expect(Buffer.concat(heard).equals(Buffer.concat(written))).toBe(true);
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(2);
  });

  it('gives the finals end() brings to a cut still waiting, and needs no request without audio', async () => {
    // Prepare
    const scripted = scriptedTranscribe((request) =>
      request.finish(result('The end.', false, { startTime: 0.1, endTime: 0.5 })),
    );
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    const silent = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });

    // Act
    const nothingYet = await silent.endSegment();
    await writeAudio(stream, 1_500);
    const segment = stream.endSegment();
    const ended = await stream.end();

    // Assess
    expect(nothingYet).toEqual({ text: '', endMs: 0 });
    await expect(segment).resolves.toEqual({ text: 'The end.', endMs: 1_500 });
    expect(ended).toEqual({ text: 'The end.' });
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(1);
    await expect(stream.endSegment()).rejects.toMatchObject({ code: 'StreamEnded' });
  });

  it('rejects a waiting cut and every later one when the stream fails, as end() does', async () => {
    // Prepare
    const unavailable = new ServiceUnavailableException({ message: 'try later', $metadata: {} });
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await writeAudio(stream, 1_000);
    await flush();

    // Act
    const waiting = stream.endSegment().catch((caught: unknown) => caught);
    scripted.requests[0]?.say(result('Hello', true));
    await flush();
    scripted.requests[0]?.finish();
    const queued = stream.endSegment().catch((caught: unknown) => caught);
    await flush();

    // Assess
    expect(await waiting).toMatchObject({ code: 'StreamClosed' });
    expect(await queued).toBe(await waiting);
    await expect(stream.endSegment()).rejects.toBe(await waiting);
    await expect(stream.end()).rejects.toBe(await waiting);
    const failing = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    transcribe.on(StartStreamTranscriptionCommand).rejects(unavailable);
    await failing.write(pcmOf(100));
    await flush();
    await expect(failing.endSegment()).rejects.toMatchObject({ code: 'ServiceUnavailableException' });
  });

  it('counts the wait from when Transcribe can have heard the cut, so a backlog written at once is not cut short', async () => {
    // Prepare
    const scripted = scriptedTranscribe((request) => request.finish());
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    // The fake timers' clock, so the adapter's time and its timers agree.
    const stream = new TranscribeStreamingSpeechStreams(client, { now: () => jest.now() }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await writeAudio(stream, 5_000); // a restarted stream catching up: 5 s written at once
    await flush();

    // Act
    const segment = watch(stream.endSegment());
    await jest.advanceTimersByTimeAsync(5_000 + 2_499);
    const openAtTheRealTimeEndPlusTheWait = scripted.requests[0]?.audioEnded === false && !segment.settled();
    await jest.advanceTimersByTimeAsync(1);

    // Assess
    expect(openAtTheRealTimeEndPlusTheWait).toBe(true);
    await expect(segment.promise).resolves.toEqual({ text: '', endMs: 5_000 });
    expect(scripted.requests[0]?.audioEnded).toBe(true);
  });

  it('fails as Timeout when the closed request sends no last result within endTimeoutMs', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const stream = new TranscribeStreamingSpeechStreams(client, {
      segmentWaitMs: 500,
      endTimeoutMs: 2_000,
    }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await speakAudio(stream, 1_000);

    // Act
    const segment = stream.endSegment().catch((caught: unknown) => caught);
    await jest.advanceTimersByTimeAsync(500 + 2_000);

    // Assess
    expect(await segment).toMatchObject({
      code: 'Timeout',
      message: 'Transcribe Streaming gave no last result within 2000 ms',
    });
    expect(scripted.requests[0]?.audioEnded).toBe(true);
    await expect(stream.write(pcmOf(100))).rejects.toMatchObject({ code: 'Timeout' });
  });

  it('rejects a waiting cut when the stream is aborted, and a refused stream’s cut says why', async () => {
    // Prepare
    const scripted = scriptedTranscribe();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
    const engine = new TranscribeStreamingSpeechStreams(client);
    const stream = engine.open({ languageCode: 'en', sampleRate: 16_000 });
    await writeAudio(stream, 1_000);
    const waiting = stream.endSegment().catch((caught: unknown) => caught);

    // Act
    stream.abort();

    // Assess
    expect(await waiting).toMatchObject({ code: 'Aborted' });
    await expect(engine.open({ languageCode: 'tlh', sampleRate: 16_000 }).endSegment()).rejects.toMatchObject(
      {
        code: 'UnsupportedLanguage',
      },
    );
  });
});
