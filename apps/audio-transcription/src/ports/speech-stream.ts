import type { Transcription } from './speech-to-text';

/** The words heard so far in the segment in progress; the next partial or final replaces it. */
export interface PartialSpeechResult {
  isPartial: true;
  text: string;
}

/**
 * A segment the engine has finished with (its own endpointing, or the end of the audio): its text will not
 * change. Offsets count from the stream's first sample, so a restarted stream knows where to resume.
 */
export interface FinalSpeechResult {
  isPartial: false;
  text: string;
  /** 0…1 when the engine reports one. */
  confidence?: number;
  /** Where the segment's audio starts and ends in the stream, when the engine says. */
  startMs?: number;
  endMs?: number;
}

export type SpeechStreamResult = PartialSpeechResult | FinalSpeechResult;

export interface SpeechStreamRequest {
  /** The session's source language, e.g. `en`. */
  languageCode: string;
  /** Rate of the PCM that will be written (signed 16-bit little-endian mono). */
  sampleRate: number;
  /**
   * Called with each partial whose text changed and with each final, in the order the engine gave them.
   * Called synchronously from the adapter's reader: keep it quick, and do not throw.
   */
  onResult?: (result: SpeechStreamResult) => void;
}

/**
 * One recognition stream: audio goes in as it arrives, results come out while it is spoken.
 * Exactly one of `end()` or `abort()` finishes it; a failed stream rejects its pending and later calls.
 */
export interface SpeechStream {
  /**
   * Feeds the next audio, in call order (writes need not be awaited one by one). Resolves once the adapter
   * holds it (pocketsphinx: decoded; Transcribe: queued for the stream); rejects when the stream failed,
   * was aborted or ended.
   */
  write(pcm: Buffer): Promise<void>;
  /**
   * No more audio: resolves with every final of the stream joined in order (the same text as
   * `SpeechToText.transcribe` of the whole audio gives, engine permitting), after the last `onResult`.
   */
  end(): Promise<Transcription>;
  /**
   * Closes the segment in progress at the audio written so far: resolves, after every earlier write,
   * with the text of every final since the previous endSegment (joined in order, '' when none) and the
   * stream's offset (ms from its first sample) that the result covers up to. The stream stays open for
   * more audio. Engines without it end segments only by their own endpointing.
   */
  endSegment?(): Promise<SegmentText>;
  /** Drops the stream at once: pending and later calls reject, and no more results are reported. */
  abort(): void;
}

/** A stream whose segments the caller can end: both engines' (pocketsphinx cuts at once; Transcribe waits for its final). */
export type CuttableSpeechStream = SpeechStream & Required<Pick<SpeechStream, 'endSegment'>>;

/** What `SpeechStream.endSegment` gives: the segment's text and how far into the stream it reaches. */
export interface SegmentText {
  text: string;
  confidence?: number;
  endMs: number;
}

/**
 * Recognises speech while it is spoken (pocketsphinx's incremental decoding locally, Transcribe Streaming
 * in AWS): one stream per speaking period, with partial and final results.
 *
 * @example
 * const stream = engine.open({ languageCode: 'en', sampleRate: 16000, onResult: (r) => show(r.text) });
 * for (const chunk of chunks) await stream.write(chunk);
 * const { text } = await stream.end();
 */
export interface StreamingSpeechToText {
  /** Language codes this engine can recognise. */
  readonly languages: readonly string[];
  /** Opens a stream; a request the engine cannot serve fails on the first `write` or `end`. */
  open(request: SpeechStreamRequest): SpeechStream;
}
