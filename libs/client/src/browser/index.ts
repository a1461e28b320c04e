// `@lingocast/client/browser`: microphone capture and playback helpers (browser only).
export { captureMicrophone } from './microphone';
export type { MicrophoneOptions, MicrophoneCapture } from './microphone';
export { createAudioPlayer } from './player';
export type { AudioPlayer, AudioPlayerOptions, AudioPlayerStats } from './player';
export { JitterBuffer } from './jitter-buffer';
export type { JitterBufferOptions, JitterBufferStats } from './jitter-buffer';
export { Pcm16Resampler } from './resampler';
