import type { SegmentText, SpeechStream, SpeechStreamRequest } from '../../ports/speech-stream';
import type { Transcription } from '../../ports/speech-to-text';
import { TranscribeRequest } from './transcribe-streaming-request';
import type { TranscribeRequestEvents, TranscribeRequestSettings } from './transcribe-streaming-request';
import { SegmentFinals } from './transcribe-streaming-segments';
import { TranscribeStreamingError } from './transcribe-streaming-speech-to-text';

/** How a stream waits, on top of what each of its requests needs. */
export interface TranscribeStreamSettings extends TranscribeRequestSettings {
  /** After `end()`, or once a request's audio input is closed, its last results must come within this long. */
  endTimeoutMs: number;
  /** A final ending this much before a cut still closes it: Transcribe's end times stop at the last word. */
  segmentToleranceMs: number;
  /** How long `endSegment` waits for such a final before closing the request's audio input instead. */
  segmentWaitMs: number;
  /** Milliseconds now, to know how far Transcribe can have heard. */
  now: () => number;
}

/**
 * The caller's one stream over one or more StartStreamTranscription requests: a request is opened on the
 * first audio after the previous one was closed (for a segment or at the end), its offsets continuing
 * from the stream's audio so far. Any request's failure fails the whole stream.
 *
 * @example
 * const stream = new TranscribeSpeechStream(settings, { languageCode: 'en', sampleRate: 16000 });
 * await stream.write(pcm);
 * const { text, endMs } = await stream.endSegment();
 */
export class TranscribeSpeechStream implements SpeechStream {
  private readonly segments: SegmentFinals;
  /** Requests not yet finished: a closing one and the current one may overlap. */
  private readonly live = new Set<TranscribeRequest>();
  private readonly failed: Promise<never>;
  private rejectFailed: (error: TranscribeStreamingError) => void = () => undefined;
  private state: 'open' | 'ending' | 'done' = 'open';
  private failure: TranscribeStreamingError | undefined;
  /** Takes the next audio; undefined until audio comes after a close. */
  private current: TranscribeRequest | undefined;
  /** The request that holds the newest audio, open or closing. */
  private latest: TranscribeRequest | undefined;
  private requestCount = 0;
  private writtenSamples = 0;
  private oddByte: Buffer = Buffer.alloc(0);
  private segmentTail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: TranscribeStreamSettings,
    private readonly request: SpeechStreamRequest,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined); // only awaited while end() or endSegment() waits
    this.segments = new SegmentFinals(settings.segmentToleranceMs);
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
    this.current ??= this.openRequest();
    this.current.send(Buffer.from(bytes.subarray(0, whole)));
    this.writtenSamples += whole / 2;
    return Promise.resolve();
  }

  async end(): Promise<Transcription> {
    if (this.failure !== undefined) throw this.failure;
    if (this.state !== 'open') throw this.error('end after the stream ended', 'StreamEnded');
    this.state = 'ending';
    this.current?.close();
    this.current = undefined;
    if (this.live.size > 0) await this.finishWithin([...this.live]);
    this.state = 'done';
    return this.segments.all(); // no audio, no request: nothing billed
  }

  endSegment(): Promise<SegmentText> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.state !== 'open')
      return Promise.reject(this.error('endSegment after the stream ended', 'StreamEnded'));
    const cutMs = Math.floor((this.writtenSamples * 1000) / this.settings.sampleRate);
    // One segment closes at a time, so each takes exactly the finals after the previous one's.
    const segment = this.segmentTail.then(() => this.closeSegment(cutMs));
    this.segmentTail = segment.catch(() => undefined);
    return segment;
  }

  abort(): void {
    if (this.state === 'done') return;
    this.fail(this.error('the stream was aborted', 'Aborted'));
  }

  private async closeSegment(cutMs: number): Promise<SegmentText> {
    if (this.failure !== undefined) throw this.failure;
    const request = this.latest;
    if (request === undefined) return this.segments.takeThrough(0, cutMs);
    let outcome: 'covered' | 'finished';
    if (request.isFinished) outcome = 'finished';
    else if (this.segments.covered(cutMs)) outcome = 'covered';
    else outcome = await this.waitForCover(request, cutMs);
    if (this.failure !== undefined) throw this.failure;
    return outcome === 'covered'
      ? this.segments.takeCovering(cutMs)
      : this.segments.takeThrough(request.sequence, Math.max(cutMs, request.endMs));
  }

  /** Waits for a final reaching the cut; without one in time, ends the request's audio to get its finals. */
  private async waitForCover(request: TranscribeRequest, cutMs: number): Promise<'covered' | 'finished'> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), this.waitMsFor(request, cutMs));
    });
    try {
      const outcome = await Promise.race([
        this.segments.whenCovered(cutMs).then(() => 'covered' as const),
        request.finished.then(() => 'finished' as const),
        waited,
        this.failed,
      ]);
      if (outcome !== 'waited') return outcome;
    } finally {
      clearTimeout(timer);
    }
    // Transcribe does not end a segment here: closing its input brings the last finals, later audio opens a new request.
    if (this.current === request) this.current = undefined;
    request.close();
    await this.finishWithin([request]);
    return 'finished';
  }

  /**
   * `segmentWaitMs` from when Transcribe, hearing at about real time since the request opened, can have
   * heard the cut: a backlog written at once (a restarted stream) is not cut short.
   */
  private waitMsFor(request: TranscribeRequest, cutMs: number): number {
    const heardAt = request.openedAt + (cutMs - request.startMs);
    return Math.max(0, heardAt - this.settings.now()) + this.settings.segmentWaitMs;
  }

  private openRequest(): TranscribeRequest {
    this.requestCount += 1;
    const sequence = this.requestCount;
    const events: TranscribeRequestEvents = {
      partial: (text) => this.request.onResult?.({ isPartial: true, text }),
      final: (final, confidences) => {
        this.segments.add({ request: sequence, text: final.text, confidences, endMs: final.endMs });
        this.request.onResult?.(final);
      },
      failure: (error) => this.fail(error),
    };
    const start = { sample: this.writtenSamples, at: this.settings.now() };
    const request = new TranscribeRequest(this.settings, sequence, start, events);
    this.live.add(request);
    void request.finished.then(() => this.live.delete(request));
    this.latest = request;
    return request;
  }

  /** Waits for `requests` to send their last results; late ones fail the stream as `Timeout`. */
  private async finishWithin(requests: readonly TranscribeRequest[]): Promise<void> {
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
      // The SDK may not end its iteration on abort: a failure settles the wait by itself.
      await Promise.race([Promise.all(requests.map((request) => request.finished)), this.failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private fail(error: TranscribeStreamingError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.state = 'done';
    for (const request of this.live) request.abort();
    this.rejectFailed(error);
  }

  private error(message: string, code: string): TranscribeStreamingError {
    return new TranscribeStreamingError(message, { code, details: this.settings.details });
  }
}
