/** Raw speech of one utterance: signed 16-bit little-endian mono PCM. */
export interface UtteranceAudio {
  pcm: Buffer;
  sampleRate: number;
  /** The session's source language, e.g. `en`. */
  languageCode: string;
}

export interface Transcription {
  /** Recognised text; empty when nothing was recognised. */
  text: string;
  /** 0…1 when the engine reports one. */
  confidence?: number;
}

/** Turns one utterance's audio into text (Transcribe Streaming in AWS, pocketsphinx locally). */
export interface SpeechToText {
  /** Language codes this engine can recognise. */
  readonly languages: readonly string[];
  transcribe(audio: UtteranceAudio): Promise<Transcription>;
}
