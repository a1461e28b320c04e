import type { EmotionDynamics } from '@lingocast/contract';

export interface SynthesisRequest {
  text: string;
  language: string;
  /** Measured on the speaker's utterance; carried into SSML prosody (rate, volume). */
  emotion?: EmotionDynamics;
}

export interface SynthesizedSpeech {
  /** MP3 bytes. */
  audio: Buffer;
  format: 'mp3';
  durationMs: number;
}

/** Speaks text (Amazon Polly in AWS, espeak-ng + lame locally). */
export interface SpeechSynthesizer {
  supports(language: string): boolean;
  synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech>;
}
