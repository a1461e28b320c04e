import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  DeleteCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoSessionStore } from '../dynamo-session-store';
import {
  freshStore,
  db,
  TABLES,
  NOW_MS,
  listener,
  speaker,
  cancelled,
  conditionFailed,
  unavailable,
} from './dynamo-store.spec-helper';
import type { StoreSleep } from './dynamo-store.spec-helper';

describe('DynamoSessionStore', () => {
  let store: DynamoSessionStore;
  let sleep: StoreSleep;

  beforeEach(() => {
    ({ store, sleep } = freshStore());
  });

  describe('removeConnection', () => {
    it('answers undefined for a connection it does not know, and writes nothing', async () => {
      // Prepare
      db.on(GetCommand).resolves({});

      // Act
      const removed = await store.removeConnection('listener-1');

      // Assess
      expect(removed).toBeUndefined();
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(db.commandCalls(DeleteCommand)).toHaveLength(0);
    });

    it('deletes a listener row and decrements the count in one transaction, never below zero', async () => {
      // Prepare
      const connection = listener();
      db.on(GetCommand).resolves({ Item: connection });
      db.on(TransactWriteCommand).resolves({});

      // Act
      const removed = await store.removeConnection('listener-1');

      // Assess
      expect(removed).toEqual(connection);
      expect(db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
        {
          Delete: {
            TableName: TABLES.connections,
            Key: { connectionId: 'listener-1' },
            ConditionExpression: 'attribute_exists(connectionId)',
          },
        },
        {
          Update: {
            TableName: TABLES.sessions,
            Key: { sessionId: 'golden-eagle-427' },
            UpdateExpression: 'SET listenerCount = listenerCount - :one ADD countVersion :one',
            ConditionExpression: 'attribute_exists(sessionId) AND listenerCount > :zero',
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          },
        },
      ]);
    });

    it('answers undefined when another invocation removed the listener first (idempotent)', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: listener() });
      db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
      db.on(DeleteCommand).rejects(conditionFailed());

      // Act
      const removed = await store.removeConnection('listener-1');

      // Assess
      expect(removed).toBeUndefined();
    });

    it('still removes the row when the session is gone or its count is already zero', async () => {
      // Prepare
      const connection = listener();
      db.on(GetCommand).resolves({ Item: connection });
      db.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
      db.on(DeleteCommand).resolves({});

      // Act
      const removed = await store.removeConnection('listener-1');

      // Assess
      expect(removed).toEqual(connection);
      expect(db.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        ConditionExpression: 'attribute_exists(connectionId)',
      });
    });

    it('retries a conflicting transaction so the count follows the row', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: listener() });
      db.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});

      // Act
      const removed = await store.removeConnection('listener-1');

      // Assess
      expect(removed?.connectionId).toBe('listener-1');
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(2);
      expect(db.commandCalls(DeleteCommand)).toHaveLength(0);
    });

    it('throws, rather than delete the row alone, when conflicts outlast the retries', async () => {
      // Prepare
      const conflict = cancelled('None', 'TransactionConflict');
      db.on(GetCommand).resolves({ Item: listener() });
      db.on(TransactWriteCommand).rejects(conflict);
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
      const impatient = new DynamoSessionStore(client, TABLES, { sleep, maxConflictRetries: 1 });

      // Act
      const remove = impatient.removeConnection('listener-1');

      // Assess
      await expect(remove).rejects.toBe(conflict);
      expect(db.commandCalls(DeleteCommand)).toHaveLength(0);
    });

    it('throws failures of the transaction other than a cancellation', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: listener() });
      db.on(TransactWriteCommand).rejects(unavailable());

      // Act
      const remove = store.removeConnection('listener-1');

      // Assess
      await expect(remove).rejects.toThrow('Service unavailable');
    });

    it('throws failures of the fallback delete other than a failed condition', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: listener() });
      db.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
      db.on(DeleteCommand).rejects(unavailable());

      // Act
      const remove = store.removeConnection('listener-1');

      // Assess
      await expect(remove).rejects.toThrow('Service unavailable');
    });

    it('removes a speaker row and clears the session pointer when it still points at it', async () => {
      // Prepare
      const connection = speaker();
      db.on(GetCommand).resolves({ Item: connection });
      db.on(DeleteCommand).resolves({});
      db.on(UpdateCommand).resolves({});

      // Act
      const removed = await store.removeConnection('speaker-1');

      // Assess
      expect(removed).toEqual(connection);
      expect(db.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.sessions,
        Key: { sessionId: 'golden-eagle-427' },
        UpdateExpression: 'REMOVE speakerConnectionId SET speakerLeftAt = :leftAt',
        ConditionExpression: 'speakerConnectionId = :connectionId',
        ExpressionAttributeValues: { ':connectionId': 'speaker-1', ':leftAt': NOW_MS },
      });
    });

    it('leaves the session pointing at a newer speaker connection after a refresh', async () => {
      // Prepare
      const connection = speaker();
      db.on(GetCommand).resolves({ Item: connection });
      db.on(DeleteCommand).resolves({});
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const removed = await store.removeConnection('speaker-1');

      // Assess
      expect(removed).toEqual(connection);
    });

    it('answers undefined when another invocation removed the speaker first', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: speaker() });
      db.on(DeleteCommand).rejects(conditionFailed());

      // Act
      const removed = await store.removeConnection('speaker-1');

      // Assess
      expect(removed).toBeUndefined();
      expect(db.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it.each([
      ['deleting the speaker row', DeleteCommand],
      ['clearing the session pointer', UpdateCommand],
    ] as const)('throws other failures while %s', async (_step, command) => {
      // Prepare
      db.on(GetCommand).resolves({ Item: speaker() });
      db.on(DeleteCommand).resolves({});
      db.on(UpdateCommand).resolves({});
      db.on(command).rejects(unavailable());

      // Act
      const remove = store.removeConnection('speaker-1');

      // Assess
      await expect(remove).rejects.toThrow('Service unavailable');
    });
  });
});
