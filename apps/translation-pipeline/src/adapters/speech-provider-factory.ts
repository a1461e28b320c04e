import { pollyClient, translateClient } from '@lingocast/aws';
import type { TranslationPipelineConfig } from '../config';
import type { SpeechSynthesizer, Translator } from '../ports';
import { AmazonTranslateTranslator } from './aws/amazon-translate-translator';
import { PollySpeechSynthesizer } from './aws/polly-speech-synthesizer';
import { ApertiumTranslator } from './offline/apertium-translator';
import { EspeakSynthesizer } from './offline/espeak-synthesizer';

/**
 * The translator and synthesizer of the configured provider (`SPEECH_PROVIDER`): Apertium and espeak-ng on
 * the local stage, Amazon Translate and Polly in the configured region on deployed stages.
 *
 * @example
 * const { translator, synthesizer } = createSpeechProviders({ speechProvider: 'aws', region: 'eu-west-1' });
 */
export function createSpeechProviders(config: Pick<TranslationPipelineConfig, 'speechProvider' | 'region'>): {
  translator: Translator;
  synthesizer: SpeechSynthesizer;
} {
  switch (config.speechProvider) {
    case 'offline':
      return { translator: new ApertiumTranslator(), synthesizer: new EspeakSynthesizer() };
    case 'aws':
      return {
        translator: new AmazonTranslateTranslator(translateClient({ region: config.region })),
        synthesizer: new PollySpeechSynthesizer(pollyClient({ region: config.region })),
      };
  }
}
