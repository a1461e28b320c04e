import { StartStreamTranscriptionCommand } from '@aws-sdk/client-transcribe-streaming';
import type {
  AudioStream,
  LanguageCode,
  Result,
  TranscribeStreamingClient,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import type { FinalSpeechResult } from '../../ports/speech-stream';
import {
  TranscribeStreamingError,
  bestAlternative,
  toStreamingError,
} from './transcribe-streaming-speech-to-text';

/** What one StartStreamTranscription needs; the same for every request of a stream. */
export interface TranscribeRequestSettings {
  client: TranscribeStreamingClient;
  languageCode: LanguageCode;
  sampleRate: number;
  /** Longest AudioEvent, in bytes. */
  chunkBytes: number;
  /** A request given audio that sends no event for this long has stalled and fails. */
  stallTimeoutMs: number;
  /** Said in every error, e.g. the session's language. */
  details: Record<string, unknown>;
}

/** What a request tells the stream that owns it, in the order Transcribe gave it. */
export interface TranscribeRequestEvents {
  partial(text: string): void;
  /** A final, its offsets already counted from the stream's first sample; `confidences` per word. */
  final(final: FinalSpeechResult, confidences: number[]): void;
  /** The request failed; it reports nothing more. */
  failure(error: TranscribeStreamingError): void;
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

/**
 * One StartStreamTranscription of a stream, started at once and fed as audio is sent. A stream uses
 * several when a segment has to be closed by ending Transcribe's audio input; `start.sample` places this
 * request's offsets in the stream, `start.at` is when it opened.
 *
 * @example
 * const request = new TranscribeRequest(settings, 2, { sample: 48_000, at: Date.now() }, events); // from 3 s in
 * request.send(pcm);
 * request.close();
 * await request.finished; // every final has been given to `events.final`
 */
export class TranscribeRequest {
  /** Settles once Transcribe sent its last result or the request failed (then `events.failure` was told). */
  readonly finished: Promise<void>;
  isFinished = false;
  /** When it opened (ms, the stream's clock). */
  readonly openedAt: number;
  private readonly startSample: number;
  private readonly audio = new AudioQueue();
  private readonly abortController = new AbortController();
  private state: 'open' | 'closing' | 'done' = 'open';
  private stallTimer: NodeJS.Timeout | undefined;
  private lastPartial = '';
  private samples = 0;

  constructor(
    private readonly settings: TranscribeRequestSettings,
    /** 1 for the stream's first request, then 2, 3, … */
    readonly sequence: number,
    start: { sample: number; at: number },
    private readonly events: TranscribeRequestEvents,
  ) {
    this.startSample = start.sample;
    this.openedAt = start.at;
    this.finished = this.run();
  }

  /** Where this request's audio starts, in ms from the stream's first sample. */
  get startMs(): number {
    return (this.startSample * 1000) / this.settings.sampleRate;
  }

  /** Where this request's audio ends so far, in ms from the stream's first sample. */
  get endMs(): number {
    return Math.floor(((this.startSample + this.samples) * 1000) / this.settings.sampleRate);
  }

  /** Queues whole 16-bit samples for Transcribe. */
  send(pcm: Buffer): void {
    this.samples += pcm.length / 2;
    this.audio.push(pcm);
    this.stallTimer ??= setTimeout(() => this.fail(this.stalled()), this.settings.stallTimeoutMs);
  }

  /** Ends the audio input: Transcribe then sends its last finals and ends the result stream. */
  close(): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.audio.push(undefined);
  }

  /** Cancels the request (nothing more is reported), so it is not left open and billed. */
  abort(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.audio.push(undefined);
    this.abortController.abort();
  }

  private async run(): Promise<void> {
    const { client, languageCode, sampleRate, chunkBytes } = this.settings;
    try {
      const response = await client.send(
        new StartStreamTranscriptionCommand({
          LanguageCode: languageCode,
          MediaEncoding: 'pcm',
          MediaSampleRateHertz: sampleRate,
          AudioStream: this.audio.events(chunkBytes),
        }),
        { abortSignal: this.abortController.signal },
      );
      if (response.TranscriptResultStream === undefined) {
        throw this.error('Transcribe Streaming answered without a result stream', 'NoResultStream', {
          requestId: response.RequestId,
        });
      }
      for await (const event of response.TranscriptResultStream) {
        if (this.state === 'done') return;
        this.onEvent(event);
      }
      if (this.state === 'open') {
        // Closed by Transcribe while audio may still come: later writes would be lost unheard.
        throw this.error('Transcribe Streaming ended the stream before its audio ended', 'StreamClosed');
      }
    } catch (error) {
      this.fail(toStreamingError(error, this.settings.details));
    } finally {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
      this.isFinished = true;
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
        this.events.partial(best.text);
        continue;
      }
      this.lastPartial = '';
      const final: FinalSpeechResult = { isPartial: false, text: best.text, ...this.offsets(result) };
      if (best.confidences.length > 0) final.confidence = mean(best.confidences);
      this.events.final(final, best.confidences);
    }
  }

  /** Transcribe gives seconds from this request's start; the stream counts from its own first sample. */
  private offsets(result: Result): { startMs?: number; endMs?: number } {
    const shiftMs = this.startMs;
    const range: { startMs?: number; endMs?: number } = {};
    if (typeof result.StartTime === 'number') range.startMs = Math.round(result.StartTime * 1000 + shiftMs);
    if (typeof result.EndTime === 'number') range.endMs = Math.round(result.EndTime * 1000 + shiftMs);
    return range;
  }

  private fail(error: TranscribeStreamingError): void {
    if (this.state === 'done') return;
    this.abort();
    this.events.failure(error);
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
    return new TranscribeStreamingError(message, { code, details: { ...this.settings.details, ...extra } });
  }
}

/**
 * The average of `values` (not empty).
 *
 * @example
 * mean([1, 0.5]); // 0.75
 */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
