import type { TranslationPipelineConfig } from '../config';
import type { SpeechSynthesizer, Translator } from '../ports';
import { ApertiumTranslator } from './offline/apertium-translator';
import { EspeakSynthesizer } from './offline/espeak-synthesizer';

/** The translator and synthesizer of the configured provider. */
export function createSpeechProviders(config: Pick<TranslationPipelineConfig, 'speechProvider' | 'region'>): {
  translator: Translator;
  synthesizer: SpeechSynthesizer;
} {
  if (config.speechProvider === 'offline')
    return { translator: new ApertiumTranslator(), synthesizer: new EspeakSynthesizer() };
  throw new Error('the aws speech provider (Translate, Polly) is not wired yet; set SPEECH_PROVIDER=offline');
}
