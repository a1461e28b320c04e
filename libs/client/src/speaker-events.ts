import type {
  AudioQualityWarningMessage,
  ConnectionWarningMessage,
  ErrorMessage,
  ServerMessage,
  Session,
  SessionEndedMessage,
  SessionJoinedMessage,
  TranscriptMessage,
} from '@lingocast/contract';
import type { EventAliases } from './emitter';
import type { ConnectionState } from './reconnecting-socket';

/** The speaker's events, named as docs/client.md ("Event names") says; the deprecated ones still fire. */
export interface SpeakerEvents {
  sessionCreated: (session: Session) => void;
  connected: (sessionId: string) => void;
  /** The server greeted the connection (with the broadcast's state): on connect and after every reconnect. */
  sessionJoined: (message: SessionJoinedMessage) => void;
  /** The session ended (`endSession`, or the server ended it); the socket closes. */
  sessionEnded: (message: SessionEndedMessage) => void;
  /** A chunk was stored by the server; emitted once per sequence number. */
  audioAck: (sequenceNumber: number) => void;
  broadcastPaused: () => void;
  broadcastResumed: () => void;
  broadcastMuted: () => void;
  broadcastUnmuted: () => void;
  /** The broadcast's volume, 0 (silent) … 1 (as spoken), as the server confirmed it. */
  volumeChanged: (volume: number) => void;
  /** @deprecated Use `broadcastPaused`; still emitted, right after it. */
  paused: () => void;
  /** @deprecated Use `broadcastResumed`; still emitted, right after it. */
  resumed: () => void;
  connectionWarning: (message: ConnectionWarningMessage) => void;
  connectionRefreshed: (connectionId: string) => void;
  audioQualityWarning: (message: AudioQualityWarningMessage) => void;
  /** What the system recognised of the speaker's own speech (`sourceText`), each utterance once. */
  transcript: (message: TranscriptMessage) => void;
  error: (error: ErrorMessage) => void;
  message: (message: ServerMessage) => void;
  /** The socket closed; `willReconnect` tells whether the client is reconnecting. */
  disconnected: (code: number, reason: string, willReconnect: boolean) => void;
  reconnected: (attempts: number) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  /**
   * The server refused the connection for now (RATE_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE): the
   * client tries again after `retryAfterSeconds` (a page says "busy, retrying").
   */
  refused: (code: string, retryAfterSeconds: number) => void;
  stateChanged: (state: ConnectionState, previous: ConnectionState) => void;
  /** @deprecated Use `stateChanged`; still emitted, right after it. */
  stateChange: (state: ConnectionState, previous: ConnectionState) => void;
  /** A frame from the server that was not a valid message (dropped). */
  invalidMessage: (reason: string) => void;
  listenerError: (error: unknown) => void;
}

/** The speaker's names before one convention (docs/decisions.md #39), emitted after the current ones. */
export const SPEAKER_DEPRECATED_NAMES: EventAliases<SpeakerEvents> = {
  stateChanged: 'stateChange',
  broadcastPaused: 'paused',
  broadcastResumed: 'resumed',
};
