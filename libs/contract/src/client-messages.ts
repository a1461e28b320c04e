import type { AudioEncoding } from './limits';
import type { QualityTier } from './session';

/**
 * Messages a client sends over the WebSocket API. API Gateway routes on `action`.
 * `requestId` is optional; when given, the reply or `error` echoes it.
 */
interface Action<A extends string> {
  action: A;
  requestId?: string;
}

export type CreateSessionAction = Action<'createSession'> & {
  sourceLanguage: string;
  qualityTier?: QualityTier;
};
export type JoinSessionAction = Action<'joinSession'>;
export type HeartbeatAction = Action<'heartbeat'>;
export type RefreshConnectionAction = Action<'refreshConnection'> & {
  /** The connection being replaced (the one that got `connectionRefreshRequired`). */
  previousConnectionId: string;
};
export type SendAudioAction = Action<'sendAudio'> & {
  /** Chunk number within the session's stream, from 0, without gaps. */
  sequenceNumber: number;
  /** Base64 of the raw samples. */
  audio: string;
  encoding?: AudioEncoding;
  sampleRate?: number;
  channels?: 1;
};
export type PauseBroadcastAction = Action<'pauseBroadcast'>;
export type ResumeBroadcastAction = Action<'resumeBroadcast'>;
export type MuteBroadcastAction = Action<'muteBroadcast'>;
export type UnmuteBroadcastAction = Action<'unmuteBroadcast'>;
export type SetVolumeAction = Action<'setVolume'> & { volume: number };
export type GetSessionStatusAction = Action<'getSessionStatus'>;
export type ChangeLanguageAction = Action<'changeLanguage'> & { targetLanguage: string };
export type EndSessionAction = Action<'endSession'>;
/** A listener switches captions-only mode: `transcript` only, no `translatedAudio`, from the next utterance. */
export type SetCaptionsOnlyAction = Action<'setCaptionsOnly'> & { captionsOnly: boolean };
/**
 * A listener asks for what it missed, in its language, from the session's replay window: with
 * `afterSequenceNumber`, every utterance after it (as it was sent live: `translatedAudio`, or
 * `transcript` for captions-only listeners, a muted broadcast or `captionsOnly: true` here); with
 * `recent`, the last `recent` captions (a late joiner's history, captions only). Exactly one of the
 * two. The server sends them in order, then `replayComplete`.
 */
export type ReplayAction = Action<'replay'> & {
  afterSequenceNumber?: number;
  /** 1…{@link MAX_REPLAY_RECENT}. */
  recent?: number;
  /** Captions only for this replay, even for a listener who gets audio live (default false). */
  captionsOnly?: boolean;
};

export type ClientMessage =
  | CreateSessionAction
  | JoinSessionAction
  | HeartbeatAction
  | RefreshConnectionAction
  | SendAudioAction
  | PauseBroadcastAction
  | ResumeBroadcastAction
  | MuteBroadcastAction
  | UnmuteBroadcastAction
  | SetVolumeAction
  | GetSessionStatusAction
  | ChangeLanguageAction
  | EndSessionAction
  | SetCaptionsOnlyAction
  | ReplayAction;

export type ClientAction = ClientMessage['action'];

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
export const LISTENER_ACTIONS: readonly ClientAction[] = ['changeLanguage', 'setCaptionsOnly', 'replay'];

/** The most captions a late joiner may ask for with `replay`'s `recent`. */
export const MAX_REPLAY_RECENT = 20;

export type ClientMessageOf<A extends ClientAction> = Extract<ClientMessage, { action: A }>;
