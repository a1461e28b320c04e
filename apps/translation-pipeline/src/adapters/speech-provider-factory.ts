import { pollyClient, translateClient } from '@lingocast/aws';
import type { Logger } from '@lingocast/logging';
import type { TranslationPipelineConfig } from '../config';
import type { SpeechSynthesizer, Translator } from '../ports';
import { AmazonTranslateTranslator } from './aws/amazon-translate-translator';
import { PollySpeechSynthesizer } from './aws/polly-speech-synthesizer';
import { ApertiumTranslator } from './offline/apertium-translator';
import { EspeakSynthesizer } from './offline/espeak-synthesizer';

/**
 * The translator and synthesizer of the configured provider (`SPEECH_PROVIDER`): Apertium (warm pipelines)
 * and espeak-ng on the local stage, Amazon Translate and Polly in the configured region on deployed stages.
 * `logger` hears about warm Apertium pipelines that failed (the call then ran Apertium as a separate process).
 *
 * @example
 * const { translator, synthesizer } = createSpeechProviders({ speechProvider: 'aws', region: 'eu-west-1' });
 */
export function createSpeechProviders(
  config: Pick<TranslationPipelineConfig, 'speechProvider' | 'region'>,
  logger?: Pick<Logger, 'warn'>,
): {
  translator: Translator;
  synthesizer: SpeechSynthesizer;
} {
  switch (config.speechProvider) {
    case 'offline':
      return {
        translator: new ApertiumTranslator({
          onWarmFailure: (error, mode) =>
            logger?.warn({ err: error, mode }, 'warm Apertium pipeline failed; ran apertium once instead'),
        }),
        synthesizer: new EspeakSynthesizer(),
      };
    case 'aws':
      return {
        translator: new AmazonTranslateTranslator(translateClient({ region: config.region })),
        synthesizer: new PollySpeechSynthesizer(pollyClient({ region: config.region })),
      };
  }
}
