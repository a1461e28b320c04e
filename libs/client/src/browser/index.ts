// `@lingocast/client/browser`: microphone capture and playback helpers (browser only).
export { captureMicrophone, listMicrophones } from './microphone';
export type { MicrophoneOptions, MicrophoneCapture, MicrophoneDevice } from './microphone';
export { microphoneErrorKind } from './microphone-errors';
export type { MicrophoneErrorKind, MicrophoneEnvironment } from './microphone-errors';
export type { InputLevel } from './level-meter';
export { createAudioPlayer, DEFAULT_MAX_BEHIND_LIVE_MS } from './player';
export type {
  AudioPlayer,
  AudioPlayerOptions,
  AudioPlayerStats,
  AudioPlayerState,
  UtteranceTiming,
} from './player';
export { JitterBuffer } from './jitter-buffer';
export type { JitterBufferOptions, JitterBufferStats } from './jitter-buffer';
export { Pcm16Resampler } from './resampler';
