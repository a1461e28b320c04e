import { StartStreamTranscriptionCommand } from '@aws-sdk/client-transcribe-streaming';
import type {
  AudioStream,
  LanguageCode,
  Result,
  TranscribeStreamingClient,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { awsErrorName, isThrottlingError } from '@lingocast/aws';
import type {
  FinalSpeechResult,
  SpeechStream,
  SpeechStreamRequest,
  StreamingSpeechToText,
} from '../../ports/speech-stream';
import type { Transcription } from '../../ports/speech-to-text';
import {
  TranscribeStreamingError,
  TranscribeStreamingSpeechToText,
} from './transcribe-streaming-speech-to-text';

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
  /** After `end()`, the last results must arrive within this long. Default 10 000 ms. */
  endTimeoutMs?: number;
}

/**
 * Streaming speech-to-text with Amazon Transcribe Streaming: one StartStreamTranscription per stream, fed
 * from an async generator as audio is written, so a speaking period is one stream (billed once, at least
 * 15 s) rather than one per utterance. Partial results (`IsPartial`) are reported when their text changes;
 * each final result (Transcribe's own endpointing) is reported with its offsets in the stream. The stream
 * opens on the first audio: one that never gets any is never billed. Throttling is not retried here: the
 * audio already sent is gone with the stream, so the caller restarts from its last final result.
 *
 * @example
 * const engine = new TranscribeStreamingSpeechStreams(transcribeStreamingClient({ region: 'eu-west-1' }));
 * const stream = engine.open({ languageCode: 'es', sampleRate: 16000, onResult: (r) => show(r.text) });
 * await stream.write(chunk);
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
    };
  }

  open(request: SpeechStreamRequest): SpeechStream {
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
    const chunkBytes = Math.max(1, Math.round((sampleRate * this.settings.chunkMs) / 1000)) * 2;
    return new TranscribeSpeechStream(this.client, request, languageCode, chunkBytes, this.settings, details);
  }
}

/** Audio written but not yet taken by the SDK; `undefined` marks the end of the audio. */
class AudioQueue {
  private readonly items: Array<Buffer | undefined> = [];
  private wake: (() => void) | undefined;

  push(item: Buffer | undefined): void {
    this.items.push(item);
    this.wake?.();
  }

  /** The AudioEvents, split to at most `chunkBytes` each, until the end mark. */
  async *events(chunkBytes: number): AsyncGenerator<AudioStream> {
    for (;;) {
      const item = await this.next();
      if (item === undefined) return;
      for (let offset = 0; offset < item.length; offset += chunkBytes) {
        yield { AudioEvent: { AudioChunk: item.subarray(offset, offset + chunkBytes) } };
      }
    }
  }

  private async next(): Promise<Buffer | undefined> {
    while (this.items.length === 0) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    return this.items.shift();
  }
}

class TranscribeSpeechStream implements SpeechStream {
  private readonly audio = new AudioQueue();
  private readonly abortController = new AbortController();
  private readonly finalTexts: string[] = [];
  private readonly finalConfidences: number[] = [];
  private readonly failed: Promise<never>;
  private rejectFailed: (error: TranscribeStreamingError) => void = () => undefined;
  private state: 'open' | 'ending' | 'done' = 'open';
  private failure: TranscribeStreamingError | undefined;
  private running: Promise<void> | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private lastPartial = '';
  private oddByte: Buffer = Buffer.alloc(0);

