import type { SpeechStream, StoredChunk, StreamingSpeechToText } from '../../ports';

/**
 * The follower's recognition stream of one speaking period: which chunks it was fed, when it last heard
 * speech, and the words heard so far of the segment in progress.
 */
export class FollowedStream {
  /** The last chunk written; the next write must be the one after it. */
  writtenThrough: number;
  /** When (the follower's clock) a chunk with speech was last written. */
  lastSpeechAt: number;
  /** The newest partial of the segment in progress ('' after a cut). */
  partial = '';
  /** Words were heard since the last cut (a partial came), so ending the stream has a segment to close. */
  private heardSinceCut = false;
  readonly sampleRate: number;
  private readonly stream: SpeechStream;
  private done = false;

  constructor(
    engine: StreamingSpeechToText,
    request: { languageCode: string; sampleRate: number; firstChunk: number; nowMs: number },
  ) {
    this.sampleRate = request.sampleRate;
    this.writtenThrough = request.firstChunk - 1;
    this.lastSpeechAt = request.nowMs;
    this.stream = engine.open({
      languageCode: request.languageCode,
      sampleRate: request.sampleRate,
      onResult: (result) => {
        // Finals are collected by the cut; only the words in progress are shown.
        if (!result.isPartial) return;
        this.partial = result.text;
        if (result.text !== '') this.heardSinceCut = true;
      },
    });
  }

  /** True once the stream was ended (an engine without cuts ends it at each utterance). */
  get ended(): boolean {
    return this.done;
  }

  async write(chunk: StoredChunk, nowMs: number): Promise<void> {
    if (chunk.sequenceNumber !== this.writtenThrough + 1)
      throw new Error(`chunk ${chunk.sequenceNumber} written after ${this.writtenThrough}`);
    this.writtenThrough = chunk.sequenceNumber;
    if (chunk.hasSpeech) this.lastSpeechAt = nowMs;
    await this.stream.write(chunk.pcm);
  }

  /**
   * The text of everything written since the previous cut. With an engine that cannot cut (it ends
   * segments by itself), the stream is ended instead and the next speech opens a new one.
   */
  async cut(): Promise<string> {
    this.partial = '';
    this.heardSinceCut = false;
    if (this.stream.endSegment) return (await this.stream.endSegment()).text;
    return this.end();
  }

  /**
   * Ends the stream: the text of anything written since the last cut ('' normally). `end()` itself
   * gives the whole stream's text, so a stream that can cut is cut first when it heard words since.
   */
  async end(): Promise<string> {
    // Only silence since the cut: nothing to close, and Transcribe would wait for a final that never comes.
    const left =
      this.stream.endSegment && this.heardSinceCut ? (await this.stream.endSegment()).text : undefined;
    this.done = true;
    const whole = (await this.stream.end()).text;
    return left ?? (this.stream.endSegment ? '' : whole);
  }

  abort(): void {
    this.done = true;
    this.stream.abort();
  }
}
