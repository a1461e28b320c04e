import {
  BadRequestException,
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
import {
  TRANSCRIBE_LANGUAGE_CODES,
  TranscribeStreamingError,
  TranscribeStreamingSpeechToText,
  audioEvents,
} from './transcribe-streaming-speech-to-text';

const transcribe = mockClient(TranscribeStreamingClient);

/** PCM16 mono of `ms` milliseconds at `sampleRate`, every sample distinct enough to spot reordering. */
function pcmOf(ms: number, sampleRate = 16_000): Buffer {
  const samples = Math.round((sampleRate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index += 1) pcm.writeInt16LE((index % 2000) - 1000, index * 2);
  return pcm;
}

function result(transcript: string, isPartial: boolean, confidences: number[] = []): Result {
  return {
    IsPartial: isPartial,
    Alternatives: [
      {
        Transcript: transcript,
        Items: [
          ...confidences.map((confidence, index) => ({
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

/** What Transcribe Streaming answers: an async stream of result events. */
async function* resultStream(
  events: readonly TranscriptResultStream[],
): AsyncGenerator<TranscriptResultStream> {
  for (const event of events) yield event;
}

async function readAudioStream(input: StartStreamTranscriptionCommandInput): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const event of input.AudioStream ?? []) {
    const chunk = event.AudioEvent?.AudioChunk;
    if (chunk !== undefined) chunks.push(Buffer.from(chunk));
  }
  return chunks;
}

describe('TranscribeStreamingSpeechToText', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = new TranscribeStreamingClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  describe('streaming one utterance', () => {
    it('opens one PCM stream in the mapped language and sends the audio as ~100 ms AudioEvents, in order', async () => {
      // Prepare
      const pcm = pcmOf(1050);
      let sentChunks: Buffer[] = [];
      transcribe
        .on(StartStreamTranscriptionCommand)
        .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
          sentChunks = await readAudioStream(input);
          return { TranscriptResultStream: resultStream([transcriptEvent(result('Hola a todos.', false))]) };
        });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      await stt.transcribe({ pcm, sampleRate: 16_000, languageCode: 'es' });

      // Assess
      const calls = transcribe.commandCalls(StartStreamTranscriptionCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toMatchObject({
        LanguageCode: 'es-US',
        MediaEncoding: 'pcm',
        MediaSampleRateHertz: 16_000,
      });
      expect(sentChunks.map((chunk) => chunk.length)).toEqual([...Array<number>(10).fill(3200), 1600]);
      expect(Buffer.concat(sentChunks).equals(pcm)).toBe(true);
    });

    it('keeps only final results, joined in order, and ignores the partial ones', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({
        TranscriptResultStream: resultStream([
          transcriptEvent(result('Good', true)),
          transcriptEvent(result('Good morning', true)),
          transcriptEvent(result('Good morning everyone.', false)),
          transcriptEvent(result('Welcome', true)),
          transcriptEvent(result('Welcome to the talk.', false)),
          { TranscriptEvent: { Transcript: { Results: [] } } },
        ]),
      });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const transcription = await stt.transcribe({ pcm: pcmOf(500), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      expect(transcription.text).toBe('Good morning everyone. Welcome to the talk.');
    });

    it('reports the mean confidence of the final words, leaving out punctuation and partial results', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({
        TranscriptResultStream: resultStream([
          transcriptEvent(result('Good', true, [0.1])),
          transcriptEvent(result('Good morning.', false, [0.9, 0.7])),
          transcriptEvent(result('Thanks.', false, [0.5])),
        ]),
      });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const transcription = await stt.transcribe({ pcm: pcmOf(500), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      expect(transcription.confidence).toBeCloseTo(0.7, 10);
    });

    it('answers empty text without a confidence when the stream holds no final result, skipping unknown events', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({
        TranscriptResultStream: resultStream([
          transcriptEvent(result('uh', true, [0.2])),
          transcriptEvent({ IsPartial: false, Alternatives: [] }),
          transcriptEvent({ IsPartial: false }),
          { $unknown: ['SomeNewEvent', {}] },
        ]),
      });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const transcription = await stt.transcribe({ pcm: pcmOf(300), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      expect(transcription).toEqual({ text: '' });
    });

    it('sizes the AudioEvents by the sample rate and the configured chunk length', async () => {
      // Prepare
      let sentChunks: Buffer[] = [];
      transcribe
        .on(StartStreamTranscriptionCommand)
        .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
          sentChunks = await readAudioStream(input);
          return { TranscriptResultStream: resultStream([]) };
        });
      const stt = new TranscribeStreamingSpeechToText(client, { chunkMs: 200 });

      // Act
      await stt.transcribe({ pcm: pcmOf(400, 8_000), sampleRate: 8_000, languageCode: 'en' });

      // Assess
      expect(
        transcribe.commandCalls(StartStreamTranscriptionCommand)[0]?.args[0].input.MediaSampleRateHertz,
      ).toBe(8_000);
      expect(sentChunks.map((chunk) => chunk.length)).toEqual([3200, 3200]);
    });

    it('opens no stream for empty audio, which would still be billed for 15 seconds', async () => {
      // Prepare
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const transcription = await stt.transcribe({
        pcm: Buffer.alloc(1),
        sampleRate: 16_000,
        languageCode: 'en',
      });

      // Assess
      expect(transcription).toEqual({ text: '' });
      expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(0);
    });

    it('drops a trailing odd byte so every AudioEvent holds whole samples', async () => {
      // Prepare
      let sentChunks: Buffer[] = [];
      transcribe
        .on(StartStreamTranscriptionCommand)
        .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
          sentChunks = await readAudioStream(input);
          return { TranscriptResultStream: resultStream([]) };
        });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      await stt.transcribe({
        pcm: Buffer.concat([pcmOf(50), Buffer.from([7])]),
        sampleRate: 16_000,
        languageCode: 'en',
      });

      // Assess
      expect(sentChunks.map((chunk) => chunk.length)).toEqual([1600]);
    });
  });

  describe('languages', () => {
    it('offers exactly the languages of its code table', () => {
      // Act
      const stt = new TranscribeStreamingSpeechToText(client);

      // Assess
      expect([...stt.languages].sort()).toEqual(
        ['ar', 'ca', 'de', 'en', 'es', 'fr', 'hi', 'it', 'ja', 'ko', 'nl', 'pt', 'sv', 'zh'].sort(),
      );
      expect(stt.languages).toEqual(Object.keys(TRANSCRIBE_LANGUAGE_CODES));
    });

    it.each([
      ['en', 'en-US'],
      ['es', 'es-US'],
      ['fr', 'fr-FR'],
      ['de', 'de-DE'],
      ['it', 'it-IT'],
      ['pt', 'pt-BR'],
      ['ja', 'ja-JP'],
      ['ko', 'ko-KR'],
      ['zh', 'zh-CN'],
      ['hi', 'hi-IN'],
      ['ar', 'ar-SA'],
      ['nl', 'nl-NL'],
      ['sv', 'sv-SE'],
      ['ca', 'ca-ES'],
    ])('streams %s as %s', async (language, expectedCode) => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: resultStream([]) });
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      await stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: language });

      // Assess
      expect(transcribe.commandCalls(StartStreamTranscriptionCommand)[0]?.args[0].input.LanguageCode).toBe(
        expectedCode,
      );
    });

    it.each([
      ['en-GB', 'en-GB'],
      ['pt_PT', 'pt-PT'],
      ['EN', 'en-US'],
      [' fr-ca ', 'fr-CA'],
      ['en-XX', 'en-US'],
    ])(
      'maps the tag %s to %s: a Transcribe variant when one exists, else the default',
      (tag, expectedCode) => {
        // Prepare
        const stt = new TranscribeStreamingSpeechToText(client);

        // Act
        const code = stt.languageCodeFor(tag);

        // Assess
        expect(code).toBe(expectedCode);
      },
    );

    it('refuses a language outside its table, even when Transcribe knows a variant of it', () => {
      // Prepare
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const code = stt.languageCodeFor('ru-RU');

      // Assess
      expect(code).toBeUndefined();
    });

    it('takes extra languages from its options', async () => {
      // Prepare
      transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: resultStream([]) });
      const stt = new TranscribeStreamingSpeechToText(client, {
        languageCodes: { ru: 'ru-RU', en: 'en-GB' },
      });

      // Act
      await stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'en' });

      // Assess
      expect(stt.languages).toContain('ru');
      expect(transcribe.commandCalls(StartStreamTranscriptionCommand)[0]?.args[0].input.LanguageCode).toBe(
        'en-GB',
      );
    });

    it('rejects a language it has no code for, without opening a stream', async () => {
      // Prepare
      const stt = new TranscribeStreamingSpeechToText(client);

      // Act
      const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: 16_000, languageCode: 'xx' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        name: 'TranscribeStreamingError',
        code: 'UnsupportedLanguage',
        details: { languageCode: 'xx' },
      });
      expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(0);
    });

    it.each([[4_000], [96_000], [16_000.5]])(
      'rejects %s Hz audio, outside what Transcribe takes',
      async (rate) => {
        // Prepare
        const stt = new TranscribeStreamingSpeechToText(client);

        // Act
        const attempt = stt.transcribe({ pcm: pcmOf(100), sampleRate: rate, languageCode: 'en' });

        // Assess
        await expect(attempt).rejects.toMatchObject({ code: 'UnsupportedSampleRate' });
        expect(transcribe.commandCalls(StartStreamTranscriptionCommand)).toHaveLength(0);
      },
    );
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

describe('audioEvents', () => {
  it('cuts the PCM into AudioEvents of the given size, the last one shorter', async () => {
    // Prepare
    const pcm = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    // Act
    const chunks: number[][] = [];
    for await (const event of audioEvents(pcm, 4)) chunks.push([...(event.AudioEvent?.AudioChunk ?? [])]);

    // Assess
    expect(chunks).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });
});
