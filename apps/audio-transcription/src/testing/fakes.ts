import type { ServerMessage, UtteranceClaimedEvent, UtteranceTranscribedEvent } from '@lingocast/contract';
import { createLogger } from '@lingocast/logging';
import type { StoredChunkSummary } from '../domain/utterance-cutter';
import type {
  AudioStore,
  ChunkToStore,
  ClaimFence,
  QualityWarningKind,
  SpeakerNotifier,
  SpeechToText,
  StoredChunk,
  StreamCursor,
  Transcription,
  TranslationSink,
  UtteranceAudio,
  UtteranceScheduler,
} from '../ports';
import type { Deps, TranscriptionSettings } from '../use-cases/deps';
import { ManualClock } from '@lingocast/lambda/testing';

export { ManualClock };

/** How many macrotask turns an operation waits before and after touching the data (simulated latency). */
export type Latency = () => number;

const noLatency: Latency = () => 0;

async function wait(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * AudioStore in memory with the semantics of DynamoAudioStore: a chunk is stored once per sequence
 * number, the cursor moves only by a conditional claim against the cursor the caller read, and
 * warnings are throttled per kind. With a latency, operations interleave like concurrent Lambdas;
 * each conditional write stays atomic, as it is in DynamoDB.
 */
export class InMemoryAudioStore implements AudioStore {
  private readonly chunks = new Map<string, Map<number, ChunkToStore>>();
  private readonly cursors = new Map<string, StreamCursor>();
  private readonly warnedAt = new Map<string, number>();

  /**
   * @param leases the session's lease as an InMemoryStreamLeases holds it (`epochOf`, `heldAt`), for
   *   fenced claims; without it an epoch-fenced claim is refused (as DynamoDB refuses one on an item
   *   without a lease) and an `unleased` one allowed.
   */
  constructor(
    private readonly latency: Latency = noLatency,
    private readonly leases: {
      epochOf(sessionId: string): number | undefined;
      heldAt(sessionId: string, nowMs: number): boolean;
    } = { epochOf: () => undefined, heldAt: () => false },
  ) {}

  async putChunk(chunk: ChunkToStore): Promise<boolean> {
    await wait(this.latency());
    const stream = this.chunks.get(chunk.sessionId) ?? new Map<number, ChunkToStore>();
    this.chunks.set(chunk.sessionId, stream);
    const stored = !stream.has(chunk.sequenceNumber);
    if (stored) stream.set(chunk.sequenceNumber, { ...chunk, pcm: Buffer.from(chunk.pcm) });
    await wait(this.latency());
    return stored;
  }

  async getCursor(sessionId: string): Promise<StreamCursor> {
    await wait(this.latency());
    const cursor = { ...(this.cursors.get(sessionId) ?? { nextChunk: 0, nextUtterance: 0 }) };
    await wait(this.latency());
    return cursor;
  }

  async listSummaries(sessionId: string, fromChunk: number): Promise<StoredChunkSummary[]> {
    await wait(this.latency());
    const summaries = [...(this.chunks.get(sessionId)?.values() ?? [])]
      .filter((chunk) => chunk.sequenceNumber >= fromChunk)
      .sort((left, right) => left.sequenceNumber - right.sequenceNumber)
      .map(({ sequenceNumber, receivedAt, durationMs, hasSpeech, leadingSilenceMs, trailingSilenceMs }) => ({
        sequenceNumber,
        receivedAt,
        durationMs,
        hasSpeech,
        leadingSilenceMs,
        trailingSilenceMs,
      }));
    await wait(this.latency());
    return summaries;
  }

  async claim(
    sessionId: string,
    expected: StreamCursor,
    lastChunk: number,
    isUtterance: boolean,
    nowMs: number,
    fence?: ClaimFence,
  ): Promise<number | null | undefined> {
    await wait(this.latency());
    const current = this.cursors.get(sessionId) ?? { nextChunk: 0, nextUtterance: 0 };
    let outcome: number | null | undefined;
    const fenced =
      fence === undefined ||
      (fence === 'unleased'
        ? !this.leases.heldAt(sessionId, nowMs)
        : this.leases.epochOf(sessionId) === fence);
    if (
      fenced &&
      current.nextChunk === expected.nextChunk &&
      current.nextUtterance === expected.nextUtterance
    ) {
      this.cursors.set(sessionId, {
        nextChunk: lastChunk + 1,
        nextUtterance: expected.nextUtterance + (isUtterance ? 1 : 0),
      });
      outcome = isUtterance ? expected.nextUtterance : null;
    }
    await wait(this.latency());
    return outcome;
  }

  async readChunks(sessionId: string, fromChunk: number, limit: number): Promise<StoredChunk[]> {
    await wait(this.latency());
    const chunks = [...(this.chunks.get(sessionId)?.values() ?? [])]
      .filter((chunk) => chunk.sequenceNumber >= fromChunk)
      .sort((left, right) => left.sequenceNumber - right.sequenceNumber)
      .slice(0, limit)
      .map(({ sessionId: _session, ...chunk }) => ({ ...chunk, pcm: Buffer.from(chunk.pcm) }));
    await wait(this.latency());
    return chunks;
  }

  /** The session's cursor as stored (test assertions). */
  cursorOf(sessionId: string): StreamCursor {
    return { ...(this.cursors.get(sessionId) ?? { nextChunk: 0, nextUtterance: 0 }) };
  }

  async readAudio(
    sessionId: string,
    firstChunk: number,
    lastChunk: number,
  ): Promise<{ pcm: Buffer; sampleRate: number }> {
    await wait(this.latency());
    const parts = [...(this.chunks.get(sessionId)?.values() ?? [])]
      .filter((chunk) => chunk.sequenceNumber >= firstChunk && chunk.sequenceNumber <= lastChunk)
      .sort((left, right) => left.sequenceNumber - right.sequenceNumber);
    return {
      pcm: Buffer.concat(parts.map((chunk) => chunk.pcm)),
      sampleRate: parts[0]?.sampleRate ?? 16_000,
    };
  }

  async allowWarning(
    sessionId: string,
    kind: QualityWarningKind,
    nowMs: number,
    intervalMs: number,
  ): Promise<boolean> {
    await wait(this.latency());
    const key = `${sessionId}/${kind}`;
    const last = this.warnedAt.get(key);
    if (last !== undefined && last > nowMs - intervalMs) return false;
    this.warnedAt.set(key, nowMs);
    return true;
  }

  /** Test setup: moves the cursor as if earlier claims had happened. */
  setCursor(sessionId: string, cursor: StreamCursor): void {
    this.cursors.set(sessionId, { ...cursor });
  }

  storedChunkNumbers(sessionId: string): number[] {
    return [...(this.chunks.get(sessionId)?.keys() ?? [])].sort((left, right) => left - right);
  }
}

export class RecordingScheduler implements UtteranceScheduler {
  readonly scheduled: UtteranceClaimedEvent[] = [];

  async schedule(event: UtteranceClaimedEvent): Promise<void> {
    this.scheduled.push(event);
  }
}

export class RecordingTranslationSink implements TranslationSink {
  readonly submitted: UtteranceTranscribedEvent[] = [];

  async submit(event: UtteranceTranscribedEvent): Promise<void> {
    this.submitted.push(event);
  }
}

export class RecordingSpeakerNotifier implements SpeakerNotifier {
  readonly notified: { connectionId: string; message: ServerMessage }[] = [];

  async notify(connectionId: string, message: ServerMessage): Promise<void> {
    this.notified.push({ connectionId, message });
  }

  typesSent(): ServerMessage['type'][] {
    return this.notified.map((notice) => notice.message.type);
  }
}

/** Answers each utterance with the next scripted outcome: a text, or an error to throw. */
export class ScriptedSpeechToText implements SpeechToText {
  readonly languages: readonly string[] = ['en'];
  readonly heard: UtteranceAudio[] = [];

  constructor(private readonly outcomes: (string | Error)[]) {}

  async transcribe(audio: UtteranceAudio): Promise<Transcription> {
    this.heard.push(audio);
    const outcome = this.outcomes.shift() ?? '';
    if (outcome instanceof Error) throw outcome;
    return { text: outcome };
  }
}

export const silentLogger = createLogger('audio-transcription-test', 'silent');

export const TEST_SETTINGS: TranscriptionSettings = {
  pauseMs: 500,
  maxUtteranceMs: 3_000,
  gapTimeoutMs: 3_000,
  speechThresholdDb: -40,
  qualityWarningIntervalMs: 60_000,
};

export interface TestDeps extends Deps {
  store: InMemoryAudioStore;
  scheduler: RecordingScheduler;
  speechToText: ScriptedSpeechToText;
  translation: RecordingTranslationSink;
  speaker: RecordingSpeakerNotifier;
  clock: ManualClock;
}

export function createTestDeps(overrides: Partial<TestDeps> = {}): TestDeps {
  return {
    store: new InMemoryAudioStore(),
    scheduler: new RecordingScheduler(),
    speechToText: new ScriptedSpeechToText([]),
    translation: new RecordingTranslationSink(),
    speaker: new RecordingSpeakerNotifier(),
    clock: new ManualClock(),
    settings: TEST_SETTINGS,
    logger: silentLogger,
    ...overrides,
  };
}

/** A deterministic pseudo-random source in [0, 1) (LCG), so failures reproduce from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
