import type { UtteranceTranscribedEvent } from './service-events';

/**
 * Emotion dynamics measured per utterance by audio-transcription and used by
 * translation-pipeline to keep the speech's loudness and pace (SSML prosody). The shape is its
 * schema's (schemas/shared.ts `emotion`).
 */
export type EmotionDynamics = UtteranceTranscribedEvent['emotion'];
export type VolumeLevel = EmotionDynamics['volume']['level'];
export type SpeakingRate = EmotionDynamics['rate']['level'];

/** RMS dBFS thresholds: loud > −10, medium −10…−20, soft −20…−30, whisper < −30. */
export function classifyVolume(rmsDb: number): VolumeLevel {
  if (rmsDb > -10) return 'loud';
  if (rmsDb > -20) return 'medium';
  if (rmsDb > -30) return 'soft';
  return 'whisper';
}

/** Words per minute: < 100 very slow, < 130 slow, ≤ 160 medium, ≤ 190 fast, > 190 very fast. */
export function classifySpeakingRate(wordsPerMinute: number): SpeakingRate {
  if (wordsPerMinute < 100) return 'very_slow';
  if (wordsPerMinute < 130) return 'slow';
  if (wordsPerMinute <= 160) return 'medium';
  if (wordsPerMinute <= 190) return 'fast';
  return 'very_fast';
}

export type AudioQualityIssue = 'clipping' | 'low_snr' | 'silence';
export const AUDIO_QUALITY_ISSUES: readonly AudioQualityIssue[] = ['clipping', 'low_snr', 'silence'];
