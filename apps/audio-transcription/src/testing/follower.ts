import type { FollowAudioEvent, UtterancePartialEvent } from '@lingocast/contract';
import { measureChunkActivity } from '../domain/voice-activity';
import type {
  SegmentText,
  SpeechStream,
  SpeechStreamRequest,
  StreamingSpeechToText,
  Transcription,
} from '../ports';
import type { FollowerSettings } from '../use-cases/follow/follower-deps';
import { FOLLOWER_DEFAULTS } from '../use-cases/follow/follower-deps';
import { CHUNK_MS, SAMPLE_RATE, SESSION_ID, chunksFromScript } from './audio';
import { InMemoryAudioStore, createTestDeps } from './fakes';
import type { TestDeps } from './fakes';
import { InMemoryStreamLeases } from './stream-leases';

/** Marks a speech chunk with a word: its first sample holds 1000 + the word's number. */
const TAG_BASE = 1000;

/**
 * 250 ms chunks from a script (as `chunksFromScript`), each speech chunk tagged with the number of the
 * chunk, so the fake engine hears the word `w<chunk>`: a test can tell which chunks reached a text.
 */
export function taggedChunks(script: string, firstChunk = 0): Buffer[] {
  return chunksFromScript(script).map((chunk, index) => {
    if (script[index] === '.') return chunk;
    const tagged = Buffer.from(chunk);
    tagged.writeInt16LE(TAG_BASE + firstChunk + index, 0);
    return tagged;
  });
}

/** The words the fake engine hears in one chunk: `w<n>` for a tagged speech chunk, none for silence. */
function wordsIn(pcm: Buffer): string[] {
  if (pcm.length < 2) return [];
  const tag = pcm.readInt16LE(0) - TAG_BASE;
  return tag >= 0 && tag < 30_000 ? [`w${tag}`] : [];
}

interface EngineFaults {
  /** Throws on these write calls of the engine (counted over all streams, from 1). */
  failWrites?: number[];
  /** Throws `TooManyStreams` (every decoder taken) on these write calls, from 1. */
  busyWrites?: number[];
  /** The write with this number (from 1) waits for `until` first: a slow decode. */
  slowWrite?: { at: number; until: () => Promise<void> };
}

/**
 * A streaming engine that hears one word per tagged speech chunk: partials are the words since the
 * last cut, `endSegment` gives them (when `cuttable`), `end` the rest. Faults are scripted by write number.
 */
export class FakeStreamingEngine implements StreamingSpeechToText {
  readonly languages = ['en'];
  readonly opened: SpeechStreamRequest[] = [];
  readonly streams: FakeStream[] = [];
  private writes = 0;

  constructor(private readonly options: { cuttable?: boolean; faults?: EngineFaults } = {}) {}

  open(request: SpeechStreamRequest): SpeechStream {
    this.opened.push(request);
    const stream = new FakeStream(request, async () => {
      this.writes += 1;
      const slow = this.options.faults?.slowWrite;
      if (slow?.at === this.writes) await slow.until();
      if (this.options.faults?.busyWrites?.includes(this.writes))
        throw Object.assign(new Error('already 4 streams open'), { code: 'TooManyStreams' });
      return this.options.faults?.failWrites?.includes(this.writes) ?? false;
    });
    this.streams.push(stream);
    if (this.options.cuttable === false) {
      const { endSegment: _cut, ...withoutCut } = stream.api();
      return withoutCut;
    }
    return stream.api();
  }
}

export class FakeStream {
  private words: string[] = [];
  private heardMs = 0;
  state: 'open' | 'ended' | 'aborted' | 'failed' = 'open';
  readonly written: Buffer[] = [];

  constructor(
    private readonly request: SpeechStreamRequest,
    private readonly shouldFail: () => Promise<boolean>,
  ) {}

  api(): SpeechStream & { endSegment(): Promise<SegmentText> } {
    return {
      write: async (pcm) => {
        this.check();
        if (await this.shouldFail()) {
          this.state = 'failed';
          throw Object.assign(new Error('engine failed'), { code: 'WorkerFailed' });
        }
        this.written.push(pcm);
        this.heardMs += (pcm.length / 2 / this.request.sampleRate) * 1000;
        const heard = wordsIn(pcm);
        if (heard.length > 0) {
          this.words.push(...heard);
          this.request.onResult?.({ isPartial: true, text: this.words.join(' ') });
        }
      },
      endSegment: async () => {
        this.check();
        const text = this.words.join(' ');
        this.words = [];
        return { text, endMs: this.heardMs };
      },
      end: async (): Promise<Transcription> => {
        this.check();
        this.state = 'ended';
        return { text: this.words.join(' ') };
      },
      abort: () => {
        if (this.state === 'open') this.state = 'aborted';
      },
    };
  }

