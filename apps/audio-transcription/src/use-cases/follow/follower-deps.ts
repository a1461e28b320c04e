import type { FollowAudioEvent, UtterancePartialEvent } from '@lingocast/contract';
import type { StreamLeases, StreamingSpeechToText } from '../../ports';
import type { Deps } from '../deps';

/** Starts an owner for a session's audio (asynchronously: it runs for minutes). */
export interface FollowerScheduler {
  start(event: FollowAudioEvent): Promise<void>;
}

/** Hands the words heard so far to translation-pipeline, for the listeners who asked for live captions. */
export interface PartialSink {
  publish(event: UtterancePartialEvent): Promise<void>;
}

/** How the follower paces itself; docs/decisions.md (51) says why these numbers. */
export interface FollowerSettings {
  /** The stream lease's length; renewed every third of it. A dead owner is replaced once it lapses. */
  leaseMs: number;
  /** How often the store is read for new chunks. */
  pollMs: number;
  /** No new chunk for this long: the speaker stopped sending (pause, end, gone), the utterance is closed. */
  flushAfterMs: number;
  /** A stream that heard no speech for this long is ended (Transcribe bills the audio it is fed). */
  idleStreamMs: number;
  /** No speech for this long and no stream open: the lease is released and the owner stops. */
  exitAfterMs: number;
  /** After this long the owner hands over to a successor at the next cut (Lambda stops at 15 min). */
  handoverAfterMs: number;
  /** At most one partial per this interval, to the speaker and to listeners. */
  partialIntervalMs: number;
  /** Streams opened for one utterance before it is given up as lost (the speaker is told). */
  maxAttempts: number;
  /** Chunks read per poll at most. */
  readLimit: number;
}

/** Defaults for a deployed or local stage (250 ms chunks). */
export const FOLLOWER_DEFAULTS: FollowerSettings = {
  leaseMs: 6_000,
  pollMs: 100,
  flushAfterMs: 1_000,
  idleStreamMs: 8_000,
  exitAfterMs: 30_000,
  handoverAfterMs: 12 * 60_000,
  partialIntervalMs: 300,
  maxAttempts: 3,
  readLimit: 64,
};

export interface FollowerDeps extends Deps {
  leases: StreamLeases;
  streaming: StreamingSpeechToText;
  followers: FollowerScheduler;
  partials: PartialSink;
  follower: FollowerSettings;
  sleep(ms: number): Promise<void>;
  /**
   * Runs `task` every `everyMs` until the returned function is called: renews the lease while the loop
   * waits on a slow decode (a cold worker, a backlog), so a live owner is never taken for dead. Without
   * it (unit tests on a manual clock) the loop renews between its steps only.
   */
  every?(everyMs: number, task: () => Promise<void>): () => void;
}
