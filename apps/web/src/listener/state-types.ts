// The listener page's vocabulary: its phases, its state and the events the reducer in state.ts takes.

/** Where the page is. */
export type Phase =
  | 'joining' // loading the page's configuration
  | 'checking' // asking GET /sessions/{id} and the stage's languages
  | 'paused' // the session is paused before we joined: the page checks again by itself
  | 'ready-to-tap' // all good: the listener picks a language and taps
  | 'connecting' // tapped: the WebSocket is joining
  | 'live'
  | 'reconnecting'
  | 'ended'
  | 'not-found'
  | 'full'
  | 'error';

/** What the listener's audio is doing. */
export type AudioMode = 'locked' | 'starting' | 'running' | 'interrupted' | 'off';
export type CaptionView = 'translated' | 'original' | 'both';
export type Theme = 'system' | 'light' | 'dark';

export interface Caption {
  sequenceNumber: number;
  sourceLanguage: string;
  sourceText: string;
  targetLanguage: string;
  translatedText: string;
  /** When it arrived, ms since the page started (for WebVTT cues). */
  receivedAtMs: number;
  /** When the server sent it, ms since the epoch (the talk's pace, for "you missed about …"). */
  sentAt?: number;
}

/** The words heard so far of the utterance in progress, in the speaker's language (live captions). */
export interface LivePartial {
  sequenceNumber: number;
  sourceLanguage: string;
  text: string;
}

/** The session as GET /sessions/{id} describes it (the parts the page needs). */
export interface SessionCheck {
  status: 'active' | 'paused' | 'ended';
  sourceLanguage: string;
  listenerCount: number;
  maxListeners?: number;
  broadcastState: { paused: boolean; muted: boolean };
}

export interface ListenerState {
  phase: Phase;
  sessionId: string;
  /** Languages the stage serves (target languages), in the server's order. */
  languages: readonly string[];
  language: string;
  /** The languages the listener may want, best first: the link's, the remembered one, the browser's. */
  wanted: readonly string[];
  /** A language asked for while live, until the server confirms it. */
  pendingLanguage?: string;
  sourceLanguage?: string;
  /** How many listeners the session admits, when the server says. */
  capacity?: number;
  captionsOnly: boolean;
  /** Live captions as spoken: the source-language words while the speaker talks (off by default). */
  liveCaptions: boolean;
  /** The live line: the utterance in progress, until its caption arrives (only with live captions on). */
  partial?: LivePartial;
  /** What screen readers were last told of the live line: at most one per utterance. */
  liveAnnouncement?: { sequenceNumber: number; sourceLanguage: string; text: string };
  audio: AudioMode;
  speaker: { paused: boolean; muted: boolean };
  /** Whole seconds behind live (0 when caught up). */
  behindLiveSeconds: number;
  captions: readonly Caption[];
  /** Utterances the player started (honest "audio plays" signal). */
  utterancesStarted: number;
  captionView: CaptionView;
  textScale: number;
  theme: Theme;
  /** Why the page is in `error` (or a passing problem while live), for people. */
  problem?: { code: string; detail?: string };
  /** A short notice (a language switch that failed), cleared by the next event that fixes it. */
  notice?: 'languageChangeFailed' | 'captionsModeFailed' | 'liveCaptionsFailed';
  /** Utterances lost to a drop (older than the server's window) since the listener last dismissed it. */
  missed?: { count: number; seconds: number };
}

export type ListenerEvent =
  | { type: 'configLoaded' }
  | { type: 'configFailed'; detail: string }
  | { type: 'sessionChecked'; session: SessionCheck; languages: readonly string[] }
  | { type: 'sessionNotFound' }
  | { type: 'checkFailed'; code: string; detail?: string }
  | { type: 'retry' }
  | { type: 'tapped' }
  | { type: 'joined'; paused: boolean; muted: boolean; language?: string; liveCaptions?: boolean }
  | { type: 'joinFailed'; code: string; detail?: string }
  | { type: 'connectionLost' }
  | { type: 'reconnected' }
  | { type: 'reconnectFailed' }
  | { type: 'speakerPaused' }
  | { type: 'speakerResumed' }
  | { type: 'speakerMuted' }
  | { type: 'speakerUnmuted' }
  | { type: 'sessionEnded' }
  | { type: 'audioState'; state: 'suspended' | 'running' | 'interrupted' | 'closed' }
  | { type: 'utteranceStarted' }
  | { type: 'languageChosen'; language: string }
  | { type: 'languageChanged'; language: string }
  | { type: 'languageChangeFailed' }
  | { type: 'captionsOnlyChosen'; on: boolean }
  | { type: 'captionsOnlyFailed'; on: boolean }
  | { type: 'liveCaptionsChosen'; on: boolean }
  | { type: 'liveCaptionsFailed'; on: boolean }
  | { type: 'caption'; caption: Caption }
  | { type: 'partial'; partial: LivePartial }
  | { type: 'missed'; count: number }
  | { type: 'missedDismissed' }
  | { type: 'behindLive'; ms: number }
  | { type: 'captionViewChosen'; view: CaptionView }
  | { type: 'textScaleChosen'; scale: number }
  | { type: 'themeChosen'; theme: Theme };

export interface InitialOptions {
  sessionId: string;
  /** The language asked for in the link (`?lang=`), then the remembered one, then the browser's. */
  wantedLanguages: readonly string[];
  captionsOnly?: boolean;
  liveCaptions?: boolean;
  captionView?: CaptionView;
  textScale?: number;
  theme?: Theme;
}
