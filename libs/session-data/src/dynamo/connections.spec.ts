import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoSessionStore } from '../dynamo-session-store';
import {
  freshStore,
  db,
  TABLES,
  NOW_MS,
  NOW_SEC,
  listener,
  speaker,
  conditionFailed,
  unavailable,
} from './dynamo-store.spec-helper';

describe('DynamoSessionStore', () => {
  let store: DynamoSessionStore;

  beforeEach(() => {
    ({ store } = freshStore());
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

  describe('setLiveCaptions', () => {
    it.each([[true], [false]])('sets liveCaptions to %p on a listener row only', async (liveCaptions) => {
      // Prepare
      db.on(UpdateCommand).resolves({});

      // Act
      await store.setLiveCaptions('listener-1', liveCaptions);

      // Assess
      expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLES.connections,
        Key: { connectionId: 'listener-1' },
        UpdateExpression: 'SET liveCaptions = :liveCaptions',
        ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':liveCaptions': liveCaptions, ':listener': 'listener' },
      });
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
