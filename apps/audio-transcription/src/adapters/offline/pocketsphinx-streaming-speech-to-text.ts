import { WarmWorker } from '@lingocast/lambda';
import type {
  CuttableSpeechStream,
  SegmentText,
  SpeechStreamRequest,
  SpeechStreamResult,
  StreamingSpeechToText,
} from '../../ports/speech-stream';
import type { Transcription } from '../../ports/speech-to-text';
import { decodePcm16, encodePcm16, resamplePcm16 } from '../../domain/pcm';
import { DEFAULT_DECODER_OPTIONS } from './pocketsphinx-speech-to-text';
import { PocketsphinxStreamError, PocketsphinxStreamWorker } from './pocketsphinx-stream-worker';
import type { StreamOperation, StreamWorkerReply, WorkerSegment } from './pocketsphinx-stream-worker-script';

/**
 * The follower's decoder settings: the stage's `-maxhmmpf 5000` without the second, flat-lexicon pass.
 * Incrementally that pass buys no words (on pocketsphinx-testdata 22 errors without it, 27 with; noisy
 * 34 and 37) and makes each cut 2–5× slower (`bench:accuracy --streaming`, decision 54).
 */
export const STREAMING_DECODER_OPTIONS: Readonly<Record<string, string | number | boolean>> = {
  ...DEFAULT_DECODER_OPTIONS,
  '-fwdflat': false,
};

/** The en-us acoustic model is trained on 16 kHz audio; other rates are resampled chunk by chunk. */
const MODEL_SAMPLE_RATE = 16_000;

export interface PocketsphinxStreamingOptions {
  /** Python with the `pocketsphinx` module (Debian `python3-pocketsphinx`). Default `/usr/bin/python3`. */
  pythonPath?: string;
  /** Folder holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. Default the Debian model folder. */
  modelDir?: string;
  /** Decoder settings, as for the whole-utterance adapter. Default its `DEFAULT_DECODER_OPTIONS`. */
  decoderOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Streams open at once on the worker; each holds a decoder of ~90 MB. Default 4. */
  maxStreams?: number;
  /** Longest wait for one answer of the worker (a chunk decoded, the final). Default 10 000 ms. */
  timeoutMs?: number;
  /** Longest wait for the model to load when the worker starts. Default 15 000 ms. */
  startTimeoutMs?: number;
  /**
   * Ends a segment with a final wherever pocketsphinx's voice-activity detector hears speech stop
   * (`-vad_postspeech`, 50 frames = 0.5 s by default), and goes on in a new one. Default true; false
   * gives one final per stream, at `end()`.
   */
  endpointing?: boolean;
}

/**
 * Streaming speech-to-text with pocketsphinx's incremental decoding (English only): one warm Python worker
 * serves up to `maxStreams` streams at a time, each on its own decoder, multiplexed by stream id over its
 * pipe. Every written chunk is decoded at once and its partial reported when the text changed; a pause
 * the voice-activity detector hears ends a segment with a final, and `end()` finishes the last one, so the
 * final costs the last segment's second pass, not a whole-utterance decode. A worker
 * that crashed or stalled fails the streams it served and is replaced for the next `open()`.
 *
 * @example
 * const engine = new PocketsphinxStreamingSpeechToText();
 * const stream = engine.open({ languageCode: 'en', sampleRate: 16000, onResult: (r) => console.log(r.text) });
 * await stream.write(chunk);
 * const { text } = await stream.end();
 * engine.close();
 */
export class PocketsphinxStreamingSpeechToText implements StreamingSpeechToText {
  readonly languages: readonly string[] = ['en'];
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly warm: WarmWorker<PocketsphinxStreamWorker>;
  private nextStreamId = 1;

