// What the listener page's controller needs from the outside world; lingocast.ts implements these
// with @lingocast/client and the browser, tests with fakes.
import type { ReceivedAudio, TranscriptMessage } from '@lingocast/client';
import type { WebConfig } from '../shared/config';
import type { SafeStorage } from '../shared/storage';
import type { ListenerEvent, LivePartial, SessionCheck } from './state';

/** A failure with the server's or the client's error code (`SESSION_NOT_FOUND`, `TIMEOUT`, …). */
export interface CodedError {
  code: string;
  message: string;
}

/** Events a live connection reports, already in the page's terms. */
export type ConnectionSignal = Extract<
  ListenerEvent,
  | { type: 'joined' }
  | { type: 'connectionLost' }
  | { type: 'reconnected' }
  | { type: 'reconnectFailed' }
  | { type: 'speakerPaused' }
  | { type: 'speakerResumed' }
  | { type: 'speakerMuted' }
  | { type: 'speakerUnmuted' }
  | { type: 'sessionEnded' }
  | { type: 'languageChanged' }
>;

export interface ConnectOptions {
  websocketUrl: string;
  captionsOnly: boolean;
  /** Live captions as spoken: ask for the words heard so far while the speaker talks. */
  liveCaptions: boolean;
  /** Captions of the talk so far to ask for on arrival (1…20), so the page is not empty. */
  history: number;
  onSignal(signal: ConnectionSignal): void;
  /** Every caption once, in utterance order (replayed ones included). */
  onTranscript(message: TranscriptMessage): void;
  /** The words heard so far of the utterance in progress (only current ones; live captions on). */
  onPartial(partial: LivePartial): void;
  /** Utterances lost to a drop: older than the server's replay window. */
  onMissed(count: number): void;
  onAudio(audio: ReceivedAudio): void;
  /** The speaker's broadcast volume, 0 … 1. */
  onVolume(volume: number): void;
}

export interface ListenerConnection {
  /** Joins; rejects with a CodedError (`SESSION_FULL`, `SESSION_ENDED`, …). */
  join(
    sessionId: string,
    language: string,
  ): Promise<{ paused: boolean; muted: boolean; language?: string; liveCaptions?: boolean }>;
  changeLanguage(language: string): Promise<void>;
  setCaptionsOnly(on: boolean): Promise<void>;
  /** Switches live captions; the client asks for the same on every reconnect once confirmed. */
  setLiveCaptions(on: boolean): Promise<void>;
  close(): void;
}

export type PlayerState = 'suspended' | 'running' | 'interrupted' | 'closed';

export interface PlayerPort {
  /** Starts (or resumes) audio; must be called inside a tap or click handler. */
  unlock(): Promise<void>;
  readonly state: PlayerState;
  /** How far playback trails the newest received audio, in ms. */
  readonly behindLiveMs: number;
  /** Drops queued audio so the next utterance plays now. */
  jumpToLive(): void;
  enqueue(audio: ReceivedAudio): void;
  setVolume(volume: number): void;
}

export interface PlayerCallbacks {
  onStateChange(state: PlayerState): void;
  onUtteranceStart(): void;
}

export interface ListenerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

export interface ListenerPorts {
  loadConfig(): Promise<WebConfig>;
  /** GET /sessions/{id}; rejects with code `SESSION_NOT_FOUND` for an unknown id. */
  checkSession(httpUrl: string, sessionId: string): Promise<SessionCheck>;
  /** The target languages the stage serves. */
  listLanguages(httpUrl: string): Promise<string[]>;
  connect(options: ConnectOptions): ListenerConnection;
  createPlayer(callbacks: PlayerCallbacks): PlayerPort;
  storage: SafeStorage;
  /** Keeps the screen on (where the browser allows) while `on`. */
  keepAwake(on: boolean): void;
  timers: ListenerTimers;
}

/** The code of anything thrown by a port (`UNKNOWN` when it carries none). */
export function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return 'UNKNOWN';
}

/** The message of anything thrown by a port. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
