import type { Logger } from '@lingocast/logging';
import type {
  AudioForwarder,
  Clock,
  ConnectionGateway,
  ConnectionGreeter,
  IdGenerator,
  ManagedSessionStore,
  RateLimiter,
  ReplayStore,
} from '../ports';
import type { LifecycleSettings } from '../config';

export interface SessionSettings {
  maxListenersPerSession: number;
  /** Concurrent sessions the deployment is sized for (alarm and sweeper warning at 90 %). */
  maxActiveSessions: number;
  sessionTtlHours: number;
  sourceLanguages: readonly string[];
  targetLanguages: readonly string[];
  lifecycle: LifecycleSettings;
}

/** Everything a use case may touch; handlers build it once per warm Lambda. */
export interface Deps {
  store: ManagedSessionStore;
  limits: RateLimiter;
  gateway: ConnectionGateway;
  /** The recent utterances per language, written by translation-pipeline; read by `replay`. */
  replay: ReplayStore;
  audio: AudioForwarder;
  greeter: ConnectionGreeter;
  clock: Clock;
  ids: IdGenerator;
  settings: SessionSettings;
  logger: Logger;
}
