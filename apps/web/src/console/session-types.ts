// The speaker session's vocabulary: its phases, its state and the events the reducer in session.ts takes.

export type SessionPhase = 'none' | 'creating' | 'created' | 'live' | 'paused' | 'ending' | 'ended';
/** The speaker's connection as the console shows it (`refreshing`: between connectionRefreshRequired and its completion). */
export type ConnectionView = 'offline' | 'connecting' | 'live' | 'refreshing' | 'reconnecting';
/** The client library's connection states. */
export type ClientConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type BroadcastAction = 'pause' | 'resume' | 'mute' | 'unmute' | 'volume';
export type QualityIssue = 'clipping' | 'low_snr' | 'silence';

/** Something that went wrong, by error code (the strings say what to do about each). */
export interface Problem {
  code: string;
  /** What was being done: the message differs (creating a session vs pausing). */
  during: 'languages' | 'create' | 'connect' | 'broadcast' | 'audio' | 'end';
  retryAfter?: number;
}

export interface CreatedSession {
  sessionId: string;
  sourceLanguage: string;
  qualityTier: string;
}

export interface TranscriptLine {
  sequenceNumber: number;
  text: string;
}

export interface Audience {
  listenerCount: number;
  /** Listeners per target language, most listened first. */
  byLanguage: Array<{ language: string; count: number }>;
}

export interface QualityWarning {
  issue: QualityIssue;
  /** When the latest warning of this kind arrived (ms since epoch). */
  receivedAt: number;
}

export type LanguageOptions =
  | { kind: 'loading' }
  | { kind: 'loaded'; sourceLanguages: string[]; qualityTiers: string[] }
  | { kind: 'failed'; problem: Problem };

export interface SessionState {
  phase: SessionPhase;
  options: LanguageOptions;
  sourceLanguage?: string;
  qualityTier?: string;
  session?: CreatedSession;
  connection: ConnectionView;
  muted: boolean;
  /** 0 … 1. */
  volume: number;
  /** A broadcast action sent and not yet answered (its button waits). */
  pending?: BroadcastAction;
  /** Audio captured and not yet acknowledged by the server, ms. */
  queuedAudioMs: number;
  audience?: Audience;
  transcript: TranscriptLine[];
  /** The words heard so far of the utterance in progress (issue 13), until its line arrives; only while live. */
  partial?: TranscriptLine;
  warnings: QualityWarning[];
  confirmingEnd: boolean;
  problem?: Problem;
  /** How the session ended: by the speaker (drained or not) or by the server. */
  ending?: { by: 'speaker'; drained: boolean } | { by: 'server'; reason: string };
}

export type SessionEvent =
  | { type: 'optionsRequested' }
  | {
      type: 'optionsLoaded';
      sourceLanguages: string[];
      qualityTiers: string[];
      preferredLanguages: readonly string[];
    }
  | { type: 'optionsFailed'; code: string }
  | { type: 'chooseLanguage'; language: string }
  | { type: 'chooseTier'; tier: string }
  | { type: 'create' }
  | { type: 'created'; session: CreatedSession; muted: boolean; volume: number }
  | { type: 'createFailed'; code: string; retryAfter?: number }
  | { type: 'connectionState'; state: ClientConnectionState }
  | { type: 'connectFailed'; code: string }
  | { type: 'refreshRequired' }
  | { type: 'refreshed' }
  | { type: 'speakingStarted' }
  | { type: 'speakingStopped' }
  | { type: 'actionStarted'; action: BroadcastAction }
  | { type: 'actionFailed'; code: string; retryAfter?: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'muted' }
  | { type: 'unmuted' }
  | { type: 'volumeSet'; volume: number }
  | {
      type: 'status';
      listenerCount: number;
      languageDistribution: Record<string, number>;
      broadcastState: { paused: boolean; muted: boolean; volume: number };
    }
  | { type: 'queued'; ms: number }
  | { type: 'transcript'; sequenceNumber: number; text: string }
  | { type: 'transcriptPartial'; sequenceNumber: number; text: string }
  | { type: 'qualityWarning'; issue: QualityIssue; at: number }
  | { type: 'dismissWarning'; issue: QualityIssue }
  | { type: 'tick'; now: number }
  | { type: 'serverError'; code: string; retryAfter?: number }
  | { type: 'dismissProblem' }
  | { type: 'askToEnd' }
  | { type: 'cancelEnd' }
  | { type: 'confirmEnd' }
  | { type: 'endFinished'; drained: boolean }
  | { type: 'endFailed'; code: string }
  | { type: 'endedByServer'; reason: string }
  | { type: 'startOver' };