  constructor(options: PocketsphinxStreamingOptions = {}) {
    const pythonPath = options.pythonPath ?? '/usr/bin/python3';
    const modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
    const maxStreams = options.maxStreams ?? 4;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 15_000;
    const args = [
      `${modelDir}/en-us`,
      `${modelDir}/en-us.lm.bin`,
      `${modelDir}/cmudict-en-us.dict`,
      JSON.stringify(options.decoderOptions ?? DEFAULT_DECODER_OPTIONS),
      String(maxStreams),
      options.endpointing === false ? 'no' : 'yes',
    ];
    this.warm = new WarmWorker(() => new PocketsphinxStreamWorker(pythonPath, args));
  }

  /** Starts the worker and waits until the model is loaded, so the first stream is not slowed down. */
  start(): Promise<void> {
    return this.warm.run((worker) => worker.whenReady(this.startTimeoutMs));
  }

  open(request: SpeechStreamRequest): CuttableSpeechStream {
    const primaryLanguage = request.languageCode.toLowerCase().split('-')[0] ?? '';
    if (!this.languages.includes(primaryLanguage)) {
      return failedStream(
        new PocketsphinxStreamError(`pocketsphinx has no model for language '${request.languageCode}'`, {
          code: 'UnsupportedLanguage',
          details: { languageCode: request.languageCode },
        }),
      );
    }
    // Only getting the live worker is queued on WarmWorker; the streams then share it.
    const worker = this.warm.run(async (live) => {
      await live.whenReady(this.startTimeoutMs);
      return live;
    });
    const id = this.nextStreamId;
    this.nextStreamId = (this.nextStreamId % 0xffff_ffff) + 1;
    return new PocketsphinxSpeechStream(worker, id, request, this.timeoutMs);
  }

  /** Stops the worker: open streams fail. A later `open()` starts a new one. */
  close(): void {
    this.warm.close();
  }
}

/** One stream on the shared worker. Requests go out one after another, so audio stays in order. */
class PocketsphinxSpeechStream implements CuttableSpeechStream {
  private tail: Promise<unknown>;
  private state: 'open' | 'ending' | 'done' = 'open';
  private failure: PocketsphinxStreamError | undefined;
  private lastPartial = '';
  private readonly segments: WorkerSegment[] = [];
  /** Segments before this index were returned by an earlier `endSegment`. */
  private segmentsTaken = 0;
  private oddByte: Buffer = Buffer.alloc(0);

  constructor(
    private readonly worker: Promise<PocketsphinxStreamWorker>,
    private readonly id: number,
    private readonly request: SpeechStreamRequest,
    private readonly timeoutMs: number,
  ) {
    this.tail = this.send('open', Buffer.alloc(0));
    this.tail.catch(() => undefined); // reported by the next write or end
  }

