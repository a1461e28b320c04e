// The behaviour both ReplayStores share (DynamoReplayStore on DynamoDB Local, InMemoryReplayStore),
// as one suite each store's spec runs, so the fake the services' tests use cannot drift.
import type { TranscriptMessage } from '@lingocast/contract';
import { MAX_REPLAY_ENTRY_BYTES } from '../replay/replay-store';
import type { ReplayEntry, ReplayStore } from '../replay/replay-store';

const WINDOW_MS = 300_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
let sessionNumber = 0;

/** A session id no other test of the run uses. */
export function freshSessionId(): string {
  sessionNumber += 1;
  return `replay-session-${sessionNumber}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An entry of `sessionId` in `language`, recorded at `recordedAt`, with two small frames unless told. */
export function replayEntry(
  sessionId: string,
  sequenceNumber: number,
  recordedAt: number,
  options: { language?: string; audioFrames?: string[] | null } = {},
): ReplayEntry {
  const language = options.language ?? 'es';
  const caption: TranscriptMessage = {
    type: 'transcript',
    sessionId,
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: `utterance ${sequenceNumber}`,
    targetLanguage: language,
    translatedText: `enunciado ${sequenceNumber}`,
    timestamp: recordedAt,
  };
  const frames =
    options.audioFrames === null
      ? undefined
      : (options.audioFrames ?? [`{"part":1,"n":${sequenceNumber}}`, `{"part":2,"n":${sequenceNumber}}`]);
  return {
    sessionId,
    language,
    sequenceNumber,
    caption,
    recordedAt,
    ...(frames ? { audioFrames: frames } : {}),
  };
}

/** Records entries 1…count of `sessionId`, one every `everyMs` from `start`. */
async function recordSeries(
  store: ReplayStore,
  sessionId: string,
  count: number,
  start: number,
  everyMs: number,
) {
  for (let n = 1; n <= count; n += 1) {
    const at = start + (n - 1) * everyMs;
    await store.record(replayEntry(sessionId, n, at), at);
  }
}

const numbers = (entries: ReplayEntry[]) => entries.map((entry) => entry.sequenceNumber);

/**
 * Defines the shared ReplayStore behaviour tests for the store `open` gives (with a 5-minute window).
 *
 * @example
 * describe('InMemoryReplayStore', () => behavesLikeAReplayStore(async () => new InMemoryReplayStore()));
 */
export function behavesLikeAReplayStore(open: () => Promise<ReplayStore>): void {
  let store: ReplayStore;
  beforeAll(async () => {
    store = await open();
  });

  it('has a 5-minute window', () => {
    expect(store.windowMs).toBe(WINDOW_MS);
  });

  it('gives back what was recorded after a number, oldest first, as it was recorded', async () => {
    // Prepare
    const sessionId = freshSessionId();
    await recordSeries(store, sessionId, 5, T0, 1_000);

    // Act
    const read = await store.after(sessionId, 'es', 2, T0 + 10_000, 100);

    // Assess
    expect(numbers(read.entries)).toEqual([3, 4, 5]);
    expect(read.entries[0]).toEqual(replayEntry(sessionId, 3, T0 + 2_000));
    expect(read).toMatchObject({ lastSequenceNumber: 5, oldestInWindow: 3 });
  });

  it('keeps apart languages and sessions', async () => {
    // Prepare
    const sessionId = freshSessionId();
    const other = freshSessionId();
    await store.record(replayEntry(sessionId, 1, T0), T0);
    await store.record(replayEntry(sessionId, 2, T0, { language: 'fr' }), T0);
    await store.record(replayEntry(other, 3, T0), T0);

    // Act
    const spanish = await store.after(sessionId, 'es', 0, T0, 100);
    const french = await store.after(sessionId, 'fr', 0, T0, 100);
    const german = await store.after(sessionId, 'de', 0, T0, 100);

    // Assess
    expect(numbers(spanish.entries)).toEqual([1]);
    expect(numbers(french.entries)).toEqual([2]);
    expect(german).toEqual({ entries: [] });
  });

  it('leaves out what was recorded more than the window ago but still names the newest number', async () => {
    // Prepare: 1 at T0, 2 at T0+100 s, 3 at T0+200 s
    const sessionId = freshSessionId();
    await recordSeries(store, sessionId, 3, T0, 100_000);

    // Act
    const partly = await store.after(sessionId, 'es', 0, T0 + WINDOW_MS + 100_000, 100);
    const gone = await store.after(sessionId, 'es', 0, T0 + 200_000 + WINDOW_MS + 1, 100);

    // Assess
    expect(numbers(partly.entries)).toEqual([2, 3]);
    expect(partly).toMatchObject({ lastSequenceNumber: 3, oldestInWindow: 2 });
    expect(gone).toEqual({ entries: [], lastSequenceNumber: 3, firstSequenceNumber: 1 });
  });

  it('returns the oldest `limit` entries when more are in the window', async () => {
    // Prepare
    const sessionId = freshSessionId();
    await recordSeries(store, sessionId, 6, T0, 1_000);

    // Act
    const read = await store.after(sessionId, 'es', 1, T0 + 6_000, 2);

    // Assess
    expect(numbers(read.entries)).toEqual([2, 3]);
    expect(read).toMatchObject({ lastSequenceNumber: 6, oldestInWindow: 2 });
  });

  it('changes nothing when the same number is recorded again', async () => {
    // Prepare
    const sessionId = freshSessionId();
    const first = replayEntry(sessionId, 1, T0);
    expect(await store.record(first, T0)).toBe('recorded');

    // Act
    const again = await store.record(
      { ...replayEntry(sessionId, 1, T0 + 1_000, { audioFrames: ['{"other":true}'] }) },
      T0 + 1_000,
    );

    // Assess
    expect(again).toBe('alreadyRecorded');
    expect((await store.after(sessionId, 'es', 0, T0 + 1_000, 100)).entries).toEqual([first]);
  });

  it('keeps the newest number when an older one is recorded late', async () => {
    // Prepare
    const sessionId = freshSessionId();
    await store.record(replayEntry(sessionId, 7, T0), T0);

    // Act
    await store.record(replayEntry(sessionId, 6, T0 + 10), T0 + 10);

    // Assess
    const read = await store.after(sessionId, 'es', 0, T0 + 20, 100);
    expect(numbers(read.entries)).toEqual([6, 7]);
    expect(read.lastSequenceNumber).toBe(7);
  });

  it('keeps an utterance without audio, and only the caption of one too big for an item', async () => {
    // Prepare
    const sessionId = freshSessionId();
    const muted = replayEntry(sessionId, 1, T0, { audioFrames: null });
    const frames = Array.from({ length: 12 }, (_unused, index) => `"${String(index).repeat(32 * 1024 - 2)}"`);
    const big = replayEntry(sessionId, 2, T0, { audioFrames: frames });
    expect(frames.join('').length).toBeGreaterThan(MAX_REPLAY_ENTRY_BYTES);

    // Act
    const outcomes = [await store.record(muted, T0), await store.record(big, T0)];

    // Assess
    expect(outcomes).toEqual(['recorded', 'captionOnly']);
    const read = await store.after(sessionId, 'es', 0, T0, 100);
    expect(read.entries[0]).toEqual(muted);
    expect(read.entries[1]).not.toHaveProperty('audioFrames');
    expect(read.entries[1]?.caption).toEqual(big.caption);
  });

  it('keeps frames of up to 32 KB each, 10 of them, verbatim', async () => {
    // Prepare
    const sessionId = freshSessionId();
    const frames = Array.from({ length: 10 }, (_unused, index) =>
      JSON.stringify({ type: 'translatedAudio', part: index + 1, audio: 'A'.repeat(32 * 1024 - 60) }),
    );

    // Act
    const outcome = await store.record(replayEntry(sessionId, 1, T0, { audioFrames: frames }), T0);

    // Assess
    expect(outcome).toBe('recorded');
    expect((await store.after(sessionId, 'es', 0, T0, 100)).entries[0]?.audioFrames).toEqual(frames);
  });

  it('gives the newest `count` entries of the window, oldest first, without their audio', async () => {
    // Prepare: 1…5 one every 100 s, read when 1 and 2 have left the window
    const sessionId = freshSessionId();
    await recordSeries(store, sessionId, 5, T0, 100_000);
    const nowMs = T0 + 100_000 + WINDOW_MS + 1;

    // Act
    const two = await store.recent(sessionId, 'es', 2, nowMs);
    const all = await store.recent(sessionId, 'es', 20, nowMs);
    const none = await store.recent(sessionId, 'fr', 20, nowMs);

    // Assess
    expect(numbers(two)).toEqual([4, 5]);
    expect(numbers(all)).toEqual([3, 4, 5]);
    const { audioFrames: _audio, ...caption } = replayEntry(sessionId, 5, T0 + 400_000);
    expect(two[1]).toEqual(caption);
    expect(all.some((entry) => 'audioFrames' in entry)).toBe(false);
    expect(none).toEqual([]);
  });

  it('names the languages noted within the window, once each, sorted', async () => {
    // Prepare
    const sessionId = freshSessionId();
    await store.noteLanguages(sessionId, ['fr', 'es'], T0);
    await store.noteLanguages(sessionId, ['es', 'de'], T0 + 200_000);
    await store.noteLanguages(freshSessionId(), ['it'], T0);

    // Act
    const early = await store.recentLanguages(sessionId, T0 + 1_000);
    const later = await store.recentLanguages(sessionId, T0 + WINDOW_MS + 1);
    const muchLater = await store.recentLanguages(sessionId, T0 + 200_000 + WINDOW_MS + 1);

    // Assess
    expect(early).toEqual(['de', 'es', 'fr']);
    expect(later).toEqual(['de', 'es']);
    expect(muchLater).toEqual([]);
  });

  it('notes nothing for an empty list', async () => {
    // Prepare
    const sessionId = freshSessionId();

    // Act
    await store.noteLanguages(sessionId, [], T0);

    // Assess
    expect(await store.recentLanguages(sessionId, T0)).toEqual([]);
  });

  it('names the first number recorded in a language, also once it has left the window', async () => {
    // Prepare: Spanish from 4 on, French from 6 on, 7 recorded late after 8
    const sessionId = freshSessionId();
    for (const n of [4, 5, 6]) await store.record(replayEntry(sessionId, n, T0), T0);
    await store.record(replayEntry(sessionId, 6, T0, { language: 'fr' }), T0);
    await store.record(replayEntry(sessionId, 8, T0 + 1_000, { language: 'fr' }), T0 + 1_000);
    await store.record(replayEntry(sessionId, 7, T0 + 2_000, { language: 'fr' }), T0 + 2_000);

    // Act
    const spanish = await store.after(sessionId, 'es', 5, T0 + 1_000, 100);
    const spanishLater = await store.after(sessionId, 'es', -1, T0 + WINDOW_MS + 1, 100);
    const french = await store.after(sessionId, 'fr', -1, T0 + 2_000, 100);
    const german = await store.after(sessionId, 'de', -1, T0, 100);

    // Assess
    expect(spanish).toMatchObject({ firstSequenceNumber: 4, lastSequenceNumber: 6 });
    expect(spanishLater).toEqual({ entries: [], lastSequenceNumber: 6, firstSequenceNumber: 4 });
    expect(numbers(french.entries)).toEqual([6, 7, 8]);
    expect(french).toMatchObject({ firstSequenceNumber: 6, lastSequenceNumber: 8 });
    expect(german).not.toHaveProperty('firstSequenceNumber');
  });

  it("knows no newest utterance of a session before its first, and never another session's", async () => {
    // Prepare
    const sessionId = freshSessionId();
    await store.noteUtterance(freshSessionId(), 3, T0);

    // Act
    const newest = await store.newestUtterance(sessionId, T0);

    // Assess
    expect(newest).toBeUndefined();
  });

  it("keeps the session's newest utterance number, raised only, apart from the languages", async () => {
    // Prepare
    const sessionId = freshSessionId();
    await store.noteLanguages(sessionId, ['es'], T0);

    // Act
    await store.noteUtterance(sessionId, 0, T0);
    const first = await store.newestUtterance(sessionId, T0);
    await store.noteUtterance(sessionId, 5, T0 + 1_000);
    await store.noteUtterance(sessionId, 4, T0 + 2_000);
    await store.noteUtterance(sessionId, 5, T0 + 3_000);

    // Assess
    expect(first).toBe(0);
    expect(await store.newestUtterance(sessionId, T0 + 3_000)).toBe(5);
    expect(await store.recentLanguages(sessionId, T0 + 3_000)).toEqual(['es']);
    expect(await store.after(sessionId, 'es', -1, T0 + 3_000, 100)).toEqual({ entries: [] });
  });

  it("keeps the session's newest utterance number a day after it was last raised, beyond the window", async () => {
    // Prepare
    const sessionId = freshSessionId();
    await store.noteUtterance(sessionId, 2, T0);
    await store.noteUtterance(sessionId, 9, T0 + 10_000);
    const aDay = 24 * 3600 * 1000;

    // Act
    const afterTheWindow = await store.newestUtterance(sessionId, T0 + WINDOW_MS + 60_000);
    const justInADay = await store.newestUtterance(sessionId, T0 + 10_000 + aDay - 1_000);
    const afterADay = await store.newestUtterance(sessionId, T0 + 10_000 + aDay);

    // Assess
    expect(afterTheWindow).toBe(9);
    expect(justInADay).toBe(9);
    expect(afterADay).toBeUndefined();
  });
}
