import type { LanguageCode, TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import type {
  CuttableSpeechStream,
  SpeechStreamRequest,
  StreamingSpeechToText,
} from '../../ports/speech-stream';
import {
  TranscribeStreamingError,
  TranscribeStreamingSpeechToText,
} from './transcribe-streaming-speech-to-text';
import { TranscribeSpeechStream } from './transcribe-streaming-stream';
import type { TranscribeStreamSettings } from './transcribe-streaming-stream';

/** Transcribe accepts PCM from 8 kHz (telephone) to 48 kHz. */
const MIN_SAMPLE_RATE = 8_000;
const MAX_SAMPLE_RATE = 48_000;

export interface TranscribeStreamingStreamsOptions {
  /** Extra or replacement language codes by ISO 639-1 code, as for the whole-utterance adapter. */
  languageCodes?: Readonly<Record<string, LanguageCode>>;
  /** Longest audio per AudioEvent; a longer write is split. AWS recommends 50–200 ms; default 100 ms. */
  chunkMs?: number;
  /** A stream given audio that sends no event for this long has stalled and fails. Default 15 000 ms. */
  stallTimeoutMs?: number;
  /** After `end()`, or after a request's audio input is closed for a segment, the last results must arrive
   * within this long. Default 10 000 ms. */
  endTimeoutMs?: number;
  /** `endSegment()` takes a final ending up to this long before the cut as reaching it: Transcribe's end
   * times stop at the last word, not at the audio's end. Default 600 ms. */
  segmentToleranceMs?: number;
  /** `endSegment()` waits this long for such a final, then closes the request's audio input to get its
   * finals and sends later audio to a new request. Counted from when Transcribe, hearing at about real
   * time, can have heard the cut: a stream fed a backlog faster than real time waits longer. Default 2 500 ms. */
  segmentWaitMs?: number;
  /** Milliseconds now; for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Streaming speech-to-text with Amazon Transcribe Streaming: one StartStreamTranscription per stream, fed
 * from an async generator as audio is written, so a speaking period is one stream (billed once, at least
 * 15 s) rather than one per utterance. Partial results (`IsPartial`) are reported when their text changes;
 * each final result (Transcribe's own endpointing) is reported with its offsets in the stream. The stream
 * opens on the first audio: one that never gets any is never billed. Throttling is not retried here: the
 * audio already sent is gone with the stream, so the caller restarts from its last final result.
 *
 * `endSegment()`: Transcribe cannot be told to end a segment, so the cut (`cutMs`, all audio written so
 * far) waits for a final ending at or after `cutMs − segmentToleranceMs` (its end times stop at the last
 * word), and gives every final since the previous cut up to that one, included whole even when it runs
 * past the cut (`endMs` then says how far). Without one within `segmentWaitMs` (counted from when the cut
 * was heard at real-time pace: audio written faster than real time waits longer), the request's audio input
 * is closed, the segment gets all its finals, and the next audio opens a new StartStreamTranscription whose
 * offsets continue the stream's: the caller sees one stream (each request is billed at least 15 s).
 *
 * @example
 * const engine = new TranscribeStreamingSpeechStreams(transcribeStreamingClient({ region: 'eu-west-1' }));
 * const stream = engine.open({ languageCode: 'es', sampleRate: 16000, onResult: (r) => show(r.text) });
 * await stream.write(chunk);
 * const { text: sentence, endMs } = await stream.endSegment();
 * const { text } = await stream.end();
 */
export class TranscribeStreamingSpeechStreams implements StreamingSpeechToText {
  readonly languages: readonly string[];
  // The language table and its variants live in the whole-utterance adapter; both must map alike.
  private readonly codes: TranscribeStreamingSpeechToText;
  private readonly settings: Required<Omit<TranscribeStreamingStreamsOptions, 'languageCodes'>>;

  constructor(
    private readonly client: TranscribeStreamingClient,
    options: TranscribeStreamingStreamsOptions = {},
  ) {
    this.codes = new TranscribeStreamingSpeechToText(client, { languageCodes: options.languageCodes });
    this.languages = this.codes.languages;
    this.settings = {
      chunkMs: options.chunkMs ?? 100,
      stallTimeoutMs: options.stallTimeoutMs ?? 15_000,
      endTimeoutMs: options.endTimeoutMs ?? 10_000,
      segmentToleranceMs: options.segmentToleranceMs ?? 600,
      segmentWaitMs: options.segmentWaitMs ?? 2_500,
      now: options.now ?? Date.now,
    };
  }

  open(request: SpeechStreamRequest): CuttableSpeechStream {
    const languageCode = this.codes.languageCodeFor(request.languageCode);
    const details = {
      languageCode: request.languageCode,
      transcribeLanguageCode: languageCode,
      sampleRate: request.sampleRate,
    };
    if (languageCode === undefined) {
      return refusedStream(
        new TranscribeStreamingError(`Transcribe Streaming has no language '${request.languageCode}'`, {
          code: 'UnsupportedLanguage',
          details,
        }),
      );
    }
    const { sampleRate } = request;
    if (!Number.isInteger(sampleRate) || sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      return refusedStream(
        new TranscribeStreamingError(
          `Transcribe Streaming takes ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz PCM, got ${sampleRate} Hz`,
          { code: 'UnsupportedSampleRate', details },
        ),
      );
    }
    const { chunkMs, ...waits } = this.settings;
    const settings: TranscribeStreamSettings = {
      ...waits,
      client: this.client,
      languageCode,
      sampleRate,
      chunkBytes: Math.max(1, Math.round((sampleRate * chunkMs) / 1000)) * 2,
      details,
    };
    return new TranscribeSpeechStream(settings, request);
  }
}

/** A stream refused before it started: every call rejects with `error`, and nothing is sent. */
function refusedStream(error: Error): CuttableSpeechStream {
  return {
    write: () => Promise.reject(error),
    end: () => Promise.reject(error),
    endSegment: () => Promise.reject(error),
    abort: () => undefined,
  };
}