  write(pcm: Buffer): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.ended('write'));
    const samples = this.toModelRate(pcm);
    if (samples.length === 0) return this.after(async () => undefined);
    return this.after(async () => {
      const reply = await this.send('audio', samples);
      if (reply.type !== 'heard') throw this.failed(`expected a partial, got ${reply.type}`);
      for (const segment of reply.finals) this.finish(segment);
      if (reply.text !== this.lastPartial && this.state !== 'done') {
        this.lastPartial = reply.text;
        this.report({ isPartial: true, text: normalise(reply.text) });
      }
    });
  }

  end(): Promise<Transcription> {
    if (this.state !== 'open') return Promise.reject(this.ended('end'));
    this.state = 'ending';
    return this.after(async () => {
      const reply = await this.send('end', Buffer.alloc(0));
      if (reply.type !== 'final') throw this.failed(`expected a final, got ${reply.type}`);
      this.finish(reply);
      this.state = 'done';
      return joinSegments(this.segments);
    });
  }

  endSegment(): Promise<SegmentText> {
    if (this.state !== 'open') return Promise.reject(this.ended('endSegment'));
    return this.after(async () => {
      const reply = await this.send('cut', Buffer.alloc(0));
      if (reply.type !== 'final') throw this.failed(`expected a final, got ${reply.type}`);
      this.finish(reply);
      const taken = this.segments.slice(this.segmentsTaken);
      this.segmentsTaken = this.segments.length;
      return { ...joinSegments(taken), endMs: reply.endMs };
    });
  }

  abort(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.failure ??= new PocketsphinxStreamError('the stream was aborted', {
      code: 'Aborted',
      details: { streamId: this.id },
    });
    // Frees the decoder once the requests already sent are answered; nobody waits for it.
    this.tail.finally(() => this.send('abort', Buffer.alloc(0))).catch(() => undefined);
  }

  /** Reports a finished segment and keeps it for the stream's text; the next partial starts afresh. */
  private finish(segment: WorkerSegment): void {
    if (this.state === 'done') return;
    const final: WorkerSegment = {
      text: normalise(segment.text),
      startMs: segment.startMs,
      endMs: segment.endMs,
    };
    if (segment.confidence !== undefined) final.confidence = segment.confidence;
    this.segments.push(final);
    this.lastPartial = '';
    this.report({ isPartial: false, ...final });
  }

  /** Runs `step` after every earlier request; a failed stream fails every later step. */
  private after<T>(step: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.failure !== undefined) throw this.failure;
      return step();
    });
    this.tail = run.catch((error: unknown) => {
      this.failure ??= toStreamError(error, this.id);
    });
    return run;
  }

  private async send(operation: StreamOperation, pcm: Buffer): Promise<StreamWorkerReply> {
    const worker = await this.worker;
    return worker.request(operation, this.id, pcm, this.timeoutMs);
  }

  /** Whole 16-bit samples at the model's rate; an odd trailing byte waits for the next chunk. */
  private toModelRate(pcm: Buffer): Buffer {
    const bytes = this.oddByte.length > 0 ? Buffer.concat([this.oddByte, pcm]) : pcm;
    const whole = bytes.length - (bytes.length % 2);
    this.oddByte = Buffer.from(bytes.subarray(whole));
    if (whole === 0) return Buffer.alloc(0);
    const samples = bytes.subarray(0, whole);
    if (this.request.sampleRate === MODEL_SAMPLE_RATE) return Buffer.from(samples);
    return encodePcm16(resamplePcm16(decodePcm16(samples), this.request.sampleRate, MODEL_SAMPLE_RATE));
  }

  private report(result: SpeechStreamResult): void {
    this.request.onResult?.(result);
  }

  private ended(call: string): PocketsphinxStreamError {
    return (
      this.failure ??
      new PocketsphinxStreamError(`${call} after the stream ended`, {
        code: 'StreamEnded',
        details: { streamId: this.id },
      })
    );
  }

  private failed(message: string): PocketsphinxStreamError {
    return new PocketsphinxStreamError(message, { code: 'WorkerFailed', details: { streamId: this.id } });
  }
}

/** A stream that was refused before it started: every call rejects with `error`. */
function failedStream(error: Error): CuttableSpeechStream {
  return {
    write: () => Promise.reject(error),
    endSegment: () => Promise.reject(error),
    end: () => Promise.reject(error),
    abort: () => undefined,
  };
}

function toStreamError(error: unknown, streamId: number): PocketsphinxStreamError {
  if (error instanceof PocketsphinxStreamError) return error;
  return new PocketsphinxStreamError(`pocketsphinx stream failed: ${String(error)}`, {
    code: 'WorkerFailed',
    cause: error,
    details: { streamId },
  });
}

/** Lowercase words separated by single spaces, as the whole-utterance adapter gives them. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The segments' texts in order; confidence is their mean weighted by words. */
function joinSegments(segments: readonly WorkerSegment[]): Transcription {
  const spoken = segments.filter((segment) => segment.text.length > 0);
  const text = spoken.map((segment) => segment.text).join(' ');
  let words = 0;
  let weighted = 0;
  for (const segment of spoken) {
    if (segment.confidence === undefined) continue;
    const count = segment.text.split(' ').length;
    words += count;
    weighted += segment.confidence * count;
  }
  return words === 0 ? { text } : { text, confidence: weighted / words };
}
