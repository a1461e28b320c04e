import type {
  ConnectionWarningMessage,
  ErrorMessage,
  LanguageChangedMessage,
  ServerMessage,
  SessionEndedMessage,
  SessionJoinedMessage,
  TranscriptMessage,
} from '@lingocast/contract';
import type { ReceivedAudio } from './audio-assembler';
import type { EventAliases } from './emitter';
import type { ConnectionState } from './reconnecting-socket';

/** The listener's events, named as docs/client.md ("Event names") says; the deprecated ones still fire. */
export interface ListenerEvents {
  /** The socket is open (`join` then waits for `sessionJoined`). */
  connected: (sessionId: string) => void;
  /** The server greeted the connection: after `join`, and again after every reconnect. */
  sessionJoined: (message: SessionJoinedMessage) => void;
  /** One utterance's translated speech, complete (parts joined), each utterance once. */
  audioReceived: (audio: ReceivedAudio) => void;
  /** Captions of one utterance, each once. */
  transcript: (message: TranscriptMessage) => void;
  languageChanged: (message: LanguageChangedMessage) => void;
  /** The server confirmed the listener's mode: captions only (no audio sent) or captions and audio. */
  captionsOnlyChanged: (captionsOnly: boolean) => void;
  sessionEnded: (message: SessionEndedMessage) => void;
  broadcastPaused: () => void;
  broadcastResumed: () => void;
  /** The speaker muted the broadcast: no speech comes until `broadcastUnmuted`. */
  broadcastMuted: () => void;
  broadcastUnmuted: () => void;
  /** @deprecated Use `broadcastPaused`; still emitted, right after it. */
  sessionPaused: () => void;
  /** @deprecated Use `broadcastResumed`; still emitted, right after it. */
  sessionResumed: () => void;
  /** @deprecated Use `broadcastMuted`; still emitted, right after it. */
  sessionMuted: () => void;
  /** @deprecated Use `broadcastUnmuted`; still emitted, right after it. */
  sessionUnmuted: () => void;
  /** The speaker set the broadcast's volume, 0 (silent) … 1 (as spoken); e.g. `player.setVolume(volume)`. */
  volumeChanged: (volume: number) => void;
  /** API Gateway closes the socket in `remainingMinutes`; the client refreshes it before that by itself. */
  connectionWarning: (message: ConnectionWarningMessage) => void;
  connectionRefreshed: (connectionId: string) => void;
  reconnected: (attempts: number) => void;
  /** The socket closed; `willReconnect` tells whether the client is reconnecting. */
  disconnected: (code: number, reason: string, willReconnect: boolean) => void;
  /** @deprecated Use `disconnected`; still emitted, right after it. */
  disconnect: (code: number, reason: string, willReconnect: boolean) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  /**
   * The server refused the connection for now (RATE_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE): the
   * client tries again after `retryAfterSeconds` (a page says "busy, retrying").
   */
  refused: (code: string, retryAfterSeconds: number) => void;
  error: (error: ErrorMessage) => void;
  message: (message: ServerMessage) => void;
  stateChanged: (state: ConnectionState, previous: ConnectionState) => void;
  /** @deprecated Use `stateChanged`; still emitted, right after it. */
  stateChange: (state: ConnectionState, previous: ConnectionState) => void;
  /** A frame from the server that was not a valid message (dropped). */
  invalidMessage: (reason: string) => void;
  listenerError: (error: unknown) => void;
}

/** The listener's names before one convention (docs/decisions.md #39), emitted after the current ones. */
export const LISTENER_DEPRECATED_NAMES: EventAliases<ListenerEvents> = {
  disconnected: 'disconnect',
  stateChanged: 'stateChange',
  broadcastPaused: 'sessionPaused',
  broadcastResumed: 'sessionResumed',
  broadcastMuted: 'sessionMuted',
  broadcastUnmuted: 'sessionUnmuted',
};
