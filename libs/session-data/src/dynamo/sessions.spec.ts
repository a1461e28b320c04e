import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoSessionStore } from '../dynamo-session-store';
import {
  freshStore,
  db,
  TABLES,
  NOW_MS,
  NOW_SEC,
  session,
  conditionFailed,
  unavailable,
} from './dynamo-store.spec-helper';

describe('DynamoSessionStore', () => {
  let store: DynamoSessionStore;

  beforeEach(() => {
    ({ store } = freshStore());
  });

  describe('createSession', () => {
    it('writes the session only if its id is free', async () => {
      // Prepare
      db.on(PutCommand).resolves({});
      const record = session();

      // Act
      const created = await store.createSession(record);

      // Assess
      expect(created).toBe(true);
      expect(db.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.sessions,
        Item: record,
        ConditionExpression: 'attribute_not_exists(sessionId)',
      });
    });

    it('answers false when the id is taken, so the caller can pick another', async () => {
      // Prepare
      db.on(PutCommand).rejects(conditionFailed());

      // Act
      const created = await store.createSession(session());

      // Assess
      expect(created).toBe(false);
    });

    it('throws any other failure', async () => {
      // Prepare
      db.on(PutCommand).rejects(unavailable());

      // Act
      const create = store.createSession(session());

      // Assess
      await expect(create).rejects.toThrow('Service unavailable');
    });
  });

  describe('getSession', () => {
    it('reads the session consistently', async () => {
      // Prepare
      const record = session();
      db.on(GetCommand).resolves({ Item: record });

      // Act
      const found = await store.getSession('golden-eagle-427', NOW_MS);

      // Assess
      expect(found).toEqual(record);
      expect(db.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.sessions,
        Key: { sessionId: 'golden-eagle-427' },
        ConsistentRead: true,
      });
    });

    it('ignores a session whose TTL has passed but that DynamoDB has not deleted yet', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: session({ ttl: NOW_SEC - 1 }) });

      // Act
      const found = await store.getSession('golden-eagle-427', NOW_MS);

      // Assess
      expect(found).toBeUndefined();
    });

    it('answers undefined for a session that does not exist', async () => {
      // Prepare
      db.on(GetCommand).resolves({});

      // Act
      const found = await store.getSession('golden-eagle-427', NOW_MS);

      // Assess
      expect(found).toBeUndefined();
    });
  });

  describe('updateSession', () => {
    it('sets only the given fields and the update time, and returns the new session', async () => {
      // Prepare
      const updated = session({ status: 'paused' });
      db.on(UpdateCommand).resolves({ Attributes: updated });

      // Act
      const result = await store.updateSession(
        'golden-eagle-427',
        { status: 'paused', sourceLanguage: undefined },
        NOW_MS + 1000,
      );

      // Assess
      expect(result).toEqual(updated);
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.sessions,
        Key: { sessionId: 'golden-eagle-427' },
        UpdateExpression: 'SET #updatedAt = :updatedAt, #status = :status',
        ConditionExpression: 'attribute_exists(sessionId)',
        ExpressionAttributeNames: { '#updatedAt': 'updatedAt', '#status': 'status' },
        ExpressionAttributeValues: { ':updatedAt': '2026-11-02T10:00:01.000Z', ':status': 'paused' },
        ReturnValues: 'ALL_NEW',
      });
    });

    it('answers undefined for a session that does not exist, without creating it', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const result = await store.updateSession('golden-eagle-427', { status: 'ended' }, NOW_MS);

      // Assess
      expect(result).toBeUndefined();
    });

    it('throws any other failure', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(unavailable());

      // Act
      const update = store.updateSession('golden-eagle-427', { status: 'ended' }, NOW_MS);

      // Assess
      await expect(update).rejects.toThrow('Service unavailable');
    });
  });

  describe('ping', () => {
    it('answers true when DynamoDB answers', async () => {
      // Prepare
      db.on(GetCommand).resolves({});

      // Act
      const healthy = await store.ping();

      // Assess
      expect(healthy).toBe(true);
    });

    it('answers false when DynamoDB cannot be reached', async () => {
      // Prepare
      db.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

      // Act
      const healthy = await store.ping();

      // Assess
      expect(healthy).toBe(false);
    });
  });

  describe('scanOpenSessions', () => {
    it('asks only for sessions that have not ended and drops expired ones', async () => {
      // Prepare
      db.on(ScanCommand).resolves({
        Items: [session(), session({ sessionId: 'faded-lamp-101', ttl: NOW_SEC - 5 })],
      });

      // Act
      const sessions = await store.scanOpenSessions(NOW_MS);

      // Assess
      expect(sessions.map((row) => row.sessionId)).toEqual(['golden-eagle-427']);
      expect(db.commandCalls(ScanCommand)[0]?.args[0].input.FilterExpression).toBe('#status <> :ended');
    });
  });

  describe('repairListenerCount', () => {
    it('sets the count only if count and version are still what the sweeper saw', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      const repaired = await store.repairListenerCount(
        'golden-eagle-427',
        { listenerCount: 5, countVersion: 9 },
        3,
      );

      // Assess
      expect(repaired).toBe(true);
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        ConditionExpression: 'listenerCount = :seen AND countVersion = :version',
        ExpressionAttributeValues: { ':actual': 3, ':seen': 5, ':version': 9, ':one': 1 },
      });
    });

    it('conditions on a missing version for sessions that never counted a listener', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.repairListenerCount('golden-eagle-427', { listenerCount: 2, countVersion: undefined }, 0);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBe(
        'listenerCount = :seen AND attribute_not_exists(countVersion)',
      );
    });

    it('answers false when the count moved meanwhile', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const repaired = await store.repairListenerCount(
        'golden-eagle-427',
        { listenerCount: 5, countVersion: 9 },
        3,
      );

      // Assess
      expect(repaired).toBe(false);
    });

    it('passes other failures on', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(unavailable());

      // Act
      const repair = store.repairListenerCount('golden-eagle-427', { listenerCount: 5, countVersion: 9 }, 3);

      // Assess
      await expect(repair).rejects.toThrow('Service unavailable');
    });
  });
});
