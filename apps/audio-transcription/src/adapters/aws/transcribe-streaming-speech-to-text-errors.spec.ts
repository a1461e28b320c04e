import {
  BadRequestException,
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
import {
  TranscribeStreamingError,
  TranscribeStreamingSpeechToText,
} from './transcribe-streaming-speech-to-text';
import {
  pcmOf,
  readAudioStream,
  result,
  resultStream,
  transcribeTestClient,
  transcriptEvent,
} from './transcribe-streaming-speech-to-text.spec-helper';

// How Transcribe's failures reach the caller, and the one retry after throttling.
const transcribe = mockClient(TranscribeStreamingClient);

describe('TranscribeStreamingSpeechToText', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = transcribeTestClient();
  });

  describe('errors', () => {
    it('throws a BadRequestException as a TranscribeStreamingError with the SDK error as cause', async () => {
      // Prepare
      const refused = new BadRequestException({
        message: 'Your stream is too big',
        $metadata: { httpStatusCode: 400 },
      });
      transcribe.on(StartStreamTranscriptionCommand).rejects(refused);
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'de' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TranscribeStreamingError);
      expect(error).toMatchObject({
        code: 'BadRequestException',
        throttled: false,
        message: 'Transcribe Streaming failed: BadRequestException: Your stream is too big',
        details: { languageCode: 'de', transcribeLanguageCode: 'de-DE', sampleRate: 16_000 },
      });
      expect((error as TranscribeStreamingError).cause).toBe(refused);
    });

    it.each([
      [
        'LimitExceededException (too many concurrent streams)',
        new LimitExceededException({ message: 'limit', $metadata: { httpStatusCode: 429 } }),
        'LimitExceededException',
      ],
      [
        'a throttling error',
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }),
        'ThrottlingException',
      ],
    ])('retries %s within the latency budget, then marks it as throttled', async (_what, sdkError, code) => {
      // Prepare
      let nowMs = 0;
      transcribe.on(StartStreamTranscriptionCommand).rejects(sdkError);
      const stt = new TranscribeStreamingSpeechToText(client, {
        retry: { sleep: async (ms) => void (nowMs += ms), random: () => 0.999, now: () => nowMs },
      });

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        name: 'TranscribeStreamingError',
        code,
        throttled: true,
      });
      expect(nowMs).toBeLessThanOrEqual(1_500);
      expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(5);
    });

    it('sends the whole utterance again on a fresh stream after throttling, and answers its text', async () => {
      // Prepare
      const sleeps: number[] = [];
      const throttled = new LimitExceededException({ message: 'limit', $metadata: { httpStatusCode: 429 } });
      const sent: Buffer[][] = [];
      let calls = 0;
      transcribe
        .on(StartStreamTranscriptionCommand)
        .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
          calls += 1;
          sent.push(await readAudioStream(input));
          if (calls === 1) throw throttled;
          return { TranscriptResultStream: resultStream([transcriptEvent(result('Good morning.', false))]) };
        });
      const stt = new TranscribeStreamingSpeechToText(client, {
        retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => 0 },
      });
      const pcm = pcmOf(300);

      // Act
      const transcription = await stt.transcribe({ pcm, sampleRate: 16_000, languageCode: 'en' });

      // Assess
      expect(transcription.text).toBe('Good morning.');
      expect(sleeps).toEqual([75]);
      expect(sent).toHaveLength(2);
      expect(Buffer.concat(sent[1] ?? [])).toEqual(pcm);
    });

    it('throws an exception event that arrives inside the result stream, after partial results', async () => {
      // Prepare
      const unavailable = new ServiceUnavailableException({ message: 'try later', $metadata: {} });
      transcribe.on(StartStreamTranscriptionCommand).resolves({
        TranscriptResultStream: resultStream([
          transcriptEvent(result('Good', true)),
          { ServiceUnavailableException: unavailable },
          transcriptEvent(result('Good morning.', false)),
        ]),
      });
      // No time left in the budget for another stream.
      const stt = new TranscribeStreamingSpeechToText(client, { retry: { budgetMs: 0 } });

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ServiceUnavailableException', throttled: false });
      expect((error as Error).cause).toBe(unavailable);
    });

    it('wraps an error the SDK throws while the result stream is being read', async () => {
      // Prepare
      const limit = new LimitExceededException({ message: 'audio too long', $metadata: {} });
      async function* failingStream(): AsyncGenerator<TranscriptResultStream> {
        yield transcriptEvent(result('Hello', true));
        throw limit;
      }
      transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: failingStream() });
      const stt = new TranscribeStreamingSpeechToText(client, { retry: { budgetMs: 0 } });

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'LimitExceededException', throttled: true });
      expect((error as Error).cause).toBe(limit);
    });

    it('fails when Transcribe answers without a result stream', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({ RequestId: 'req-1' });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'NoResultStream',
        details: { requestId: 'req-1', languageCode: 'en' },
      });
    });

    it('gives up on a stream that stops answering once the timeout passes', async () => {
      // Prepare
      async function* silentStream(): AsyncGenerator<TranscriptResultStream> {
        yield transcriptEvent(result('Hello', true));
        await new Promise<never>(() => undefined);
      }
      transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: silentStream() });
      const stt = new TranscribeStreamingSpeechToText(client, { timeoutMs: 20 });

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        name: 'TranscribeStreamingError',
        code: 'Timeout',
        message: 'Transcribe Streaming did not finish within 20 ms',
      });
    });

    it('reports a non-error rejection with its text', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).callsFake(() => Promise.reject('connection reset'));
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'UnknownError',
        message: 'Transcribe Streaming failed: UnknownError: connection reset',
      });
    });
  });
});
