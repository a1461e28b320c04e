import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import type { StartStreamTranscriptionCommandInput } from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import { TranscribeStreamingSpeechToText, audioEvents } from './transcribe-streaming-speech-to-text';
import {
  pcmOf,
  readAudioStream,
  result,
  resultStream,
  transcribeTestClient,
  transcriptEvent,
} from './transcribe-streaming-speech-to-text.spec-helper';

// Languages: transcribe-streaming-speech-to-text-languages.spec.ts; errors: …-errors.spec.ts.
const transcribe = mockClient(TranscribeStreamingClient);

describe('TranscribeStreamingSpeechToText', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = transcribeTestClient();
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
