/** Size limits every party enforces; API Gateway's own limits are the outer bound. */
export const LIMITS = {
  /** API Gateway closes the socket (1009) above this. */
  maxMessageBytes: 128 * 1024,
  /** API Gateway frame limit: every message we send stays within one frame. */
  maxFrameBytes: 32 * 1024,
  /** A `sendAudio` message, JSON envelope included. */
  maxAudioMessageBytes: 32 * 1024,
  /** Any other client message. */
  maxControlMessageBytes: 4 * 1024,
  /** Listeners per session unless configured otherwise. */
  defaultMaxListenersPerSession: 500,
} as const;

/** The speaker's audio format unless a `sendAudio` message says otherwise. */
export const DEFAULT_AUDIO_FORMAT = {
  encoding: 'pcm_s16le',
  sampleRate: 16_000,
  channels: 1,
} as const;

export type AudioEncoding = 'pcm_s16le';
export const AUDIO_ENCODINGS: readonly AudioEncoding[] = ['pcm_s16le'];
export const SAMPLE_RATES: readonly number[] = [8_000, 16_000, 22_050, 24_000, 44_100, 48_000];
