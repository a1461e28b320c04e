import type { Logger } from '@lingocast/logging';
import type { ReplayStore } from '@lingocast/session-data';
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
  /** Keeps each language's utterances for listeners who missed them; without it nothing is kept. */
  replay?: ReplayStore;
}
