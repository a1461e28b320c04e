import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Connection } from './connection';
import { DynamoSessionStore } from './dynamo-session-store';
import { newSessionRecord } from './session-record';
import type { SessionRecord } from './session-record';

const db = mockClient(DynamoDBDocumentClient);
const TABLES = { sessions: 'lingocast-test-sessions', connections: 'lingocast-test-connections' };
const NOW_MS = Date.parse('2026-11-02T10:00:00.000Z');
const NOW_SEC = NOW_MS / 1000;

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    ...newSessionRecord({
      sessionId: 'golden-eagle-427',
      speakerId: 'speaker-sub',
      sourceLanguage: 'en',
      qualityTier: 'standard',
      nowMs: NOW_MS,
      ttlHours: 12,
    }),
    ...overrides,
  };
}

function listener(overrides: Partial<Connection> = {}): Connection {
  return {
    connectionId: 'listener-1',
    sessionId: 'golden-eagle-427',
    role: 'listener',
    targetLanguage: 'es',
    connectedAt: NOW_MS,
    lastSeenAt: NOW_MS,
    ttl: NOW_SEC + 7200,
    ...overrides,
  };
}

function speaker(overrides: Partial<Connection> = {}): Connection {
  return listener({
    connectionId: 'speaker-1',
    role: 'speaker',
    targetLanguage: undefined,
    userId: 'speaker-sub',
    ...overrides,
  });
}

function cancelled(...codes: string[]): TransactionCanceledException {
  const reasons: CancellationReason[] = codes.map((Code) => ({ Code }));
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });
}

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

function unavailable(): Error {
  return Object.assign(new Error('Service unavailable'), { name: 'InternalServerError' });
}

