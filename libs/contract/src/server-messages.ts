import type { SchemaType } from './derive';
import type { SERVER_MESSAGE_SCHEMAS } from './schemas/server';

// The server messages' types are derived from their schemas (schemas/server.ts), so the two cannot
// drift: a field is added, documented and made optional in the schema, and the type follows.

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
  'liveCaptionsChanged',
  'audioAck',
  'translatedAudio',
  'transcript',
  'transcriptPartial',
  'replayComplete',
  'audioQualityWarning',
  'connectionTimeout',
  'error',
] as const;

export type ServerMessageType = (typeof SERVER_MESSAGE_TYPES)[number];

/** At most this many `translatedAudio` parts per utterance (≈ 1 MB of MP3; an utterance is ≤ 15 s). */
export const MAX_AUDIO_PARTS = 64;

type ServerMessages = { [T in ServerMessageType]: SchemaType<(typeof SERVER_MESSAGE_SCHEMAS)[T]> };

/**
 * Messages the server pushes to clients. Every message has a `type` and a `timestamp` (ms since
 * epoch), and `requestId` when it answers an action.
 */
export type ServerMessage = ServerMessages[ServerMessageType];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

export type Role = SessionJoinedMessage['role'];

export type SessionCreatedMessage = ServerMessages['sessionCreated'];
export type SessionJoinedMessage = ServerMessages['sessionJoined'];
export type HeartbeatAckMessage = ServerMessages['heartbeatAck'];
export type ConnectionWarningMessage = ServerMessages['connectionWarning'];
export type ConnectionRefreshRequiredMessage = ServerMessages['connectionRefreshRequired'];
export type ConnectionRefreshCompleteMessage = ServerMessages['connectionRefreshComplete'];
export type SessionEndedMessage = ServerMessages['sessionEnded'];
export type BroadcastPausedMessage = ServerMessages['broadcastPaused'];
export type BroadcastResumedMessage = ServerMessages['broadcastResumed'];
export type BroadcastMutedMessage = ServerMessages['broadcastMuted'];
export type BroadcastUnmutedMessage = ServerMessages['broadcastUnmuted'];
export type VolumeChangedMessage = ServerMessages['volumeChanged'];
export type SessionStatusMessage = ServerMessages['sessionStatus'];
export type LanguageChangedMessage = ServerMessages['languageChanged'];
/** Answers `setCaptionsOnly`: the listener's mode from the next utterance on. */
export type CaptionsOnlyChangedMessage = ServerMessages['captionsOnlyChanged'];
/** Answers `setLiveCaptions`: whether this listener gets `transcriptPartial` from now on. */
export type LiveCaptionsChangedMessage = ServerMessages['liveCaptionsChanged'];
/** The speaker's chunk was stored; `sequenceNumber` is the chunk's. */
export type AudioAckMessage = ServerMessages['audioAck'];
/**
 * One part of one utterance's translated speech (MP3). Parts of the same utterance share
 * `sequenceNumber`; concatenating parts 0…parts-1 gives the whole MP3.
 */
export type TranslatedAudioMessage = ServerMessages['translatedAudio'];
/**
 * One utterance's captions. Listeners get it in their language, before its audio; the speaker gets
 * the recognised text of each utterance with `targetLanguage` = `sourceLanguage` and
 * `translatedText` = `sourceText`.
 */
export type TranscriptMessage = ServerMessages['transcript'];
/**
 * The words heard so far of utterance `sequenceNumber`, in `sourceLanguage`, while the speaker talks
 * (to the speaker, and to listeners with live captions). A later partial of the same number replaces
 * it; that number's `transcript` (or `translatedAudio` with `sourceText`) replaces it for good; a
 * partial numbered below the last final one is stale and is ignored.
 */
export type TranscriptPartialMessage = ServerMessages['transcriptPartial'];
/**
 * Ends the answer to `replay`: the `replayed` utterances before it were what the window held after
 * the listener's `afterSequenceNumber` (or its `recent` captions). `missed` names the utterances that
 * were said in this language after `afterSequenceNumber` but have left the window: they cannot be sent.
 */
export type ReplayCompleteMessage = ServerMessages['replayComplete'];
export type AudioQualityWarningMessage = ServerMessages['audioQualityWarning'];
export type ConnectionTimeoutMessage = ServerMessages['connectionTimeout'];
export type ErrorMessage = ServerMessages['error'];
