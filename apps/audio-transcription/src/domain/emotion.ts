import { classifySpeakingRate, classifyVolume } from '@lingocast/contract';
import type { EmotionDynamics } from '@lingocast/contract';
import {
  SILENCE_FLOOR_DB,
  decodePcm16,
  durationMs,
  frameSampleCount,
  iterateFrames,
  meanSquare,
  meanSquareToDb,
} from './pcm';

export interface EmotionInput {
  /** The utterance: signed 16-bit little-endian mono PCM. */
  pcm: Buffer;
  sampleRate: number;
  /** Words recognised in the utterance. */
  wordCount: number;
}

export interface EmotionOptions {
  /** Analysis frame length. Default 20 ms. */
  frameMs?: number;
  /** Frames quieter than this are not speech. Default −50 dBFS (the silence threshold of quality checks). */
  voicedFloorDb?: number;
  /** Frames this far below the loudest frame are not speech either (breath, room tone). Default 40 dB. */
  voicedRangeDb?: number;
}

const DEFAULTS: Required<EmotionOptions> = { frameMs: 20, voicedFloorDb: -50, voicedRangeDb: 40 };

/**
 * Measures how loud and how fast the speaker spoke. Volume is the RMS level of the voiced frames only
 * (pauses would drag it down); rate is words per minute over the voiced span, from the first voiced frame
 * to the end of the last, so leading and trailing silence do not slow it down.
 *
 * @example
 * measureEmotion({ pcm, sampleRate: 16000, wordCount: 9 });
 * // { volume: { level: 'medium', rmsDb: -14.2 }, rate: { level: 'medium', wordsPerMinute: 148 } }
 */
export function measureEmotion(input: EmotionInput, options: EmotionOptions = {}): EmotionDynamics {
  const { frameMs, voicedFloorDb, voicedRangeDb } = { ...DEFAULTS, ...options };
  const samples = decodePcm16(input.pcm);
  const frames = Array.from(iterateFrames(samples, input.sampleRate, frameMs), (frame) => ({
    energy: meanSquare(frame),
    length: frame.length,
  }));
  const loudestDb = meanSquareToDb(frames.reduce((loudest, frame) => Math.max(loudest, frame.energy), 0));
  const thresholdDb = Math.max(voicedFloorDb, loudestDb - voicedRangeDb);
  const voicedIndexes = frames.flatMap((frame, index) =>
    meanSquareToDb(frame.energy) > thresholdDb ? [index] : [],
  );

  const first = voicedIndexes[0];
  const last = voicedIndexes[voicedIndexes.length - 1];
  if (first === undefined || last === undefined) return emotionOf(SILENCE_FLOOR_DB, 0);

  let voicedEnergy = 0;
  let voicedSamples = 0;
  for (const index of voicedIndexes) {
    const frame = frames[index];
    if (frame === undefined) continue;
    voicedEnergy += frame.energy * frame.length;
    voicedSamples += frame.length;
  }
  const frameLength = frameSampleCount(input.sampleRate, frameMs);
  const spanSamples = Math.min(samples.length, (last + 1) * frameLength) - first * frameLength;
  const spanMinutes = durationMs(spanSamples, input.sampleRate) / 60_000;
  return emotionOf(meanSquareToDb(voicedEnergy / voicedSamples), input.wordCount / spanMinutes);
}

function emotionOf(rmsDb: number, wordsPerMinute: number): EmotionDynamics {
  // Rounded first and classified second, so the reported number and its level always agree.
  const roundedDb = Math.round(rmsDb * 10) / 10;
  const roundedWpm = Math.round(wordsPerMinute);
  return {
    volume: { level: classifyVolume(roundedDb), rmsDb: roundedDb },
    rate: { level: classifySpeakingRate(roundedWpm), wordsPerMinute: roundedWpm },
  };
}
