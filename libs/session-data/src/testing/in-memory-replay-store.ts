import { isExpired, ttlAfter } from '@lingocast/tables';
import { REPLAY_HEAD_RETENTION_SECONDS } from '../replay/dynamo-replay-store';
import { DEFAULT_REPLAY_WINDOW_MS, fitReplayEntry, inReplayWindow } from '../replay/replay-store';
import type { ReplayEntry, ReplayRead, ReplayRecordOutcome, ReplayStore } from '../replay/replay-store';

function copy<T>(value: T): T {
  return structuredClone(value);
}

const key = (sessionId: string, language: string) => `${sessionId}#${language}`;

/**
 * ReplayStore in memory with the semantics of DynamoReplayStore — idempotent record, the window
 * filter on every read, oversized audio dropped, the newest number kept after its entry left the
 * window, the session's newest utterance kept a day — for the services' unit tests. replay-stores.dynamodb-local.spec.ts proves the two alike.
 *
 * @example
 * const replay = new InMemoryReplayStore({ windowMs: 300_000 });
 */
export class InMemoryReplayStore implements ReplayStore {
  readonly windowMs: number;
  private readonly entries = new Map<string, Map<number, ReplayEntry>>();
  private readonly newest = new Map<string, number>();
  private readonly first = new Map<string, number>();
  private readonly utterances = new Map<string, { newest: number; ttl: number }>();
  private readonly languages = new Map<string, Map<string, number>>();
  /** Calls seen, for tests that check what was (not) recorded. */
  readonly recorded: ReplayEntry[] = [];

  constructor(options: { windowMs?: number } = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  }

  async record(entry: ReplayEntry, _nowMs: number): Promise<ReplayRecordOutcome> {
    const id = key(entry.sessionId, entry.language);
    const bySequence = this.entries.get(id) ?? new Map<number, ReplayEntry>();
    this.entries.set(id, bySequence);
    if (bySequence.has(entry.sequenceNumber)) return 'alreadyRecorded';
    const { kept, outcome } = fitReplayEntry(entry);
    bySequence.set(entry.sequenceNumber, copy(kept));
    this.recorded.push(copy(kept));
    this.newest.set(id, Math.max(this.newest.get(id) ?? -Infinity, entry.sequenceNumber));
    if (!this.first.has(id)) this.first.set(id, entry.sequenceNumber);
    return outcome;
  }

  async after(
    sessionId: string,
    language: string,
    afterSequenceNumber: number,
    nowMs: number,
    limit: number,
  ): Promise<ReplayRead> {
    const id = key(sessionId, language);
    const inWindow = this.inWindow(id, nowMs).filter((entry) => entry.sequenceNumber > afterSequenceNumber);
    const read: ReplayRead = { entries: inWindow.slice(0, Math.max(0, limit)).map(copy) };
    const last = this.newest.get(id);
    if (last !== undefined) read.lastSequenceNumber = last;
    const first = this.first.get(id);
    if (first !== undefined) read.firstSequenceNumber = first;
    const oldest = inWindow[0];
    if (oldest !== undefined) read.oldestInWindow = oldest.sequenceNumber;
    return read;
  }

  async recent(sessionId: string, language: string, count: number, nowMs: number): Promise<ReplayEntry[]> {
    const inWindow = this.inWindow(key(sessionId, language), nowMs);
    return count > 0
      ? inWindow.slice(-count).map(({ audioFrames: _audio, ...caption }) => copy(caption))
      : [];
  }

  async recentLanguages(sessionId: string, nowMs: number): Promise<string[]> {
    const seen = this.languages.get(sessionId) ?? new Map<string, number>();
    return [...seen]
      .filter(([, lastSeenAt]) => inReplayWindow(lastSeenAt, nowMs, this.windowMs))
      .map(([language]) => language)
      .sort();
  }

  async noteLanguages(sessionId: string, languages: readonly string[], nowMs: number): Promise<void> {
    const seen = this.languages.get(sessionId) ?? new Map<string, number>();
    this.languages.set(sessionId, seen);
    for (const language of languages) seen.set(language, nowMs);
  }

  async noteUtterance(sessionId: string, sequenceNumber: number, nowMs: number): Promise<void> {
    const noted = this.utterances.get(sessionId);
    if (noted && noted.newest >= sequenceNumber) return;
    this.utterances.set(sessionId, {
      newest: sequenceNumber,
      ttl: ttlAfter(nowMs, REPLAY_HEAD_RETENTION_SECONDS),
    });
  }

  async newestUtterance(sessionId: string, nowMs: number): Promise<number | undefined> {
    const noted = this.utterances.get(sessionId);
    // Kept a day from the last raise, like the DynamoDB item's TTL.
    if (!noted || isExpired(noted, nowMs)) return undefined;
    return noted.newest;
  }

  private inWindow(id: string, nowMs: number): ReplayEntry[] {
    return [...(this.entries.get(id)?.values() ?? [])]
      .filter((entry) => inReplayWindow(entry.recordedAt, nowMs, this.windowMs))
      .sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }
}
