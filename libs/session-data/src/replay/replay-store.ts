import type { TranscriptMessage } from '@lingocast/contract';

/** How long the replay window reaches back by default: the last 5 minutes (REPLAY_WINDOW_MS). */
export const DEFAULT_REPLAY_WINDOW_MS = 300_000;

/** The window's bounds, for both apps that read REPLAY_WINDOW_MS: a second at least (tests), an hour at most (each lingering language costs). */
export const REPLAY_WINDOW_BOUNDS_MS = { min: 1_000, max: 3_600_000 } as const;

/**
 * The largest entry kept with its audio, in bytes of JSON text: DynamoDB items stop at 400 KB, and
 * the keys, caption and attribute names need the rest. A larger entry keeps its caption only.
 */
export const MAX_REPLAY_ENTRY_BYTES = 350 * 1024;

/** One utterance of one language, as it was sent live. */
export interface ReplayEntry {
  sessionId: string;
  language: string;
  sequenceNumber: number;
  /** The utterance's `transcript` message in `language`, as captions-only listeners get it. */
  caption: TranscriptMessage;
  /** The `translatedAudio` frames as posted (JSON text, each ≤ 32 KB); absent when the utterance had no audio. */
  audioFrames?: string[];
  /** When it was recorded (ms since epoch); the window is measured from it. */
  recordedAt: number;
}

/** What `after` found. */
export interface ReplayRead {
  /** sequenceNumber > after, recorded within the window, oldest first, at most `limit` (the oldest ones). */
  entries: ReplayEntry[];
  /** The newest sequenceNumber recorded for session+language, also when it has left the window. */
  lastSequenceNumber?: number;
  /** The oldest sequenceNumber > after still in the window (absent when none is). */
  oldestInWindow?: number;
  /**
   * The first number recorded for session+language, also when it has left the window: the numbers
   * before it were never recorded in this language (nobody listened in it yet), so never missed.
   */
  firstSequenceNumber?: number;
}

/**
 * What `record` did: kept the entry, kept its caption only (audio over MAX_REPLAY_ENTRY_BYTES),
 * or nothing because this number was recorded already.
 */
export type ReplayRecordOutcome = 'recorded' | 'captionOnly' | 'alreadyRecorded';

/**
 * The recent translated utterances of each session and language, for the `replay` action: written by
 * translation-pipeline's fan-out, read by session-management. An entry counts as in the window while
 * `nowMs - recordedAt <= windowMs`; every read filters on that (the table's TTL deletes late).
 *
 * @example
 * await store.record({ sessionId, language: 'es', sequenceNumber: 7, caption, audioFrames, recordedAt: now }, now);
 * const { entries, lastSequenceNumber } = await store.after(sessionId, 'es', 4, now, 100);
 * await store.noteUtterance(sessionId, 8, now); // await store.newestUtterance(sessionId, now) → 8
 */
export interface ReplayStore {
  /** Keeps one utterance of one language for the window; a second record of the same number changes nothing. */
  record(entry: ReplayEntry, nowMs: number): Promise<ReplayRecordOutcome>;
  /** The window's entries after `afterSequenceNumber`, oldest first, at most `limit`. */
  after(
    sessionId: string,
    language: string,
    afterSequenceNumber: number,
    nowMs: number,
    limit: number,
  ): Promise<ReplayRead>;
  /** The newest `count` entries within the window, oldest first, captions only (no `audioFrames`). */
  recent(sessionId: string, language: string, count: number, nowMs: number): Promise<ReplayEntry[]>;
  /** Languages that had a listener within the last `windowMs` (noted by `noteLanguages`), sorted. */
  recentLanguages(sessionId: string, nowMs: number): Promise<string[]>;
  /** Notes that these languages have listeners now (called by the fan-out); the last call's time wins. */
  noteLanguages(sessionId: string, languages: readonly string[], nowMs: number): Promise<void>;
  /** Notes that the session has reached this utterance number (every utterance, listened to or not); raise-only. */
  noteUtterance(sessionId: string, sequenceNumber: number, nowMs: number): Promise<void>;
  /** The session's newest utterance number noted (kept a day), or undefined before its first. */
  newestUtterance(sessionId: string, nowMs: number): Promise<number | undefined>;
  readonly windowMs: number;
}

/**
 * Whether an entry recorded at `recordedAt` is still in a window of `windowMs` at `nowMs`.
 *
 * @example
 * inReplayWindow(entry.recordedAt, Date.now(), store.windowMs)
 */
export function inReplayWindow(recordedAt: number, nowMs: number, windowMs: number): boolean {
  return nowMs - recordedAt <= windowMs;
}

/** Bytes of an entry's caption and frames as JSON text (UTF-8), roughly what its item weighs. */
export function replayEntryBytes(entry: Pick<ReplayEntry, 'caption' | 'audioFrames'>): number {
  const frames = (entry.audioFrames ?? []).reduce((sum, frame) => sum + Buffer.byteLength(frame, 'utf8'), 0);
  return frames + Buffer.byteLength(JSON.stringify(entry.caption), 'utf8');
}

/**
 * The entry as it is kept: without its audio when it would not fit a DynamoDB item.
 *
 * @example
 * const { kept, outcome } = fitReplayEntry(entry); // outcome 'captionOnly' when the audio was dropped
 */
export function fitReplayEntry(entry: ReplayEntry): {
  kept: ReplayEntry;
  outcome: 'recorded' | 'captionOnly';
} {
  if (entry.audioFrames === undefined || replayEntryBytes(entry) <= MAX_REPLAY_ENTRY_BYTES) {
    return { kept: entry, outcome: 'recorded' };
  }
  const captionOnly: ReplayEntry = { ...entry };
  delete captionOnly.audioFrames;
  return { kept: captionOnly, outcome: 'captionOnly' };
}
