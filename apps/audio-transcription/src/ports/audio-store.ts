import type { StoredChunkSummary } from '../domain/utterance-cutter';

export interface ChunkToStore extends StoredChunkSummary {
  sessionId: string;
  sampleRate: number;
  pcm: Buffer;
  /** The speaker's connection when the chunk came, so the follower posts partials where the speaker is now. */
  speakerConnectionId?: string;
  /** The request that brought the chunk (`sendAudio`'s), to trace the utterance it closes. */
  requestId?: string;
}

/** What else a claim requires besides the expected cursor (see `AudioStore.claim`). */
export type ClaimFence = number | 'unleased';

/** A stored chunk as the follower reads it: its summary, its audio and who sent it. */
export type StoredChunk = Omit<ChunkToStore, 'sessionId'>;

export interface StreamCursor {
  /** First chunk not yet claimed. */
  nextChunk: number;
  /** Number the next utterance gets. */
  nextUtterance: number;
  /** Until when the session's stream lease runs (epoch ms), when someone holds it (streaming recognition). */
  followedUntil?: number;
}

export type QualityWarningKind = 'clipping' | 'low_snr' | 'silence';

/** Durable state of each session's audio stream: chunks, the claim cursor, warning throttles. */
export interface AudioStore {
  /** Stores a chunk once; false when that sequence number was stored before. */
  putChunk(chunk: ChunkToStore): Promise<boolean>;
  getCursor(sessionId: string): Promise<StreamCursor>;
  /** Summaries (no audio) of chunks from `fromChunk` on, in order. */
  listSummaries(sessionId: string, fromChunk: number): Promise<StoredChunkSummary[]>;
  /**
   * Moves the cursor from `expected.nextChunk` to `lastChunk + 1`, numbering an utterance when
   * `isUtterance`. Returns the utterance number, `null` for a skip, or `undefined` when another
   * invocation claimed first. With a `fence`: an epoch, only while the session's stream lease still
   * has that epoch (an owner that was taken over can no longer number an utterance); `unleased`, only
   * while nobody holds the lease at `nowMs` (ingestion moving past silence in an unfollowed session).
   */
  claim(
    sessionId: string,
    expected: StreamCursor,
    lastChunk: number,
    isUtterance: boolean,
    nowMs: number,
    fence?: ClaimFence,
  ): Promise<number | null | undefined>;
  /** Up to `limit` stored chunks from `fromChunk` on, in order, with their audio (holes left out). */
  readChunks(sessionId: string, fromChunk: number, limit: number): Promise<StoredChunk[]>;
  /** The PCM of chunks first…last, concatenated in order (missing chunks are left out). */
  readAudio(
    sessionId: string,
    firstChunk: number,
    lastChunk: number,
  ): Promise<{ pcm: Buffer; sampleRate: number }>;
  /** True when a warning of this kind may be sent now (at most one per kind per interval). */
  allowWarning(
    sessionId: string,
    kind: QualityWarningKind,
    nowMs: number,
    intervalMs: number,
  ): Promise<boolean>;
}
