import type { Logger } from '@lingocast/logging';
import type {
  AudioForwarder,
  Clock,
  ConnectionGateway,
  ConnectionGreeter,
  IdGenerator,
  SessionStore,
} from '../ports';

export interface SessionSettings {
  maxListenersPerSession: number;
  sessionTtlHours: number;
  sourceLanguages: readonly string[];
  targetLanguages: readonly string[];
}

/** Everything a use case may touch; handlers build it once per warm Lambda. */
export interface Deps {
  store: SessionStore;
  gateway: ConnectionGateway;
  audio: AudioForwarder;
  greeter: ConnectionGreeter;
  clock: Clock;
  ids: IdGenerator;
  settings: SessionSettings;
  logger: Logger;
}
