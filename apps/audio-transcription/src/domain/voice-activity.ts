import { decodePcm16, durationMs as durationOf, frameLevelsDb, frameSampleCount } from './pcm';

/** What one chunk holds, as far as cutting utterances is concerned. */
export interface ChunkActivity {
  durationMs: number;
  /** Any frame above the speech threshold. */
  hasSpeech: boolean;
  /** Silence before the first speech frame (the whole chunk when there is none). */
  leadingSilenceMs: number;
  /** Silence after the last speech frame (the whole chunk when there is none). */
  trailingSilenceMs: number;
}

export interface VoiceActivityOptions {
  sampleRate: number;
  /** Frames louder than this (dBFS) count as speech. */
  speechThresholdDb?: number;
  frameMs?: number;
}

/**
 * Measures a chunk of PCM16LE mono audio in short frames and reports where speech is, so that
 * pauses can be found across chunks without reading their audio again.
 *
 * @example
 * const activity = measureChunkActivity(pcm, { sampleRate: 16000 });
 */
export function measureChunkActivity(pcm: Buffer, options: VoiceActivityOptions): ChunkActivity {
  const frameMs = options.frameMs ?? 20;
  const threshold = options.speechThresholdDb ?? -40;
  const samples = decodePcm16(pcm);
  const durationMs = durationOf(samples.length, options.sampleRate);
  const levels = frameLevelsDb(samples, options.sampleRate, frameMs);
  const first = levels.findIndex((db) => db > threshold);
  if (first < 0)
    return { durationMs, hasSpeech: false, leadingSilenceMs: durationMs, trailingSilenceMs: durationMs };
  const last = levels.length - 1 - [...levels].reverse().findIndex((db) => db > threshold);
  const frameSamples = frameSampleCount(options.sampleRate, frameMs);
  const speechEndSample = Math.min(samples.length, (last + 1) * frameSamples);
  return {
    durationMs,
    hasSpeech: true,
    leadingSilenceMs: durationOf(first * frameSamples, options.sampleRate),
    trailingSilenceMs: durationOf(samples.length - speechEndSample, options.sampleRate),
  };
}
