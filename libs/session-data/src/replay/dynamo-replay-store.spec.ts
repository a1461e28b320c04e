import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { REPLAY_HEAD_SORT_KEY } from '@lingocast/tables';
import { mockClient } from 'aws-sdk-client-mock';
import { replayEntry } from '../testing/replay-stores.spec-helper';
import { DynamoReplayStore } from './dynamo-replay-store';

const db = mockClient(DynamoDBDocumentClient);
const TABLE = 'lingocast-test-replay-window';
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const client = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );

function freshStore(): DynamoReplayStore {
  db.reset();
  return new DynamoReplayStore(client(), TABLE);
}

describe('DynamoReplayStore', () => {
  let store: DynamoReplayStore;

  beforeEach(() => {
    store = freshStore();
  });

  describe('record', () => {
    it('puts the entry only if its number is new, and raises the newest number only upwards', async () => {
      // Prepare
      db.on(PutCommand).resolves({});
      db.on(UpdateCommand).resolves({});

      // Act
      const outcome = await store.record(replayEntry('s-1', 7, NOW_MS), NOW_MS);

      // Assess
      expect(outcome).toBe('recorded');
      expect(db.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
        TableName: TABLE,
        Item: { replayKey: 's-1#es', sequenceNumber: 7, ttl: NOW_MS / 1000 + 300 },
        ConditionExpression: 'attribute_not_exists(replayKey)',
      });
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        Key: { replayKey: 's-1#es', sequenceNumber: REPLAY_HEAD_SORT_KEY },
        ConditionExpression: 'attribute_not_exists(lastSequenceNumber) OR lastSequenceNumber < :n',
        ExpressionAttributeValues: { ':n': 7 },
      });
    });

    it('answers alreadyRecorded when DynamoDB refuses the second put of a number', async () => {
      // Prepare
      db.on(PutCommand).rejects(conditionFailed());
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const outcome = await store.record(replayEntry('s-1', 7, NOW_MS), NOW_MS);

      // Assess
      expect(outcome).toBe('alreadyRecorded');
    });

    it('fails when DynamoDB fails the put or the newest-number update', async () => {
      // Prepare
      db.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
      db.on(UpdateCommand).resolves({});
      const putFails = store.record(replayEntry('s-1', 7, NOW_MS), NOW_MS);
      await expect(putFails).rejects.toThrow('ProvisionedThroughputExceededException');
      db.reset();
      db.on(PutCommand).resolves({});
      db.on(UpdateCommand).rejects(new Error('InternalServerError'));

      // Act
      const headFails = store.record(replayEntry('s-1', 8, NOW_MS), NOW_MS);

      // Assess
      await expect(headFails).rejects.toThrow('InternalServerError');
    });

    it('puts only the caption of an entry too large for an item', async () => {
      // Prepare
      db.on(PutCommand).resolves({});
      db.on(UpdateCommand).resolves({});
      const frames = Array.from({ length: 12 }, () => `"${'A'.repeat(32_000)}"`);

      // Act
      const outcome = await store.record(replayEntry('s-1', 7, NOW_MS, { audioFrames: frames }), NOW_MS);

      // Assess
      expect(outcome).toBe('captionOnly');
      expect(db.commandCalls(PutCommand)[0]?.args[0].input.Item).not.toHaveProperty('audioFrames');
    });
  });

  describe('reads', () => {
    it('fail when the query fails', async () => {
      // Prepare
      db.on(QueryCommand).rejects(new Error('ResourceNotFoundException'));

      // Act
      const after = store.after('s-1', 'es', 0, NOW_MS, 10);
      const recent = store.recent('s-1', 'es', 3, NOW_MS);
      const languages = store.recentLanguages('s-1', NOW_MS);

      // Assess
      await expect(after).rejects.toThrow('ResourceNotFoundException');
      await expect(recent).rejects.toThrow('ResourceNotFoundException');
      await expect(languages).rejects.toThrow('ResourceNotFoundException');
    });

    it('ask nothing of DynamoDB for no count, and for no languages to note', async () => {
      // Act
      const recent = await store.recent('s-1', 'es', 0, NOW_MS);
      await store.noteLanguages('s-1', [], NOW_MS);

      // Assess
      expect(recent).toEqual([]);
      expect(db.calls()).toHaveLength(0);
    });

    it('note each language once, with the time, in one update', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.noteLanguages('s-1', ['es', 'fr', 'es'], NOW_MS);

      // Assess
      const calls = db.commandCalls(UpdateCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toMatchObject({
        Key: { replayKey: 's-1', sequenceNumber: 0 },
        UpdateExpression: 'SET #l0 = :now, #l1 = :now, #ttl = :ttl',
        ExpressionAttributeNames: { '#l0': 'heard:es', '#l1': 'heard:fr', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': NOW_MS, ':ttl': NOW_MS / 1000 + 300 },
      });
    });

    it('takes another window', () => {
      expect(new DynamoReplayStore(client(), TABLE, { windowMs: 60_000 }).windowMs).toBe(60_000);
    });
  });

  describe("the session's newest utterance", () => {
    it('raises it only upwards, on its own item kept a day', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.noteUtterance('s-1', 12, NOW_MS);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        TableName: TABLE,
        Key: { replayKey: 's-1', sequenceNumber: REPLAY_HEAD_SORT_KEY },
        ConditionExpression: 'attribute_not_exists(newestUtterance) OR newestUtterance < :n',
        ExpressionAttributeValues: { ':n': 12, ':ttl': NOW_MS / 1000 + 86_400 },
      });
    });

    it('changes nothing, quietly, when this number or a newer one is there', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const noted = store.noteUtterance('s-1', 12, NOW_MS);

      // Assess
      await expect(noted).resolves.toBeUndefined();
    });

    it('fails when DynamoDB fails the update or the read', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
      db.on(GetCommand).rejects(new Error('InternalServerError'));

      // Act
      const noted = store.noteUtterance('s-1', 12, NOW_MS);
      const read = store.newestUtterance('s-1', NOW_MS);

      // Assess
      await expect(noted).rejects.toThrow('ProvisionedThroughputExceededException');
      await expect(read).rejects.toThrow('InternalServerError');
    });

    it('reads it consistently, and nothing from an item whose TTL has passed', async () => {
      // Prepare
      const item = { replayKey: 's-1', sequenceNumber: REPLAY_HEAD_SORT_KEY, newestUtterance: 12 };
      db.on(GetCommand)
        .resolvesOnce({ Item: { ...item, ttl: NOW_MS / 1000 + 1 } })
        .resolvesOnce({ Item: { ...item, ttl: NOW_MS / 1000 } })
        .resolvesOnce({});

      // Act
      const reads = [
        await store.newestUtterance('s-1', NOW_MS),
        await store.newestUtterance('s-1', NOW_MS),
        await store.newestUtterance('s-1', NOW_MS),
      ];

      // Assess
      expect(reads).toEqual([12, undefined, undefined]);
      expect(db.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: { replayKey: 's-1', sequenceNumber: REPLAY_HEAD_SORT_KEY },
        ConsistentRead: true,
      });
    });
  });
});
