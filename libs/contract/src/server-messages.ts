import type { AudioQualityIssue, EmotionDynamics } from './emotion';
import type { ErrorCode } from './error-codes';
import type { BroadcastState, Session, SessionStatus } from './session';

/** Messages the server pushes to clients. Every message has a `type` and a `timestamp` (ms since epoch). */
interface Message<T extends string> {
  type: T;
  timestamp: number;
  /** Echo of the client's `requestId` when this message answers an action. */
  requestId?: string;
}

export type Role = 'speaker' | 'listener';

export type SessionCreatedMessage = Message<'sessionCreated'> & { session: Session };
export type SessionJoinedMessage = Message<'sessionJoined'> & {
  sessionId: string;
  role: Role;
  connectionId: string;
  sourceLanguage: string;
  /** Listeners only. */
  targetLanguage?: string;
  status: SessionStatus;
  broadcastState: BroadcastState;
  listenerCount: number;
  /** Listeners only: true when this connection gets captions without audio. */
  captionsOnly?: boolean;
};
export type HeartbeatAckMessage = Message<'heartbeatAck'>;
export type ConnectionWarningMessage = Message<'connectionWarning'> & { remainingMinutes: number };
export type ConnectionRefreshRequiredMessage = Message<'connectionRefreshRequired'> & {
  sessionId: string;
  role: Role;
  connectionId: string;
};
export type ConnectionRefreshCompleteMessage = Message<'connectionRefreshComplete'> & {
  sessionId: string;
  role: Role;
  connectionId: string;
};
export type SessionEndedMessage = Message<'sessionEnded'> & { sessionId: string; reason: string };
export type BroadcastPausedMessage = Message<'broadcastPaused'> & { sessionId: string };
export type BroadcastResumedMessage = Message<'broadcastResumed'> & { sessionId: string };
export type BroadcastMutedMessage = Message<'broadcastMuted'> & { sessionId: string };
export type BroadcastUnmutedMessage = Message<'broadcastUnmuted'> & { sessionId: string };
export type VolumeChangedMessage = Message<'volumeChanged'> & { sessionId: string; volume: number };
export type SessionStatusMessage = Message<'sessionStatus'> & {
  sessionId: string;
  status: SessionStatus;
  listenerCount: number;
  languageDistribution: Record<string, number>;
  /** Seconds since the session was created. */
  sessionDuration: number;
  broadcastState: BroadcastState;
};
export type LanguageChangedMessage = Message<'languageChanged'> & {
  sessionId: string;
  targetLanguage: string;
};
/** Answers `setCaptionsOnly`: the listener's mode from the next utterance on. */
export type CaptionsOnlyChangedMessage = Message<'captionsOnlyChanged'> & {
  captionsOnly: boolean;
  requestId: string;
};
/** The speaker's chunk was stored; `sequenceNumber` is the chunk's. */
export type AudioAckMessage = Message<'audioAck'> & { sequenceNumber: number };
/** At most this many `translatedAudio` parts per utterance (≈ 1 MB of MP3; an utterance is ≤ 15 s). */
export const MAX_AUDIO_PARTS = 64;

/**
 * One part of one utterance's translated speech (MP3). Parts of the same utterance share
 * `sequenceNumber`; concatenating parts 0…parts-1 gives the whole MP3.
 */
export type TranslatedAudioMessage = Message<'translatedAudio'> & {
  sessionId: string;
  targetLanguage: string;
  /** Utterance number within the session, from 0. */
  sequenceNumber: number;
  part: number;
  parts: number;
  format: 'mp3';
  /** Base64 of this part's bytes. */
  audio: string;
  durationMs: number;
  /** The caption in `targetLanguage` (the `transcript` message's `translatedText`). */
  transcript: string;
  /**
   * Present when the caption rides in this message instead of a separate `transcript` (with
   * `sourceText`): the client turns the first part it gets into its `transcript` event.
   */
  sourceLanguage?: string;
  /** The recognised text in `sourceLanguage`; present with it. */
  sourceText?: string;
  emotion?: EmotionDynamics;
};
/**
 * One utterance's captions. Listeners get it in their language, before its audio; the speaker gets
 * the recognised text of each utterance with `targetLanguage` = `sourceLanguage` and
 * `translatedText` = `sourceText`.
 */
export type TranscriptMessage = Message<'transcript'> & {
  sessionId: string;
  sequenceNumber: number;
  sourceLanguage: string;
  sourceText: string;
  targetLanguage: string;
  translatedText: string;
};
/**
 * Ends the answer to `replay`: the `replayed` utterances before it were what the window held after
 * the listener's `afterSequenceNumber` (or its `recent` captions). `missed` names the utterances that
 * were said in this language after `afterSequenceNumber` but have left the window: they cannot be sent.
 */
export type ReplayCompleteMessage = Message<'replayComplete'> & {
  sessionId: string;
  targetLanguage: string;
  /** Utterances sent before this message. */
  replayed: number;
  /** The newest utterance number of the session in this language, when there is one. */
  lastSequenceNumber?: number;
  missed?: { fromSequenceNumber: number; toSequenceNumber: number };
  /** How far back the window reaches, in ms. */
  windowMs: number;
};
export type AudioQualityWarningMessage = Message<'audioQualityWarning'> & {
  issue: AudioQualityIssue;
  message: string;
  value: number;
  threshold: number;
};
export type ConnectionTimeoutMessage = Message<'connectionTimeout'> & { reason: string };
export type ErrorMessage = Message<'error'> & {
  code: ErrorCode;
  message: string;
  requestId: string;
  /** Seconds to wait before trying again (rate limits). */
  retryAfter?: number;
  /** The action that failed, when known. */
  action?: string;
};

export type ServerMessage =
  | SessionCreatedMessage
  | SessionJoinedMessage
  | HeartbeatAckMessage
  | ConnectionWarningMessage
  | ConnectionRefreshRequiredMessage
  | ConnectionRefreshCompleteMessage
  | SessionEndedMessage
  | BroadcastPausedMessage
  | BroadcastResumedMessage
  | BroadcastMutedMessage
  | BroadcastUnmutedMessage
  | VolumeChangedMessage
  | SessionStatusMessage
  | LanguageChangedMessage
  | CaptionsOnlyChangedMessage
  | AudioAckMessage
  | TranslatedAudioMessage
  | TranscriptMessage
  | ReplayCompleteMessage
  | AudioQualityWarningMessage
  | ConnectionTimeoutMessage
  | ErrorMessage;

export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

export const SERVER_MESSAGE_TYPES = [
  'sessionCreated',
  'sessionJoined',
  'heartbeatAck',
  'connectionWarning',
  'connectionRefreshRequired',
  'connectionRefreshComplete',
  'sessionEnded',
  'broadcastPaused',
  'broadcastResumed',
  'broadcastMuted',
  'broadcastUnmuted',
  'volumeChanged',
  'sessionStatus',
  'languageChanged',
  'captionsOnlyChanged',
  'audioAck',
  'translatedAudio',
  'transcript',
  'replayComplete',
  'audioQualityWarning',
  'connectionTimeout',
  'error',
] as const satisfies readonly ServerMessageType[];
