import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import { mockClient } from 'aws-sdk-client-mock';
import {
  TRANSCRIBE_LANGUAGE_CODES,
  TranscribeStreamingSpeechToText,
} from './transcribe-streaming-speech-to-text';
import { pcmOf, resultStream, transcribeTestClient } from './transcribe-streaming-speech-to-text.spec-helper';

// Which languages it serves, under which Transcribe codes, and at which sample rates.
const transcribe = mockClient(TranscribeStreamingClient);

describe('TranscribeStreamingSpeechToText', () => {
  let client: TranscribeStreamingClient;

  beforeEach(() => {
    transcribe.reset();
    client = transcribeTestClient();
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
});
