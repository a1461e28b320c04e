import type { Logger } from '@lingocast/logging';
import type {
  Clock,
  ListenerGateway,
  SessionStore,
  SpeechSynthesizer,
  TranslationCache,
  Translator,
} from '../ports';

export interface Deps {
  sessions: SessionStore;
  translator: Translator;
  synthesizer: SpeechSynthesizer;
  cache: TranslationCache;
  listeners: ListenerGateway;
  clock: Clock;
  logger: Logger;
}
