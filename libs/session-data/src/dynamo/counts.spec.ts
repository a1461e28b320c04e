import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSessionStore } from '../dynamo-session-store';
import {
  freshStore,
  db,
  TABLES,
  NOW_MS,
  NOW_SEC,
  session,
  listener,
  speaker,
  cancelled,
  unavailable,
} from './dynamo-store.spec-helper';
import type { StoreSleep } from './dynamo-store.spec-helper';

describe('DynamoSessionStore', () => {
  let store: DynamoSessionStore;
  let sleep: StoreSleep;

  beforeEach(() => {
    ({ store, sleep } = freshStore());
  });

  describe('addListener', () => {
    it('stores the row and counts it in one transaction, only while the session has room', async () => {
      // Prepare
      db.on(TransactWriteCommand).resolves({});
      const connection = listener({ connectedAt: NOW_MS + 1500 });

      // Act
      const result = await store.addListener(connection, 500);

      // Assess
      expect(result).toEqual({ ok: true });
      const items = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
      expect(items?.[0]?.Update).toMatchObject({
        TableName: TABLES.sessions,
        Key: { sessionId: 'golden-eagle-427' },
        UpdateExpression: 'SET listenerCount = listenerCount + :one ADD countVersion :one',
        ConditionExpression:
          'attribute_exists(sessionId) AND #status <> :ended AND listenerCount < :max AND #ttl > :nowSec',
        ExpressionAttributeValues: { ':one': 1, ':ended': 'ended', ':max': 500, ':nowSec': NOW_SEC + 1 },
      });
      expect(items?.[1]?.Put).toEqual({
        TableName: TABLES.connections,
        Item: connection,
        ConditionExpression: 'attribute_not_exists(connectionId)',
      });
    });

    it.each([
      ['the session is at its maximum', { Item: session({ listenerCount: 500 }) }, 'SESSION_FULL'],
      ['the session is over its maximum', { Item: session({ listenerCount: 501 }) }, 'SESSION_FULL'],
      ['the session has ended', { Item: session({ status: 'ended', listenerCount: 3 }) }, 'SESSION_ENDED'],
      ['the session does not exist', {}, 'SESSION_NOT_FOUND'],
      ['the session has expired', { Item: session({ ttl: NOW_SEC }) }, 'SESSION_NOT_FOUND'],
    ])('answers why when the transaction is cancelled because %s', async (_why, read, reason) => {
      // Prepare
      db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
      db.on(GetCommand, { TableName: TABLES.sessions }).resolves(read);

      // Act
      const result = await store.addListener(listener(), 500);

      // Assess
      expect(result).toEqual({ ok: false, reason });
    });

    it('recognises a cancelled transaction by its name too', async () => {
      // Prepare
      const plain = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException' });
      db.on(TransactWriteCommand).rejects(plain);
      db.on(GetCommand).resolves({ Item: session({ listenerCount: 10 }) });

      // Act
      const result = await store.addListener(listener(), 10);

      // Assess
      expect(result).toEqual({ ok: false, reason: 'SESSION_FULL' });
    });

    it('throws when the session has room, since the failure was something else (a reused connection id)', async () => {
      // Prepare
      const error = cancelled('None', 'ConditionalCheckFailed');
      db.on(TransactWriteCommand).rejects(error);
      db.on(GetCommand).resolves({ Item: session({ listenerCount: 3 }) });

      // Act
      const add = store.addListener(listener(), 500);

      // Assess
      await expect(add).rejects.toBe(error);
    });

    it('throws failures other than a cancelled transaction without reading the session', async () => {
      // Prepare
      db.on(TransactWriteCommand).rejects(unavailable());

      // Act
      const add = store.addListener(listener(), 500);

      // Assess
      await expect(add).rejects.toThrow('Service unavailable');
      expect(db.commandCalls(GetCommand)).toHaveLength(0);
    });

    it('runs the transaction again when another join held the session row (TransactionConflict)', async () => {
      // Prepare
      db.on(TransactWriteCommand)
        .rejectsOnce(cancelled('TransactionConflict', 'None'))
        .rejectsOnce(cancelled('TransactionConflict', 'None'))
        .resolves({});

      // Act
      const result = await store.addListener(listener(), 500);

      // Assess
      expect(result).toEqual({ ok: true });
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(3);
      expect(sleep).toHaveBeenCalledTimes(2);
    });

    it('waits on real timers between conflict retries when no sleep is injected', async () => {
      // Prepare
      db.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
      const realTime = new DynamoSessionStore(client, TABLES, { conflictRetryBaseMs: 1 });

      // Act
      const result = await realTime.addListener(listener(), 500);

      // Assess
      expect(result).toEqual({ ok: true });
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(2);
    });

    it('does not retry a conflict that came with a failed condition: the answer is already known', async () => {
      // Prepare
      db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict'));
      db.on(GetCommand).resolves({ Item: session({ listenerCount: 500 }) });

      // Act
      const result = await store.addListener(listener(), 500);

      // Assess
      expect(result).toEqual({ ok: false, reason: 'SESSION_FULL' });
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('gives up after the configured conflict retries, backing off with jitter', async () => {
      // Prepare
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const conflict = cancelled('TransactionConflict', 'None');
      db.on(TransactWriteCommand).rejects(conflict);
      db.on(GetCommand).resolves({ Item: session({ listenerCount: 3 }) });
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
      const impatient = new DynamoSessionStore(client, TABLES, {
        sleep,
        maxConflictRetries: 3,
        conflictRetryBaseMs: 10,
      });

      // Act
      const add = impatient.addListener(listener(), 500);

      // Assess
      await expect(add).rejects.toBe(conflict);
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(4);
      expect(sleep.mock.calls).toEqual([[10], [20], [40]]);
    });
  });

  describe('addSpeaker', () => {
    it('stores the speaker row and points the session at it in one transaction', async () => {
      // Prepare
      db.on(TransactWriteCommand).resolves({});
      const connection = speaker();

      // Act
      await store.addSpeaker(connection);

      // Assess
      expect(db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
        { Put: { TableName: TABLES.connections, Item: connection } },
        {
          Update: {
            TableName: TABLES.sessions,
            Key: { sessionId: 'golden-eagle-427' },
            UpdateExpression: 'SET speakerConnectionId = :connectionId REMOVE speakerLeftAt',
            ConditionExpression: 'attribute_exists(sessionId)',
            ExpressionAttributeValues: { ':connectionId': 'speaker-1' },
          },
        },
      ]);
    });

    it('fails when the session does not exist', async () => {
      // Prepare
      const error = cancelled('None', 'ConditionalCheckFailed');
      db.on(TransactWriteCommand).rejects(error);

      // Act
      const add = store.addSpeaker(speaker());

      // Assess
      await expect(add).rejects.toBe(error);
    });
  });

  describe('replaceConnection', () => {
    it('swaps a listener row for the new one in one transaction without touching the count', async () => {
      // Prepare
      db.on(TransactWriteCommand).resolves({});
      const next = listener({ connectionId: 'listener-2', refreshedFrom: 'listener-1' });

      // Act
      const swapped = await store.replaceConnection(listener(), next);

      // Assess
      expect(swapped).toBe(true);
      const items = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items).toHaveLength(2);
      expect(items[0]?.Delete?.Key).toEqual({ connectionId: 'listener-1' });
      expect(items[1]?.Put?.Item).toEqual(next);
      expect(items.some((item) => item.Update)).toBe(false);
    });

    it("points the session at a speaker's new connection in the same transaction", async () => {
      // Prepare
      db.on(TransactWriteCommand).resolves({});

      // Act
      await store.replaceConnection(speaker(), speaker({ connectionId: 'speaker-2' }));

      // Assess
      const items = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items[2]?.Update?.ExpressionAttributeValues).toEqual({ ':connectionId': 'speaker-2' });
    });

    it('answers false when the old row is already gone', async () => {
      // Prepare
      db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

      // Act
      const swapped = await store.replaceConnection(listener(), listener({ connectionId: 'listener-2' }));

      // Assess
      expect(swapped).toBe(false);
    });

    it('passes other failures on', async () => {
      // Prepare
      db.on(TransactWriteCommand).rejects(unavailable());

      // Act
      const swap = store.replaceConnection(listener(), listener({ connectionId: 'listener-2' }));

      // Assess
      await expect(swap).rejects.toThrow('Service unavailable');
    });
  });
});
