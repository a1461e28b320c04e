import {
  LimitExceededException,
  ServiceUnavailableException,
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import type {
  Result,
  StartStreamTranscriptionCommandInput,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import type { SpeechStreamResult } from '../../ports';
import { TranscribeStreamingSpeechStreams } from './transcribe-streaming-speech-streams';

const transcribe = mockClient(TranscribeStreamingClient);

/** PCM16 mono of `ms` milliseconds at `sampleRate`, every sample distinct enough to spot reordering. */
function pcmOf(ms: number, sampleRate = 16_000, from = 0): Buffer {
  const samples = Math.round((sampleRate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index += 1) {
    pcm.writeInt16LE(((from + index) % 2000) - 1000, index * 2);
  }
  return pcm;
}

function result(
  transcript: string,
  isPartial: boolean,
  options: { confidences?: number[]; startTime?: number; endTime?: number } = {},
): Result {
  return {
    IsPartial: isPartial,
    StartTime: options.startTime,
    EndTime: options.endTime,
    Alternatives: [
      {
        Transcript: transcript,
        Items: [
          ...(options.confidences ?? []).map((confidence, index) => ({
            Type: 'pronunciation' as const,
            Content: `word${index}`,
            Confidence: confidence,
          })),
          { Type: 'punctuation' as const, Content: '.', Confidence: 0 },
        ],
      },
    ],
  };
}

function transcriptEvent(...results: Result[]): TranscriptResultStream {
  return { TranscriptEvent: { Transcript: { Results: results } } };
}

/** Lets the mocked stream take what was written and answer it. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A Transcribe that hears as it is fed: after each AudioEvent a partial with one more word of `words`,
 * a final for the whole sentence when the audio ends. Records the chunks it got.
 */
function echoingTranscribe(words: readonly string[], received: Buffer[]) {
  return (input: StartStreamTranscriptionCommandInput) => {
    async function* results(): AsyncGenerator<TranscriptResultStream> {
      for await (const event of input.AudioStream ?? []) {
        const chunk = event.AudioEvent?.AudioChunk;
        if (chunk === undefined) continue;
        received.push(Buffer.from(chunk));
        yield transcriptEvent(result(words.slice(0, received.length).join(' '), true));
      }
      yield transcriptEvent(result(`${words.join(' ')}.`, false, { confidences: [0.9, 0.7], endTime: 1.2 }));
    }
    return Promise.resolve({ TranscriptResultStream: results() });
  };
}

describe('TranscribeStreamingSpeechStreams', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = new TranscribeStreamingClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterEach(() => jest.useRealTimers());

  it('feeds one stream as audio is written, reporting partials while it is spoken and the final at the end', async () => {
    // Prepare
    const received: Buffer[] = [];
    transcribe
      .on(StartStreamTranscriptionCommand)
      .callsFake(echoingTranscribe(['good', 'morning', 'everyone', 'here'], received));
    const log: string[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'es',
      sampleRate: 16_000,
      onResult: (r) => log.push(`${r.isPartial ? 'partial' : 'final'}: ${r.text}`),
    });
    const chunks = [pcmOf(100), pcmOf(100, 16_000, 1600), pcmOf(100, 16_000, 3200)];

    // Act
    for (const [index, chunk] of chunks.entries()) {
      log.push(`write ${index}`);
      await stream.write(chunk);
      await settle();
    }
    log.push('end');
    const transcription = await stream.end();

    // Assess
    expect(log).toEqual([
      'write 0',
      'partial: good',
      'write 1',
      'partial: good morning',
      'write 2',
      'partial: good morning everyone',
      'end',
      'final: good morning everyone here.',
    ]);
    expect(transcription).toEqual({ text: 'good morning everyone here.', confidence: 0.8 });
    expect(Buffer.concat(received).equals(Buffer.concat(chunks))).toBe(true);
    const calls = transcribe.commandCalls(StartStreamTranscriptionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      LanguageCode: 'es-US',
      MediaEncoding: 'pcm',
      MediaSampleRateHertz: 16_000,
    });
  });

  it('splits long writes into AudioEvents of chunkMs and carries an odd byte into the next write', async () => {
    // Prepare
    const received: Buffer[] = [];
    transcribe.on(StartStreamTranscriptionCommand).callsFake(echoingTranscribe(['hello'], received));
    const stream = new TranscribeStreamingSpeechStreams(client, { chunkMs: 50 }).open({
      languageCode: 'en',
      sampleRate: 8_000,
    });
    const pcm = pcmOf(250, 8_000); // 4000 bytes: 50 ms at 8 kHz is 800 bytes

    // Act
    await stream.write(pcm.subarray(0, 2001));
    await stream.write(pcm.subarray(2001));
    await stream.end();

    // Assess
    expect(received.map((chunk) => chunk.length)).toEqual([800, 800, 400, 800, 800, 400]);
    expect(Buffer.concat(received).equals(pcm)).toBe(true);
  });

  it('reports each final of Transcribe’s own endpointing with its offsets, and joins them at the end', async () => {
    // Prepare
    transcribe
      .on(StartStreamTranscriptionCommand)
      .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
        async function* results(): AsyncGenerator<TranscriptResultStream> {
          yield transcriptEvent(result('Welcome', true));
          yield transcriptEvent(
            result('Welcome all.', false, { confidences: [1, 0.5], startTime: 0.25, endTime: 1.5 }),
          );
          yield transcriptEvent(result('Welcome', true)); // a new segment may start with the same word
          yield transcriptEvent(result('Welcome', true));
          for await (const _event of input.AudioStream ?? []) {
            // drain the audio until the stream is ended
          }
          yield transcriptEvent(
            result('Welcome again.', false, { confidences: [0.75], startTime: 1.8, endTime: 2.6 }),
          );
          yield transcriptEvent(result('', false));
        }
        return { TranscriptResultStream: results() };
      });
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });

    // Act
    await stream.write(pcmOf(200));
    await settle();
    const transcription = await stream.end();

    // Assess
    expect(seen).toEqual([
      { isPartial: true, text: 'Welcome' },
      { isPartial: false, text: 'Welcome all.', confidence: 0.75, startMs: 250, endMs: 1500 },
      { isPartial: true, text: 'Welcome' },
      { isPartial: false, text: 'Welcome again.', confidence: 0.75, startMs: 1800, endMs: 2600 },
      { isPartial: false, text: '' },
    ]);
    expect(transcription).toEqual({ text: 'Welcome all. Welcome again.', confidence: 0.75 });
  });

  it('opens no stream when no audio was written, since every stream bills at least 15 seconds', async () => {
    // Prepare
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });

    // Act
    await stream.write(Buffer.alloc(0));
    await stream.write(Buffer.from([1]));
    const transcription = await stream.end();

    // Assess
    expect(transcription).toEqual({ text: '' });
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(0);
    await expect(stream.write(pcmOf(10))).rejects.toMatchObject({ code: 'StreamEnded' });
    await expect(stream.end()).rejects.toMatchObject({ code: 'StreamEnded' });
  });

  it('fails the stream on an exception event, and the next write and the end say why', async () => {
    // Prepare
    const unavailable = new ServiceUnavailableException({ message: 'try later', $metadata: {} });
    transcribe.on(StartStreamTranscriptionCommand).callsFake(async () => {
      async function* results(): AsyncGenerator<TranscriptResultStream> {
        yield transcriptEvent(result('Good', true));
        yield { ServiceUnavailableException: unavailable };
        yield transcriptEvent(result('Good morning.', false));
      }
      return { TranscriptResultStream: results() };
    });
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });

    // Act
    await stream.write(pcmOf(100));
    await settle();
    const nextWrite = stream.write(pcmOf(100));

    // Assess
    const error = await nextWrite.catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'TranscribeStreamingError',
      code: 'ServiceUnavailableException',
      throttled: false,
    });
    expect((error as Error).cause).toBe(unavailable);
    await expect(stream.end()).rejects.toBe(error);
    expect(seen).toEqual([{ isPartial: true, text: 'Good' }]);
    // send(command, { abortSignal }): the stream is cancelled, not left open and billed.
    const sendArguments: readonly unknown[] = transcribe.send.getCall(0).args;
    expect(sendArguments[1]).toMatchObject({ abortSignal: expect.objectContaining({ aborted: true }) });
  });

  it('reports a stream refused for limits as throttled, so the caller may start again later', async () => {
    // Prepare
    const limit = new LimitExceededException({ message: 'too many streams', $metadata: {} });
    transcribe.on(StartStreamTranscriptionCommand).rejects(limit);
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });

    // Act
    await stream.write(pcmOf(100));
    const ended = stream.end();

    // Assess
    await expect(ended).rejects.toMatchObject({ code: 'LimitExceededException', throttled: true });
  });

  it('fails a stream that takes audio but sends nothing for stallTimeoutMs', async () => {
    // Prepare
    jest.useFakeTimers();
    transcribe.on(StartStreamTranscriptionCommand).callsFake(async () => {
      async function* silent(): AsyncGenerator<TranscriptResultStream> {
        await new Promise<never>(() => undefined);
      }
      return { TranscriptResultStream: silent() };
    });
    const stream = new TranscribeStreamingSpeechStreams(client, { stallTimeoutMs: 5_000 }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await stream.write(pcmOf(100));

    // Act
    await jest.advanceTimersByTimeAsync(4_999);
    const stillOpen = stream.write(pcmOf(100));
    await jest.advanceTimersByTimeAsync(1);

    // Assess
    await expect(stillOpen).resolves.toBeUndefined();
    await expect(stream.write(pcmOf(100))).rejects.toMatchObject({
      code: 'Stalled',
      message: 'Transcribe Streaming sent nothing for 5000 ms of written audio',
    });
    await expect(stream.end()).rejects.toMatchObject({ code: 'Stalled' });
  });

  it('restarts the stall clock at every event, so a stream that answers is never stalled', async () => {
    // Prepare
    jest.useFakeTimers();
    const received: Buffer[] = [];
    transcribe.on(StartStreamTranscriptionCommand).callsFake(echoingTranscribe(['a', 'b', 'c'], received));
    const stream = new TranscribeStreamingSpeechStreams(client, { stallTimeoutMs: 1_000 }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });

    // Act: 3 s of writes, one every 600 ms, each answered
    for (let index = 0; index < 5; index += 1) {
      await stream.write(pcmOf(100));
      await jest.advanceTimersByTimeAsync(600);
    }

    // Assess
    await expect(stream.end()).resolves.toMatchObject({ text: 'a b c.' });
  });

  it('gives up when the last results do not come within endTimeoutMs of the end', async () => {
    // Prepare
    jest.useFakeTimers();
    transcribe
      .on(StartStreamTranscriptionCommand)
      .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
        async function* hangsAtTheEnd(): AsyncGenerator<TranscriptResultStream> {
          for await (const _event of input.AudioStream ?? []) yield transcriptEvent(result('Hello', true));
          await new Promise<never>(() => undefined);
        }
        return { TranscriptResultStream: hangsAtTheEnd() };
      });
    const stream = new TranscribeStreamingSpeechStreams(client, { endTimeoutMs: 2_000 }).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });
    await stream.write(pcmOf(100));
    await jest.advanceTimersByTimeAsync(0);

    // Act
    const ended = stream.end();
    const outcome = ended.catch((caught: unknown) => caught);
    await jest.advanceTimersByTimeAsync(2_000);

    // Assess
    expect(await outcome).toMatchObject({
      code: 'Timeout',
      message: 'Transcribe Streaming gave no last result within 2000 ms',
    });
  });

  it('drops an aborted stream at once: a pending end rejects and nothing more is reported', async () => {
    // Prepare
    transcribe
      .on(StartStreamTranscriptionCommand)
      .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
        async function* slow(): AsyncGenerator<TranscriptResultStream> {
          for await (const _event of input.AudioStream ?? []) yield transcriptEvent(result('Hello', true));
          await new Promise<never>(() => undefined);
        }
        return { TranscriptResultStream: slow() };
      });
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });
    await stream.write(pcmOf(100));
    await settle();
    const ended = stream.end();

    // Act
    stream.abort();
    stream.abort();

    // Assess
    await expect(ended).rejects.toMatchObject({ code: 'Aborted' });
    await expect(stream.write(pcmOf(100))).rejects.toMatchObject({ code: 'Aborted' });
    expect(seen).toEqual([{ isPartial: true, text: 'Hello' }]);
  });

  it('fails a stream Transcribe closes while audio may still come, so no later audio is lost unheard', async () => {
    // Prepare
    transcribe.on(StartStreamTranscriptionCommand).resolves({
      TranscriptResultStream: (async function* closesEarly(): AsyncGenerator<TranscriptResultStream> {
        yield transcriptEvent(result('Hello.', false));
      })(),
    });
    const seen: SpeechStreamResult[] = [];
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
      onResult: (r) => seen.push(r),
    });

    // Act
    await stream.write(pcmOf(100));
    await settle();

    // Assess
    await expect(stream.write(pcmOf(100))).rejects.toMatchObject({ code: 'StreamClosed' });
    await expect(stream.end()).rejects.toMatchObject({ code: 'StreamClosed' });
    expect(seen).toEqual([{ isPartial: false, text: 'Hello.' }]);
  });

  it('fails when Transcribe answers without a result stream', async () => {
    // Prepare
    transcribe.on(StartStreamTranscriptionCommand).resolves({ RequestId: 'req-1' });
    const stream = new TranscribeStreamingSpeechStreams(client).open({
      languageCode: 'en',
      sampleRate: 16_000,
    });

    // Act
    await stream.write(pcmOf(100));

    // Assess
    await expect(stream.end()).rejects.toMatchObject({
      code: 'NoResultStream',
      details: { requestId: 'req-1', languageCode: 'en' },
    });
  });

  it('refuses a language or a sample rate Transcribe does not take, without opening a stream', async () => {
    // Prepare
    const engine = new TranscribeStreamingSpeechStreams(client);

    // Act
    const klingon = engine.open({ languageCode: 'tlh', sampleRate: 16_000 });
    const tooFast = engine.open({ languageCode: 'en-GB', sampleRate: 96_000 });
    klingon.abort();

    // Assess
    await expect(klingon.write(pcmOf(10))).rejects.toMatchObject({ code: 'UnsupportedLanguage' });
    await expect(tooFast.end()).rejects.toMatchObject({
      code: 'UnsupportedSampleRate',
      details: { transcribeLanguageCode: 'en-GB' },
    });
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(0);
    expect(engine.languages).toContain('ja');
  });
});
