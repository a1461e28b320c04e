import {
  LimitExceededException,
  ServiceUnavailableException,
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import type {
  StartStreamTranscriptionCommandInput,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import type { SpeechStreamResult } from '../../ports';
import { TranscribeStreamingSpeechStreams } from './transcribe-streaming-speech-streams';
import {
  echoingTranscribe,
  pcmOf,
  result,
  settle,
  testClient,
  transcriptEvent,
} from './transcribe-streaming-speech-streams.spec-helper';

// Streams that fail: exception events, refusals, stalls, a missing end, an abort, an early close.
const transcribe = mockClient(TranscribeStreamingClient);

describe('TranscribeStreamingSpeechStreams when a stream fails', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = testClient();
  });

  afterEach(() => jest.useRealTimers());

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
});
