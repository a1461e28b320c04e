import type { AudioChunkEvent, AudioFlushEvent, ServerMessage } from '@lingocast/contract';

import type { SessionMaintenanceStore, SessionStore } from '@lingocast/session-data';

export type { SessionStore, SessionMaintenanceStore, ReplayStore } from '@lingocast/session-data';

/** The store session-management uses: the shared SessionStore plus refresh and sweeper operations. */
export type ManagedSessionStore = SessionStore & SessionMaintenanceStore;

/**
 * The limits the service enforces; each is configured as `<max>/<windowSeconds>`. Keys:
 * `sessionCreation` and `audioChunk` the speaker's user id, `listenerJoin` the session id,
 * `connectionAttempt` and `failedConnect` the source address, `heartbeat` and `replay` the connection id.
 */
export type RateLimitName =
  | 'sessionCreation'
  | 'listenerJoin'
  | 'connectionAttempt'
  | 'failedConnect'
  | 'heartbeat'
  | 'audioChunk'
  | 'replay';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts events per key in time windows (DynamoDB in every stage). */
export interface RateLimiter {
  /** Counts one event of `limit` for `key` (user id, IP, connection id); refuses once the window is full. */
  consume(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision>;
  /** Whether one more event would be allowed now, without counting it. */
  peek(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision>;
}

/** Time, injected so use cases and tests agree on "now" and on how long a wait lasts. */
export type { Clock } from '@lingocast/lambda';

/** Pushes messages to WebSocket connections (API Gateway management API). */
export interface ConnectionGateway {
  /** Sends one message; false when the connection is gone (410). */
  send(connectionId: string, message: ServerMessage): Promise<boolean>;
  /**
   * Sends one message already serialised as JSON text, verbatim (a replayed `translatedAudio`
   * frame as it was posted live); false when the connection is gone (410).
   */
  sendSerialized(connectionId: string, payload: string): Promise<boolean>;
  /** Sends one message to many connections with bounded concurrency; returns the ids that are gone. */
  sendToMany(connectionIds: readonly string[], message: ServerMessage): Promise<string[]>;
  /** Closes a connection; no error if it is already gone. */
  close(connectionId: string): Promise<void>;
}

/** Hands the speaker's audio to audio-transcription. */
export interface AudioForwarder {
  /** Stores one chunk durably (synchronous invocation); `duplicate` when it was stored before. */
  forwardChunk(event: AudioChunkEvent): Promise<{ duplicate: boolean }>;
  /** Closes the utterance in progress (the speaker paused, ended or left). */
  flush(event: Omit<AudioFlushEvent, 'kind'>): Promise<void>;
}

/** Schedules the post-connect greeting (`sessionJoined`), which API Gateway cannot deliver during `$connect`. */
export interface ConnectionGreeter {
  greetLater(connectionId: string, requestId: string): Promise<void>;
  /**
   * Schedules a refusal a browser can read: once the socket is open, an `error` with the code and
   * `retryAfter`, then the socket is closed (a refused handshake's status is hidden from web pages).
   */
  refuseLater(connectionId: string, requestId: string, refusal: ConnectRefusal): Promise<void>;
}

/** Why a `$connect` was refused, and when the client may try again. */
export interface ConnectRefusal {
  code: 'RATE_LIMIT_EXCEEDED' | 'SERVICE_UNAVAILABLE';
  message: string;
  retryAfter: number;
}

export interface VerifiedToken {
  userId: string;
  username: string;
}

/** Verifies speaker tokens (Cognito in AWS, the local issuer locally; same code, other settings). */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

export interface IdGenerator {
  sessionId(): string;
}
