import {
  TooManyRequestsException,
  TranslateClient,
  TranslateTextCommand,
  UnsupportedLanguagePairException,
} from '@aws-sdk/client-translate';
import { mockClient } from 'aws-sdk-client-mock';
import { AMAZON_TRANSLATE_LANGUAGES, AmazonTranslateTranslator } from './amazon-translate-translator';
import { AwsSpeechError } from './aws-speech-error';

const translate = mockClient(TranslateClient);

describe('AmazonTranslateTranslator', () => {
  let client: TranslateClient;

  beforeEach(() => {
    translate.reset();
    client = new TranslateClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  describe('translate', () => {
    it('sends the text with Translate language codes and answers the translated text', async () => {
      // Prepare
      translate.on(TranslateTextCommand).resolves({
        TranslatedText: 'Bon dia a tothom.',
        SourceLanguageCode: 'en',
        TargetLanguageCode: 'ca',
      });
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const text = await translator.translate({
        text: 'Good morning everyone.',
        sourceLanguage: 'en',
        targetLanguage: 'ca',
      });

      // Assess
      expect(text).toBe('Bon dia a tothom.');
      expect(translate.commandCalls(TranslateTextCommand)[0]?.args[0].input).toEqual({
        Text: 'Good morning everyone.',
        SourceLanguageCode: 'en',
        TargetLanguageCode: 'ca',
      });
    });

    it.each([
      ['en', 'nb', 'no'],
      ['en', 'pt-PT', 'pt-PT'],
      ['en', 'pt-BR', 'pt'],
      ['en', 'zh', 'zh'],
      ['en', 'zh_TW', 'zh-TW'],
      ['en', 'es-MX', 'es-MX'],
      ['en', 'de-AT', 'de'],
    ])('translates %s to %s with the Translate target code %s', async (source, target, expectedCode) => {
      // Prepare
      translate.on(TranslateTextCommand).resolves({ TranslatedText: 'x' });
      const translator = new AmazonTranslateTranslator(client);

      // Act
      await translator.translate({ text: 'Hello', sourceLanguage: source, targetLanguage: target });

      // Assess
      expect(translate.commandCalls(TranslateTextCommand)[0]?.args[0].input.TargetLanguageCode).toBe(
        expectedCode,
      );
    });

    it.each([
      ['en', 'en'],
      ['en', 'en-GB'],
      ['nb', 'no'],
      ['xx', 'xx-YY'],
    ])('returns the input untouched from %s to %s, without a request', async (source, target) => {
      // Prepare
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const text = await translator.translate({
        text: ' Hello there ',
        sourceLanguage: source,
        targetLanguage: target,
      });

      // Assess
      expect(text).toBe(' Hello there ');
      expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(0);
    });

    it('answers empty text for blank input, without a request', async () => {
      // Prepare
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const text = await translator.translate({ text: '  ', sourceLanguage: 'en', targetLanguage: 'es' });

      // Assess
      expect(text).toBe('');
      expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(0);
    });

    it('refuses a language it has no code for, without a request', async () => {
      // Prepare
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const attempt = translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'tlh' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        name: 'AwsSpeechError',
        service: 'translate',
        code: 'UnsupportedLanguage',
        message: 'Amazon Translate cannot translate en to tlh',
      });
      expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(0);
    });
  });

  describe('errors', () => {
    it('retries throttling with backoff and answers the translation once Translate accepts', async () => {
      // Prepare
      const sleeps: number[] = [];
      const throttled = new TooManyRequestsException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 429 },
      });
      translate.on(TranslateTextCommand).rejectsOnce(throttled).resolves({ TranslatedText: 'Bonjour' });
      const translator = new AmazonTranslateTranslator(client, {
        retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => 0 },
      });

      // Act
      const text = await translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'fr' });

      // Assess
      expect(text).toBe('Bonjour');
      expect(sleeps).toEqual([75]);
      expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(2);
    });

    it('lets throttling through after the latency budget, marked as throttled, with the SDK error as cause', async () => {
      // Prepare
      let nowMs = 0;
      const throttled = new TooManyRequestsException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 429 },
      });
      translate.on(TranslateTextCommand).rejects(throttled);
      const translator = new AmazonTranslateTranslator(client, {
        retry: { sleep: async (ms) => void (nowMs += ms), random: () => 0.999, now: () => nowMs },
      });

      // Act
      const attempt = translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'fr' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsSpeechError);
      expect(error).toMatchObject({
        code: 'TooManyRequestsException',
        throttled: true,
        message: 'Amazon Translate could not translate en to fr: TooManyRequestsException: Rate exceeded',
        details: { sourceLanguage: 'en', targetLanguage: 'fr', textLength: 5 },
      });
      expect((error as AwsSpeechError).cause).toBe(throttled);
      expect(nowMs).toBeLessThanOrEqual(1_500);
      expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(5);
    });

    it('throws a refused pair as an error that is not throttling', async () => {
      // Prepare
      translate
        .on(TranslateTextCommand)
        .rejects(
          new UnsupportedLanguagePairException({ message: 'Unsupported language pair', $metadata: {} }),
        );
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const attempt = translator.translate({ text: 'Hello', sourceLanguage: 'ca', targetLanguage: 'ko' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'UnsupportedLanguagePairException',
        throttled: false,
      });
    });

    it('fails when Translate answers without text', async () => {
      // Prepare
      translate.on(TranslateTextCommand).resolves({});
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const attempt = translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'de' });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'EmptyResponse' });
    });
  });

  describe('supports', () => {
    it.each(Object.keys(AMAZON_TRANSLATE_LANGUAGES))('supports English to %s', (target) => {
      // Prepare
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const supported = translator.supports('en', target);

      // Assess
      expect(supported).toBe(true);
    });

    it.each([
      ['en', 'tlh', false],
      ['tlh', 'en', false],
      ['tlh', 'tlh', true],
      ['ES', 'pt_BR', true],
    ])('answers %s to %s: %s', (source, target, expected) => {
      // Prepare
      const translator = new AmazonTranslateTranslator(client);

      // Act
      const supported = translator.supports(source, target);

      // Assess
      expect(supported).toBe(expected);
    });

    it('takes extra languages from its options', async () => {
      // Prepare
      translate.on(TranslateTextCommand).resolves({ TranslatedText: 'Привет' });
      const translator = new AmazonTranslateTranslator(client, { languages: { ru: 'ru' } });

      // Act
      const text = await translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'ru' });

      // Assess
      expect(translator.supports('en', 'ru')).toBe(true);
      expect(text).toBe('Привет');
    });
  });
});
