import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@lingocast/lambda';
import { REPLAY_HEAD_SORT_KEY, isExpired, ttlAfter } from '@lingocast/tables';
import { DEFAULT_REPLAY_WINDOW_MS, fitReplayEntry, inReplayWindow } from './replay-store';
import type { ReplayEntry, ReplayRead, ReplayRecordOutcome, ReplayStore } from './replay-store';

/** The sort key of a session's languages item (under the partition `sessionId`). */
const LANGUAGES_SORT_KEY = 0;
/** The sort key of a session's newest-utterance item (under the partition `sessionId`), kept a day. */
const NEWEST_UTTERANCE_SORT_KEY = REPLAY_HEAD_SORT_KEY;
/** Attribute-name prefix of a language's last-heard time on the languages item. */
const LANGUAGE_PREFIX = 'heard:';
/** How long the newest-number item outlives its session (sessions last at most 12 h by default). */
export const REPLAY_HEAD_RETENTION_SECONDS = 24 * 3600;
/**
 * How much later an older utterance may be recorded than a newer one (the pipeline's timeout): `after`
 * stops reading, newest first, at an entry older than the window by more than this.
 */
const MAX_RECORD_REORDER_MS = 60_000;
/** The attributes of an entry, without its audio (what `recent` reads). */
const CAPTION_ATTRIBUTES = ['sessionId', 'language', 'sequenceNumber', 'caption', 'recordedAt'];

interface EntryItem extends ReplayEntry {
  replayKey: string;
  ttl: number;
}

const entryKey = (sessionId: string, language: string) => `${sessionId}#${language}`;

export interface ReplayStoreOptions {
  /** Defaults to DEFAULT_REPLAY_WINDOW_MS (5 minutes). */
  windowMs?: number;
}

function toEntry(item: Record<string, unknown>): ReplayEntry {
  const { sessionId, language, sequenceNumber, caption, audioFrames, recordedAt } =
    item as unknown as EntryItem;
  return {
    sessionId,
    language,
    sequenceNumber,
    caption,
    ...(audioFrames ? { audioFrames } : {}),
    recordedAt,
  };
}

/**
 * ReplayStore on the `replayWindow` table. One partition per session+language holds its utterances
 * (sort key: the number) and, after them all, the newest and first numbers (kept a day, so a gap
 * longer than the window is still known); a partition per session holds the languages heard and the
 * session's newest utterance number (kept a day). `record` is one conditional PutItem (a second record
 * of the number is refused by DynamoDB) and one UpdateItem; `after`, `recent` and `recentLanguages` one
 * Query each; `noteUtterance` one conditional UpdateItem, `newestUtterance` one GetItem. TTL deletes
 * late: every read filters on `recordedAt` or `ttl`.
 *
 * @example
 * const replay = new DynamoReplayStore(documentClient({ region }), tableName('replayWindow', stage));
 */
