import type { SchemaType } from './derive';
import type { CLIENT_MESSAGE_SCHEMAS } from './schemas/client';

// The client messages' types are derived from their schemas (schemas/client.ts), so the two cannot
// drift: a field is added, documented and made optional in the schema, and the type follows.

type ClientMessageSchemas = typeof CLIENT_MESSAGE_SCHEMAS;

/**
 * Each action's type. `replay`'s "exactly one of `afterSequenceNumber` and `recent`" (the schema's
 * `oneOf`) is left to the validator: the type keeps both optional, so a caller may pass either from
 * one options object.
 */
type ClientMessages = {
  [A in keyof ClientMessageSchemas]: SchemaType<Omit<ClientMessageSchemas[A], 'oneOf'>>;
};

/**
 * Messages a client sends over the WebSocket API. API Gateway routes on `action`.
 * `requestId` is optional; when given, the reply or `error` echoes it.
 */
export type ClientMessage = ClientMessages[ClientAction];
export type ClientAction = keyof ClientMessageSchemas;
export type ClientMessageOf<A extends ClientAction> = Extract<ClientMessage, { action: A }>;

export type CreateSessionAction = ClientMessages['createSession'];
export type JoinSessionAction = ClientMessages['joinSession'];
export type HeartbeatAction = ClientMessages['heartbeat'];
export type RefreshConnectionAction = ClientMessages['refreshConnection'];
export type SendAudioAction = ClientMessages['sendAudio'];
export type PauseBroadcastAction = ClientMessages['pauseBroadcast'];
export type ResumeBroadcastAction = ClientMessages['resumeBroadcast'];
export type MuteBroadcastAction = ClientMessages['muteBroadcast'];
export type UnmuteBroadcastAction = ClientMessages['unmuteBroadcast'];
export type SetVolumeAction = ClientMessages['setVolume'];
export type GetSessionStatusAction = ClientMessages['getSessionStatus'];
export type ChangeLanguageAction = ClientMessages['changeLanguage'];
export type EndSessionAction = ClientMessages['endSession'];
/** A listener switches captions-only mode: `transcript` only, no `translatedAudio`, from the next utterance. */
export type SetCaptionsOnlyAction = ClientMessages['setCaptionsOnly'];
/**
 * A listener switches live captions: with `liveCaptions: true` it also gets `transcriptPartial` (the
 * words heard so far, in the source language) while the speaker talks. Off by default.
 */
export type SetLiveCaptionsAction = ClientMessages['setLiveCaptions'];
/**
 * A listener asks for what it missed, in its language, from the session's replay window: with
 * `afterSequenceNumber`, every utterance after it (as it was sent live: `translatedAudio`, or
 * `transcript` for captions-only listeners, a muted broadcast or `captionsOnly: true` here); with
 * `recent`, the last `recent` captions (a late joiner's history, captions only). Exactly one of the
 * two. The server sends them in order, then `replayComplete`.
 */
export type ReplayAction = ClientMessages['replay'];

export const CLIENT_ACTIONS = [
  'createSession',
  'joinSession',
  'heartbeat',
  'refreshConnection',
  'sendAudio',
  'pauseBroadcast',
  'resumeBroadcast',
  'muteBroadcast',
  'unmuteBroadcast',
  'setVolume',
  'getSessionStatus',
  'changeLanguage',
  'endSession',
  'setCaptionsOnly',
  'setLiveCaptions',
  'replay',
] as const satisfies readonly ClientAction[];

/** Actions only the session's speaker may send. */
export const SPEAKER_ACTIONS: readonly ClientAction[] = [
  'createSession',
  'sendAudio',
  'pauseBroadcast',
  'resumeBroadcast',
  'muteBroadcast',
  'unmuteBroadcast',
  'setVolume',
  'endSession',
];

/** Actions only listeners may send. */
export const LISTENER_ACTIONS: readonly ClientAction[] = [
  'changeLanguage',
  'setCaptionsOnly',
  'setLiveCaptions',
  'replay',
];

/** The most captions a late joiner may ask for with `replay`'s `recent`. */
export const MAX_REPLAY_RECENT = 20;
