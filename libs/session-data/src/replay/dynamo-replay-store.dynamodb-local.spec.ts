import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REPLAY_HEAD_SORT_KEY } from '@lingocast/tables';
import { startLocalDynamoDb } from '../testing/dynamodb-local.spec-helper';
import type { LocalDynamoDb } from '../testing/dynamodb-local.spec-helper';
import { behavesLikeAReplayStore, freshSessionId, replayEntry } from '../testing/replay-stores.spec-helper';
import { DynamoReplayStore } from './dynamo-replay-store';

// DynamoReplayStore against a real DynamoDB Local: the shared behaviour (the same suite proves the
// InMemoryReplayStore the services' tests use), then what only a table has: pages, TTL and items.

jest.setTimeout(90_000);

let ddb: LocalDynamoDb;
let table: string;

beforeAll(async () => {
  ddb = await startLocalDynamoDb();
  table = String((await ddb.createTables('it', ['replayWindow']))['replayWindow']);
});

afterAll(async () => {
  await ddb?.stop();
});

describe('DynamoReplayStore on DynamoDB Local', () => {
  behavesLikeAReplayStore(async () => new DynamoReplayStore(ddb.documentClient, table));

  const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
  const bigFrames = (n: number) =>
    Array.from({ length: 9 }, (_unused, part) => `{"n":${n},"part":${part},"audio":"${'A'.repeat(32_000)}"}`);

  it('reads a gap of several megabytes, page after page, in order', async () => {
    // Prepare: 12 utterances of ~290 KB, about 3.4 MB
    const store = new DynamoReplayStore(ddb.documentClient, table);
    const sessionId = freshSessionId();
    for (let n = 1; n <= 12; n += 1) {
      expect(
        await store.record(replayEntry(sessionId, n, T0 + n, { audioFrames: bigFrames(n) }), T0 + n),
      ).toBe('recorded');
    }

    // Act
    const read = await store.after(sessionId, 'es', 0, T0 + 1_000, 100);

    // Assess
    expect(read.entries.map((entry) => entry.sequenceNumber)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(read.entries[11]?.audioFrames).toEqual(bigFrames(12));
    expect(read).toMatchObject({ lastSequenceNumber: 12, oldestInWindow: 1 });
  });

  it('ignores items whose TTL has passed but that DynamoDB has not deleted yet', async () => {
    // Prepare: DynamoDB Local never deletes expired items, like DynamoDB for a while
    const store = new DynamoReplayStore(ddb.documentClient, table);
    const sessionId = freshSessionId();
    await store.record(replayEntry(sessionId, 1, T0), T0);
    await store.record(replayEntry(sessionId, 2, T0 + 290_000), T0 + 290_000);
    await store.noteLanguages(sessionId, ['es'], T0);

    // Act
    const nowMs = T0 + 400_000;
    const read = await store.after(sessionId, 'es', 0, nowMs, 100);
    const recent = await store.recent(sessionId, 'es', 5, nowMs);
    const languages = await store.recentLanguages(sessionId, nowMs);

    // Assess
    expect(read).toEqual({
      entries: [replayEntry(sessionId, 2, T0 + 290_000)],
      lastSequenceNumber: 2,
      oldestInWindow: 2,
      firstSequenceNumber: 1,
    });
    expect(recent.map((entry) => entry.sequenceNumber)).toEqual([2]);
    expect(languages).toEqual([]);
  });

  it('keeps an entry with its TTL at the end of the window and the newest number for a day', async () => {
    // Prepare
    const store = new DynamoReplayStore(ddb.documentClient, table);
    const sessionId = freshSessionId();

    // Act
    await store.record(replayEntry(sessionId, 3, T0), T0);

    // Assess
    const { Items } = await ddb.documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'replayKey = :key',
        ExpressionAttributeValues: { ':key': `${sessionId}#es` },
      }),
    );
    expect(Items).toEqual([
      expect.objectContaining({ sequenceNumber: 3, ttl: T0 / 1000 + 300 }),
      {
        replayKey: `${sessionId}#es`,
        sequenceNumber: REPLAY_HEAD_SORT_KEY,
        lastSequenceNumber: 3,
        firstSequenceNumber: 3,
        ttl: T0 / 1000 + 86_400,
      },
    ]);
  });

  it("keeps the session's newest utterance number on its own item for a day", async () => {
    // Prepare
    const store = new DynamoReplayStore(ddb.documentClient, table);
    const sessionId = freshSessionId();
    await store.noteLanguages(sessionId, ['es'], T0);

    // Act
    await store.noteUtterance(sessionId, 4, T0);

    // Assess
    const { Items } = await ddb.documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'replayKey = :key',
        ExpressionAttributeValues: { ':key': sessionId },
      }),
    );
    expect(Items).toEqual([
      expect.objectContaining({ sequenceNumber: 0, 'heard:es': T0, ttl: T0 / 1000 + 300 }),
      {
        replayKey: sessionId,
        sequenceNumber: REPLAY_HEAD_SORT_KEY,
        newestUtterance: 4,
        ttl: T0 / 1000 + 86_400,
      },
    ]);
  });

  it('stops reading, newest first, at entries long out of the window', async () => {
    // Prepare: 30 old entries of ~290 KB left behind by TTL, then one new one
    const store = new DynamoReplayStore(ddb.documentClient, table);
    const sessionId = freshSessionId();
    for (let n = 1; n <= 30; n += 1) {
      await ddb.documentClient.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...replayEntry(sessionId, n, T0, { audioFrames: bigFrames(n) }),
            replayKey: `${sessionId}#es`,
            ttl: 0,
          },
        }),
      );
    }
    const later = T0 + 3_600_000;
    await store.record(replayEntry(sessionId, 31, later), later);
    const sent = jest.spyOn(ddb.documentClient, 'send');

    // Act
    const read = await store.after(sessionId, 'es', 0, later, 100);

    // Assess
    expect(read.entries.map((entry) => entry.sequenceNumber)).toEqual([31]);
    expect(read.lastSequenceNumber).toBe(31);
    expect(sent).toHaveBeenCalledTimes(1);
    sent.mockRestore();
  });
});