export class DynamoReplayStore implements ReplayStore {
  readonly windowMs: number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    options: ReplayStoreOptions = {},
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  }

  async record(entry: ReplayEntry, nowMs: number): Promise<ReplayRecordOutcome> {
    const { kept, outcome } = fitReplayEntry(entry);
    const replayKey = entryKey(entry.sessionId, entry.language);
    const item: EntryItem = {
      ...kept,
      replayKey,
      ttl: ttlAfter(entry.recordedAt, Math.ceil(this.windowMs / 1000)),
    };
    const put = this.db
      .send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(replayKey)',
        }),
      )
      .then(() => outcome)
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return 'alreadyRecorded' as const;
        throw error;
      });
    const head = this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { replayKey, sequenceNumber: REPLAY_HEAD_SORT_KEY },
          // The first number stays: numbers before it were never recorded in this language.
          UpdateExpression:
            'SET lastSequenceNumber = :n, firstSequenceNumber = if_not_exists(firstSequenceNumber, :n), #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(lastSequenceNumber) OR lastSequenceNumber < :n',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':n': entry.sequenceNumber,
            ':ttl': ttlAfter(nowMs, REPLAY_HEAD_RETENTION_SECONDS),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error; // a newer number is there already
      });
    const [recorded] = await Promise.all([put, head]);
    return recorded;
  }

  async after(
    sessionId: string,
    language: string,
    afterSequenceNumber: number,
    nowMs: number,
    limit: number,
  ): Promise<ReplayRead> {
    // Newest first: the newest-number item, then the utterances until they are far out of the window.
    const stopBefore = nowMs - this.windowMs - MAX_RECORD_REORDER_MS;
    const inWindow: ReplayEntry[] = [];
    let lastSequenceNumber: number | undefined;
    let firstSequenceNumber: number | undefined;
    let startKey: QueryCommandInput['ExclusiveStartKey'];
    let older = false;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'replayKey = :key AND sequenceNumber > :after',
          ExpressionAttributeValues: { ':key': entryKey(sessionId, language), ':after': afterSequenceNumber },
          ScanIndexForward: false,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item['sequenceNumber'] === REPLAY_HEAD_SORT_KEY) {
          lastSequenceNumber = Number(item['lastSequenceNumber']);
          if (typeof item['firstSequenceNumber'] === 'number')
            firstSequenceNumber = item['firstSequenceNumber'];
          continue;
        }
        const entry = toEntry(item);
        lastSequenceNumber = Math.max(lastSequenceNumber ?? entry.sequenceNumber, entry.sequenceNumber);
        if (inReplayWindow(entry.recordedAt, nowMs, this.windowMs)) inWindow.push(entry);
        else if (entry.recordedAt < stopBefore) older = true;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && !older);
    inWindow.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    const read: ReplayRead = { entries: inWindow.slice(0, Math.max(0, limit)) };
    if (lastSequenceNumber !== undefined) read.lastSequenceNumber = lastSequenceNumber;
    const oldest = inWindow[0];
    if (oldest !== undefined) read.oldestInWindow = oldest.sequenceNumber;
    if (firstSequenceNumber !== undefined) read.firstSequenceNumber = firstSequenceNumber;
    return read;
  }

  async recent(sessionId: string, language: string, count: number, nowMs: number): Promise<ReplayEntry[]> {
    if (count <= 0) return [];
    // The newest `count` are the ones in the window, if any is: older entries were recorded earlier.
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'replayKey = :key AND sequenceNumber < :head',
        ExpressionAttributeValues: { ':key': entryKey(sessionId, language), ':head': REPLAY_HEAD_SORT_KEY },
        ProjectionExpression: CAPTION_ATTRIBUTES.map((_name, index) => `#a${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(
          CAPTION_ATTRIBUTES.map((name, index) => [`#a${index}`, name]),
        ),
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: count,
      }),
    );
    return (Items ?? [])
      .map(toEntry)
      .filter((entry) => inReplayWindow(entry.recordedAt, nowMs, this.windowMs))
      .reverse();
  }

  async recentLanguages(sessionId: string, nowMs: number): Promise<string[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'replayKey = :key AND sequenceNumber = :languages',
        ExpressionAttributeValues: { ':key': sessionId, ':languages': LANGUAGES_SORT_KEY },
      }),
    );
    const languages: string[] = [];
    for (const [name, heardAt] of Object.entries(Items?.[0] ?? {})) {
      if (!name.startsWith(LANGUAGE_PREFIX) || typeof heardAt !== 'number') continue;
      if (inReplayWindow(heardAt, nowMs, this.windowMs)) languages.push(name.slice(LANGUAGE_PREFIX.length));
    }
    return languages.sort();
  }

  async noteLanguages(sessionId: string, languages: readonly string[], nowMs: number): Promise<void> {
    const unique = [...new Set(languages)];
    if (unique.length === 0) return;
    const names = Object.fromEntries(
      unique.map((language, index) => [`#l${index}`, `${LANGUAGE_PREFIX}${language}`]),
    );
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { replayKey: sessionId, sequenceNumber: LANGUAGES_SORT_KEY },
        UpdateExpression: `SET ${Object.keys(names)
          .map((name) => `${name} = :now`)
          .join(', ')}, #ttl = :ttl`,
        ExpressionAttributeNames: { ...names, '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':now': nowMs,
          ':ttl': ttlAfter(nowMs, Math.ceil(this.windowMs / 1000)),
        },
      }),
    );
  }

  async noteUtterance(sessionId: string, sequenceNumber: number, nowMs: number): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { replayKey: sessionId, sequenceNumber: NEWEST_UTTERANCE_SORT_KEY },
          UpdateExpression: 'SET newestUtterance = :n, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(newestUtterance) OR newestUtterance < :n',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':n': sequenceNumber,
            ':ttl': ttlAfter(nowMs, REPLAY_HEAD_RETENTION_SECONDS),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error; // this number or a newer one is there already
      });
  }

  async newestUtterance(sessionId: string, nowMs: number): Promise<number | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { replayKey: sessionId, sequenceNumber: NEWEST_UTTERANCE_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    if (!Item || isExpired(Item, nowMs) || typeof Item['newestUtterance'] !== 'number') return undefined;
    return Item['newestUtterance'];
  }
}