  constructor(
    private readonly client: TranscribeStreamingClient,
    private readonly request: SpeechStreamRequest,
    private readonly languageCode: LanguageCode,
    private readonly chunkBytes: number,
    private readonly settings: { stallTimeoutMs: number; endTimeoutMs: number },
    private readonly details: Record<string, unknown>,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined); // only awaited while end() waits
  }

  write(pcm: Buffer): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.state !== 'open')
      return Promise.reject(this.error('write after the stream ended', 'StreamEnded'));
    // Whole 16-bit samples only: an odd trailing byte waits for the next chunk.
    const bytes = this.oddByte.length > 0 ? Buffer.concat([this.oddByte, pcm]) : pcm;
    const whole = bytes.length - (bytes.length % 2);
    this.oddByte = Buffer.from(bytes.subarray(whole));
    if (whole === 0) return Promise.resolve();
    this.running ??= this.run();
    this.audio.push(Buffer.from(bytes.subarray(0, whole)));
    this.stallTimer ??= setTimeout(() => this.fail(this.stalled()), this.settings.stallTimeoutMs);
    return Promise.resolve();
  }

  async end(): Promise<Transcription> {
    if (this.failure !== undefined) throw this.failure;
    if (this.state !== 'open') throw this.error('end after the stream ended', 'StreamEnded');
    this.state = 'ending';
    if (this.running === undefined) {
      this.state = 'done';
      return { text: '' }; // no audio, no stream: nothing billed
    }
    this.audio.push(undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = this.error(
          `Transcribe Streaming gave no last result within ${this.settings.endTimeoutMs} ms`,
          'Timeout',
        );
        this.fail(error);
        reject(error);
      }, this.settings.endTimeoutMs);
    });
    try {
      // The SDK may not end its iteration on abort: a failure settles end() by itself.
      await Promise.race([this.running, this.failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (this.failure !== undefined) throw this.failure;
    this.state = 'done';
    const text = this.finalTexts.join(' ').replace(/\s+/g, ' ').trim();
    const confidences = this.finalConfidences;
    return confidences.length === 0 ? { text } : { text, confidence: mean(confidences) };
  }

  abort(): void {
    if (this.state === 'done') return;
    this.fail(this.error('the stream was aborted', 'Aborted'));
  }

  /** The one StartStreamTranscription call; any failure is kept and rejects the next call. */
  private async run(): Promise<void> {
    try {
      const response = await this.client.send(
        new StartStreamTranscriptionCommand({
          LanguageCode: this.languageCode,
          MediaEncoding: 'pcm',
          MediaSampleRateHertz: this.request.sampleRate,
          AudioStream: this.audio.events(this.chunkBytes),
        }),
        { abortSignal: this.abortController.signal },
      );
      if (response.TranscriptResultStream === undefined) {
        throw this.error('Transcribe Streaming answered without a result stream', 'NoResultStream', {
          requestId: response.RequestId,
        });
      }
      for await (const event of response.TranscriptResultStream) {
        if (this.failure !== undefined) return;
        this.onEvent(event);
      }
      if (this.state === 'open') {
        // Closed by Transcribe while audio may still come: later writes would be lost unheard.
        throw this.error('Transcribe Streaming ended the stream before its audio ended', 'StreamClosed');
      }
    } catch (error) {
      this.fail(toStreamingError(error, this.details));
    } finally {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
    }
  }

  private onEvent(event: TranscriptResultStream): void {
    const streamError =
      event.BadRequestException ??
      event.LimitExceededException ??
      event.InternalFailureException ??
      event.ConflictException ??
      event.ServiceUnavailableException;
    if (streamError !== undefined) throw streamError;
    // Any event shows the stream is alive: the stall clock restarts with the next audio.
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
      const best = bestAlternative(result);
      if (result.IsPartial !== false) {
        if (best.text === this.lastPartial) continue;
        this.lastPartial = best.text;
        this.request.onResult?.({ isPartial: true, text: best.text });
        continue;
      }
      this.lastPartial = '';
      const final: FinalSpeechResult = { isPartial: false, text: best.text, ...offsets(result) };
      if (best.confidences.length > 0) final.confidence = mean(best.confidences);
      if (best.text.length > 0) this.finalTexts.push(best.text);
      this.finalConfidences.push(...best.confidences);
      this.request.onResult?.(final);
    }
  }

  private fail(error: TranscribeStreamingError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.state = 'done';
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.audio.push(undefined);
    this.abortController.abort();
    this.rejectFailed(error);
  }

  private stalled(): TranscribeStreamingError {
    return this.error(
      `Transcribe Streaming sent nothing for ${this.settings.stallTimeoutMs} ms of written audio`,
      'Stalled',
    );
  }

  private error(
    message: string,
    code: string,
    extra: Record<string, unknown> = {},
  ): TranscribeStreamingError {
    return new TranscribeStreamingError(message, { code, details: { ...this.details, ...extra } });
  }
}

/** A stream refused before it started: every call rejects with `error`, and nothing is sent. */
function refusedStream(error: Error): SpeechStream {
  return {
    write: () => Promise.reject(error),
    end: () => Promise.reject(error),
    abort: () => undefined,
  };
}

/** Wraps an SDK error (ours pass through), naming it and saying whether it was throttling. */
function toStreamingError(error: unknown, details: Record<string, unknown>): TranscribeStreamingError {
  if (error instanceof TranscribeStreamingError) return error;
  const code = awsErrorName(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new TranscribeStreamingError(`Transcribe Streaming failed: ${code}: ${reason}`, {
    code,
    throttled: isThrottlingError(error),
    cause: error,
    details,
  });
}

function bestAlternative(result: Result): { text: string; confidences: number[] } {
  const alternative = result.Alternatives?.[0];
  const confidences = (alternative?.Items ?? []).flatMap((item) =>
    item.Type !== 'punctuation' && typeof item.Confidence === 'number' ? [item.Confidence] : [],
  );
  return { text: alternative?.Transcript?.trim() ?? '', confidences };
}

/** Transcribe gives seconds from the stream's start. */
function offsets(result: Result): { startMs?: number; endMs?: number } {
  const range: { startMs?: number; endMs?: number } = {};
  if (typeof result.StartTime === 'number') range.startMs = Math.round(result.StartTime * 1000);
  if (typeof result.EndTime === 'number') range.endMs = Math.round(result.EndTime * 1000);
  return range;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