  private check(): void {
    if (this.state !== 'open')
      throw Object.assign(new Error(`stream ${this.state}`), { code: 'StreamEnded' });
  }
}

export class RecordingPartials {
  readonly published: UtterancePartialEvent[] = [];

  async publish(event: UtterancePartialEvent): Promise<void> {
    this.published.push(event);
  }
}

export class RecordingFollowers {
  readonly started: FollowAudioEvent[] = [];

  async start(event: FollowAudioEvent): Promise<void> {
    this.started.push(event);
  }
}

export interface FollowerTestDeps extends TestDeps {
  leases: InMemoryStreamLeases;
  streaming: FakeStreamingEngine;
  partials: RecordingPartials;
  followers: RecordingFollowers;
  follower: FollowerSettings;
  sleep(ms: number): Promise<void>;
}

/** A speaker's chunk as it will be stored: its number, audio and when it arrives (ms after the start). */
export interface Arrival {
  sequenceNumber: number;
  pcm: Buffer;
  atMs: number;
}

/** Chunks sent at real-time pace from `startMs`: chunk i arrives when its last sample was captured. */
export function realTime(chunks: readonly Buffer[], startMs = 0, firstChunk = 0): Arrival[] {
  return chunks.map((pcm, index) => ({
    sequenceNumber: firstChunk + index,
    pcm,
    atMs: startMs + (index + 1) * CHUNK_MS,
  }));
}

/**
 * Follower deps on a manual clock whose `sleep` moves time and stores the chunks due by then, as
 * ingestion would. Bounded: a follower that never stops fails the test after `maxSleeps`.
 */
export function createFollowerDeps(
  arrivals: Arrival[],
  options: {
    engine?: FakeStreamingEngine;
    follower?: Partial<FollowerSettings>;
    maxSleeps?: number;
    /** Called after each sleep with the ms since the start (to inject faults). */
    onTick?: (elapsedMs: number) => void;
  } = {},
): FollowerTestDeps & { pendingArrivals(): number } {
  const leases = new InMemoryStreamLeases();
  const base = createTestDeps();
  const store = new InMemoryAudioStore(() => 0, leases);
  const startedAt = base.clock.now();
  const queue = [...arrivals].sort((left, right) => left.atMs - right.atMs);
  let sleeps = 0;
  const deliverDue = async () => {
    while (queue.length > 0 && (queue[0]?.atMs ?? 0) <= base.clock.now() - startedAt) {
      const arrival = queue.shift();
      if (arrival === undefined) break;
      await store.putChunk({
        sessionId: SESSION_ID,
        sequenceNumber: arrival.sequenceNumber,
        receivedAt: base.clock.now(),
        sampleRate: SAMPLE_RATE,
        pcm: arrival.pcm,
        speakerConnectionId: 'speaker-conn',
        requestId: `audio-${arrival.sequenceNumber}`,
        ...measureChunkActivity(arrival.pcm, { sampleRate: SAMPLE_RATE, speechThresholdDb: -40 }),
      });
    }
  };
  return {
    ...base,
    store,
    leases,
    streaming: options.engine ?? new FakeStreamingEngine(),
    partials: new RecordingPartials(),
    followers: new RecordingFollowers(),
    follower: { ...FOLLOWER_DEFAULTS, ...options.follower },
    settings: {
      ...base.settings,
      maxUtteranceMs: 15_000,
      adaptive: { afterSpeechMs: 1_500, shortPauseMs: 250, minPauseMs: 150 },
    },
    sleep: async (ms: number) => {
      sleeps += 1;
      if (sleeps > (options.maxSleeps ?? 20_000)) throw new Error('the follower did not stop');
      base.clock.advance(ms);
      await deliverDue();
      options.onTick?.(base.clock.now() - startedAt);
    },
    pendingArrivals: () => queue.length,
  };
}

export const FOLLOW_EVENT: FollowAudioEvent = {
  kind: 'followAudio',
  sessionId: SESSION_ID,
  sourceLanguage: 'en',
  reason: 'audio',
  requestId: 'follow-1',
};
