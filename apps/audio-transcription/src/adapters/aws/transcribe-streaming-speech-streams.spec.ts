import {
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

// Streams that work: audio in as written, partials and finals out. Failures: transcribe-streaming-speech-streams-failures.spec.ts.
const transcribe = mockClient(TranscribeStreamingClient);

describe('TranscribeStreamingSpeechStreams', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = testClient();
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
