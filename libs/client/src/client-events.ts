import type {
  ConnectionWarningMessage,
  ErrorMessage,
  ServerMessage,
  SessionEndedMessage,
  SessionJoinedMessage,
  TranscriptMessage,
  TranscriptPartialMessage,
} from '@lingocast/contract';
import type { ManagedConnection } from './connection';
import type { ConnectionState } from './reconnecting-socket';

/**
 * The events both clients emit, with one name and the same arguments on each (docs/client.md,
 * "Event names": a server message's `type`, else what happened in the past tense).
 */
export interface ClientEvents {
  /** The first socket is open (the server's greeting may already have come). */
  connected: (sessionId: string) => void;
  /** The server greeted the connection (with the broadcast's state): on connect and after every reconnect. */
  sessionJoined: (message: SessionJoinedMessage) => void;
  /** The session ended (the speaker ended it, or the server did); the socket closes. */
  sessionEnded: (message: SessionEndedMessage) => void;
  broadcastPaused: () => void;
  broadcastResumed: () => void;
  /** The speaker muted the broadcast: no speech comes until `broadcastUnmuted`. */
  broadcastMuted: () => void;
  broadcastUnmuted: () => void;
  /** The broadcast's volume, 0 (silent) … 1 (as spoken); e.g. `player.setVolume(volume)`. */
  volumeChanged: (volume: number) => void;
  /** API Gateway closes the socket in `remainingMinutes`; the client refreshes it before that by itself. */
  connectionWarning: (message: ConnectionWarningMessage) => void;
  connectionRefreshed: (connectionId: string) => void;
  transcript: (message: TranscriptMessage) => void;
  /**
   * The words heard so far of the utterance in progress, in the source language (issue 13): a later
   * one with the same `sequenceNumber` replaces it, that number's `transcript` ends it. Only current
   * ones are emitted: none for an utterance already final, no exact repeat. The speaker gets them
   * always; a listener only with live captions on.
   */
  transcriptPartial: (message: TranscriptPartialMessage) => void;
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

/** A client's `emit`, for the events both have. */
export type EmitClientEvent = <K extends keyof ClientEvents>(
  event: K,
  ...args: Parameters<ClientEvents[K]>
) => void;

/**
 * Passes a connection's events on under the clients' names; `onDisconnected` runs first (the
 * client fails its pending requests).
 *
 * @example
 * relayConnection(connection, (event, ...args) => this.emit(event, ...args), () => requests.failAll('closed'));
 */
export function relayConnection(
  connection: ManagedConnection,
  emit: EmitClientEvent,
  onDisconnected: () => void,
): void {
  connection.on('invalidMessage', (reason) => emit('invalidMessage', reason));
  connection.on('state', (state, previous) => emit('stateChanged', state, previous));
  connection.on('disconnected', (code, reason, willReconnect) => {
    onDisconnected();
    emit('disconnected', code, reason, willReconnect);
  });
  connection.on('reconnected', (attempts) => emit('reconnected', attempts));
  connection.on('reconnectFailed', (attempts, error) => emit('reconnectFailed', attempts, error));
  connection.on('refused', (code, retryAfterSeconds) => emit('refused', code, retryAfterSeconds));
  connection.on('refreshed', (connectionId) => emit('connectionRefreshed', connectionId));
}

/**
 * Emits the event both clients have for a message about the session or its broadcast (none for
 * any other message).
 *
 * @example
 * relaySessionMessage({ type: 'broadcastMuted', timestamp: 1, sessionId }, emit); // emits broadcastMuted
 */
export function relaySessionMessage(message: ServerMessage, emit: EmitClientEvent): void {
  switch (message.type) {
    case 'sessionJoined':
      emit('sessionJoined', message);
      break;
    case 'sessionEnded':
      emit('sessionEnded', message);
      break;
    case 'broadcastPaused':
    case 'broadcastResumed':
    case 'broadcastMuted':
    case 'broadcastUnmuted':
      emit(message.type);
      break;
    case 'volumeChanged':
      emit('volumeChanged', message.volume);
      break;
    case 'connectionWarning':
      emit('connectionWarning', message);
      break;
    default:
      break;
  }
}