describe('DynamoSessionStore', () => {
  let store: DynamoSessionStore;
  let sleep: jest.Mock<Promise<void>, [number]>;

  beforeEach(() => {
    db.reset();
    sleep = jest.fn<Promise<void>, [number]>(async () => undefined);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    );
    store = new DynamoSessionStore(client, TABLES, { sleep });
  });

  afterEach(() => {
    jest.restoreAllMocks();
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

  describe('getConnection', () => {
    it('reads a live connection consistently', async () => {
      // Prepare
      const connection = listener();
      db.on(GetCommand).resolves({ Item: connection });

      // Act
      const found = await store.getConnection('listener-1', NOW_MS);

      // Assess
      expect(found).toEqual(connection);
      expect(db.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
        TableName: TABLES.connections,
        ConsistentRead: true,
      });
    });

    it.each([
      ['an expired connection', { Item: listener({ ttl: NOW_SEC - 60 }) }],
      ['a missing connection', {}],
    ])('answers undefined for %s', async (_what, read) => {
      // Prepare
      db.on(GetCommand).resolves(read);

      // Act
      const found = await store.getConnection('listener-1', NOW_MS);

      // Assess
      expect(found).toBeUndefined();
    });
  });

  describe('listListeners', () => {
    it('reads every page of the listeners index and drops expired rows', async () => {
      // Prepare
      const first = listener({ connectionId: 'a' });
      const expired = listener({ connectionId: 'b', ttl: NOW_SEC - 1 });
      const third = listener({ connectionId: 'c', targetLanguage: 'fr' });
      db.on(QueryCommand)
        .resolvesOnce({ Items: [first, expired], LastEvaluatedKey: { connectionId: 'b' } })
        .resolvesOnce({ Items: [third] });

      // Act
      const listeners = await store.listListeners('golden-eagle-427', NOW_MS);

      // Assess
      expect(listeners.map((connection) => connection.connectionId)).toEqual(['a', 'c']);
      const queries = db.commandCalls(QueryCommand).map((call) => call.args[0].input);
      expect(queries[0]).toMatchObject({
        TableName: TABLES.connections,
        IndexName: 'sessionId-targetLanguage-index',
        KeyConditionExpression: 'sessionId = :sessionId',
        ExpressionAttributeValues: { ':sessionId': 'golden-eagle-427' },
      });
      expect(queries[0]?.ExclusiveStartKey).toBeUndefined();
      expect(queries[1]?.ExclusiveStartKey).toEqual({ connectionId: 'b' });
    });

    it('asks the index for one language only when given one', async () => {
      // Prepare
      db.on(QueryCommand).resolves({});

      // Act
      const listeners = await store.listListeners('golden-eagle-427', NOW_MS, 'fr');

      // Assess
      expect(listeners).toEqual([]);
      expect(db.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
        KeyConditionExpression: 'sessionId = :sessionId AND targetLanguage = :language',
        ExpressionAttributeValues: { ':sessionId': 'golden-eagle-427', ':language': 'fr' },
      });
    });
  });

  describe('touchConnection', () => {
    it('records activity on an existing connection only', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.touchConnection('listener-1', NOW_MS);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        UpdateExpression: 'SET lastSeenAt = :now',
        ConditionExpression: 'attribute_exists(connectionId)',
        ExpressionAttributeValues: { ':now': NOW_MS },
      });
    });

    it('ignores a heartbeat from a connection that is already gone', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const touch = store.touchConnection('listener-1', NOW_MS);

      // Assess
      await expect(touch).resolves.toBeUndefined();
    });

    it('throws any other failure', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(unavailable());

      // Act
      const touch = store.touchConnection('listener-1', NOW_MS);

      // Assess
      await expect(touch).rejects.toThrow('Service unavailable');
    });
  });

  describe('changeListenerLanguage', () => {
    it('changes the language of a listener row only', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.changeListenerLanguage('listener-1', 'fr');

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        UpdateExpression: 'SET targetLanguage = :language',
        ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':language': 'fr', ':listener': 'listener' },
      });
    });
  });

  describe('setCaptionsOnly', () => {
    it.each([[true], [false]])('sets captionsOnly to %p on a listener row only', async (captionsOnly) => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.setCaptionsOnly('listener-1', captionsOnly);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        UpdateExpression: 'SET captionsOnly = :captionsOnly',
        ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':captionsOnly': captionsOnly, ':listener': 'listener' },
      });
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

  describe('scanConnections', () => {
    it('reads every page consistently and leaves expired rows out', async () => {
      // Prepare
      db.on(ScanCommand)
        .resolvesOnce({ Items: [listener()], LastEvaluatedKey: { connectionId: 'listener-1' } })
        .resolvesOnce({ Items: [listener({ connectionId: 'old', ttl: NOW_SEC - 1 }), speaker()] });

      // Act
      const rows = await store.scanConnections(NOW_MS);

      // Assess
      expect(rows.map((row) => row.connectionId)).toEqual(['listener-1', 'speaker-1']);
      const calls = db.commandCalls(ScanCommand).map((call) => call.args[0].input);
      expect(calls[0]?.ConsistentRead).toBe(true);
      expect(calls[1]?.ExclusiveStartKey).toEqual({ connectionId: 'listener-1' });
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

  describe('claimLifecycleNotice', () => {
    it('records a one-off notice only on a live row that never had it', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      const claimed = await store.claimLifecycleNotice('listener-1', 'refreshRequested', NOW_MS);

      // Assess
      expect(claimed).toBe(true);
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        UpdateExpression: 'SET #notice = :now',
        ConditionExpression: 'attribute_exists(connectionId) AND attribute_not_exists(#notice)',
        ExpressionAttributeNames: { '#notice': 'refreshRequestedAt' },
        ExpressionAttributeValues: { ':now': NOW_MS },
      });
    });

    it('lets a repeating notice through again once the last one is old enough', async () => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.claimLifecycleNotice('listener-1', 'warned', NOW_MS, 300_000);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        ConditionExpression:
          'attribute_exists(connectionId) AND (attribute_not_exists(#notice) OR #notice <= :sentBefore)',
        ExpressionAttributeNames: { '#notice': 'warnedAt' },
        ExpressionAttributeValues: { ':now': NOW_MS, ':sentBefore': NOW_MS - 300_000 },
      });
    });

    it('answers false when another sweep claimed it first or the row is gone', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const claimed = await store.claimLifecycleNotice('listener-1', 'warned', NOW_MS, 300_000);

      // Assess
      expect(claimed).toBe(false);
    });

    it('passes other failures on', async () => {
      // Prepare
      db.on(UpdateCommand).rejects(unavailable());

      // Act
      const claim = store.claimLifecycleNotice('listener-1', 'refreshRequested', NOW_MS);

      // Assess
      await expect(claim).rejects.toThrow('Service unavailable');
    });
  });
});
