import { PollyClient, SynthesizeSpeechCommand } from '@aws-sdk/client-polly';
import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { resetClients } from '@lingocast/aws';
import { sourceLanguagesOf, targetLanguagesOf } from '@lingocast/config';
import { mockClient } from 'aws-sdk-client-mock';
import { AmazonTranslateTranslator } from './aws/amazon-translate-translator';
import { PollySpeechSynthesizer } from './aws/polly-speech-synthesizer';
import { mp3Frames } from './aws/testing/mp3-frames';
import { pollyAudioStream } from './aws/testing/polly-audio-stream';
import { ApertiumTranslator } from './offline/apertium-translator';
import { EspeakSynthesizer } from './offline/espeak-synthesizer';
import { createSpeechProviders } from './speech-provider-factory';

const translate = mockClient(TranslateClient);
const polly = mockClient(PollyClient);

describe('createSpeechProviders', () => {
  beforeEach(() => {
    translate.reset();
    polly.reset();
  });

  afterEach(() => {
    resetClients();
  });

  afterAll(() => {
    translate.restore();
    polly.restore();
  });

  it('uses Apertium and espeak-ng for the offline provider', () => {
    // Act
    const providers = createSpeechProviders({ speechProvider: 'offline', region: 'us-east-1' });

    // Assess
    expect(providers.translator).toBeInstanceOf(ApertiumTranslator);
    expect(providers.synthesizer).toBeInstanceOf(EspeakSynthesizer);
  });

  it('uses Amazon Translate and Polly for the aws provider, both in the configured region', async () => {
    // Prepare
    translate.on(TranslateTextCommand).resolves({ TranslatedText: 'Hola' });
    polly.on(SynthesizeSpeechCommand).resolves({ AudioStream: pollyAudioStream(mp3Frames(1)) });

    // Act
    const providers = createSpeechProviders({ speechProvider: 'aws', region: 'eu-central-1' });
    await providers.translator.translate({ text: 'Hello', sourceLanguage: 'en', targetLanguage: 'es' });
    await providers.synthesizer.synthesize({ text: 'Hola', language: 'es' });

    // Assess
    expect(providers.translator).toBeInstanceOf(AmazonTranslateTranslator);
    expect(providers.synthesizer).toBeInstanceOf(PollySpeechSynthesizer);
    const translateUsed = translate.call(0).thisValue as TranslateClient;
    const pollyUsed = polly.call(0).thisValue as PollyClient;
    expect(await translateUsed.config.region()).toBe('eu-central-1');
    expect(await pollyUsed.config.region()).toBe('eu-central-1');
  });

  it.each(['offline', 'aws'] as const)(
    'serves every language the %s provider lets speakers and listeners choose',
    (speechProvider) => {
      // Prepare
      const { translator, synthesizer } = createSpeechProviders({ speechProvider, region: 'us-east-1' });
      const pairs = sourceLanguagesOf(speechProvider).flatMap((source) =>
        targetLanguagesOf(speechProvider).map((target) => [source, target] as const),
      );

      // Act
      const untranslatable = pairs.filter(([source, target]) => !translator.supports(source, target));
      const unspeakable = targetLanguagesOf(speechProvider).filter((target) => !synthesizer.supports(target));

      // Assess
      expect(untranslatable).toEqual([]);
      expect(unspeakable).toEqual([]);
    },
  );
});
