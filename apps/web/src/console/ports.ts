// The outside things the console runs on, as ports: the speaker client, the microphone, the sign-in
// endpoints, the clipboard and the clock. main.tsx wires the browser's; tests fake them.
import type { Level } from './level';
import type { MicrophoneDevice, MicrophoneProblem } from './microphone';
import type { QualityIssue } from './session';
import type { NewPasswordChallenge } from './sign-in';

/** The parts of the client library's SpeakerClient the console uses. */
export interface SpeakerPort {
  readonly queuedAudioMs: number;
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  createSession(request: { sourceLanguage: string; qualityTier?: 'standard' | 'premium' }): Promise<{
    sessionId: string;
    sourceLanguage: string;
    qualityTier: string;
    broadcastState: { muted: boolean; volume: number };
  }>;
  connect(sessionId: string): Promise<void>;
  sendAudio(pcm: Uint8Array): number;
  pause(): Promise<unknown>;
  resume(): Promise<unknown>;
  mute(): Promise<unknown>;
  unmute(): Promise<unknown>;
  setVolume(volume: number): Promise<unknown>;
  getStatus(): Promise<{
    listenerCount: number;
    languageDistribution: Record<string, number>;
    broadcastState: { paused: boolean; muted: boolean; volume: number };
  }>;
  drain(timeoutMs?: number): Promise<boolean>;
  endSession(options?: { drainTimeoutMs?: number }): Promise<void>;
  close(): void;
  on(event: 'stateChange', listener: (state: SpeakerPort['state']) => void): () => void;
  on(
    event: 'message',
    listener: (message: { type: string; reason?: string; volume?: number }) => void,
  ): () => void;
  on(event: 'connectionRefreshed' | 'paused' | 'resumed', listener: () => void): () => void;
  on(
    event: 'transcript',
    listener: (message: { sequenceNumber: number; sourceText: string }) => void,
  ): () => void;
  on(
    event: 'transcriptPartial',
    listener: (message: { sequenceNumber: number; text: string }) => void,
  ): () => void;
  on(event: 'audioQualityWarning', listener: (message: { issue: QualityIssue }) => void): () => void;
  on(
    event: 'error',
    listener: (message: { code: string; requestId: string; retryAfter?: number }) => void,
  ): () => void;
  on(event: 'reconnectFailed', listener: () => void): () => void;
}

export interface MicrophoneCapturePort {
  stop(): Promise<void>;
}

export interface MicrophonePort {
  /** The audio inputs (labels empty before the permission). */
  list(): Promise<MicrophoneDevice[]>;
  /** Starts capture (asks for the permission); levels and chunks come through the callbacks. */
  capture(options: {
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
    /** The device stopped by itself (unplugged, switched off). */
    onEnded: () => void;
  }): Promise<MicrophoneCapturePort>;
  /** What a failed capture means for the speaker (the library's microphoneErrorKind). */
  problemOf(error: unknown): MicrophoneProblem;
}

export interface ConsolePorts {
  auth: { kind: 'local'; tokenUrl: string } | { kind: 'cognito'; region: string; clientId: string };
  httpUrl: string;
  /** The browser's languages, to preselect the speaker's. */
  preferredLanguages: readonly string[];
  /** The local token issuer: a name → an ID token. */
  localToken(tokenUrl: string, username: string): Promise<string>;
  /** Cognito USER_PASSWORD_AUTH; rejects with the library's errors (a new-password challenge has `session`). */
  signInWithPassword(username: string, password: string): Promise<string>;
  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<string>;
  getLanguages(): Promise<{ sourceLanguages: string[]; qualityTiers: string[] }>;
  createSpeaker(tokenProvider: () => Promise<string>): SpeakerPort;
  microphone: MicrophonePort;
  copyText(text: string): Promise<void>;
  clock: {
    now(): number;
    setInterval(callback: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
}
