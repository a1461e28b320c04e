import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DEFAULT_RATE_LIMITS } from '../config';
import { DynamoRateLimiter } from './dynamo-rate-limiter';

const db = mockClient(DynamoDBDocumentClient);
const TABLE = 'lingocast-test-rate-limits';
const NOW_MS = Date.parse('2026-11-02T10:00:00.000Z');

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

function limiter(): DynamoRateLimiter {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  return new DynamoRateLimiter(client, TABLE, {
    ...DEFAULT_RATE_LIMITS,
    listenerJoin: { max: 10, windowSeconds: 60 },
  });
}

describe('DynamoRateLimiter', () => {
  beforeEach(() => db.reset());

  it('counts an event in the current window with one conditional update on its timestamp', async () => {
    // Prepare
    db.on(UpdateCommand).resolvesOnce({});

    // Act
    const decision = await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    expect(decision).toEqual({ allowed: true });
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'windowStart > :openedAfter AND eventCount < :max',
      ExpressionAttributeValues: { ':openedAfter': NOW_MS - 60_000, ':max': 10, ':one': 1 },
    });
  });

  it('stores a hash of the key, never the IP address itself', async () => {
    // Prepare
    db.on(UpdateCommand).resolvesOnce({});

    // Act
    await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    const identifier = String(db.commandCalls(UpdateCommand)[0]?.args[0].input.Key?.['identifier']);
    expect(identifier).toMatch(/^listenerJoin#[0-9a-f]{32}$/);
    expect(identifier).not.toContain('203.0.113.9');
  });

  it('opens a new window when there is none or the stored one has passed, with a TTL for clean-up', async () => {
    // Prepare
    db.on(UpdateCommand).rejectsOnce(conditionFailed()).resolvesOnce({});

    // Act
    const decision = await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    expect(decision).toEqual({ allowed: true });
    const input = db.commandCalls(UpdateCommand)[1]?.args[0].input;
    expect(input).toMatchObject({
      UpdateExpression: 'SET windowStart = :now, eventCount = :one, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(identifier) OR windowStart <= :openedAfter',
      ExpressionAttributeValues: { ':now': NOW_MS, ':ttl': NOW_MS / 1000 + 60 + 60 },
    });
  });

  it('refuses once the current window is full, with the seconds until it ends', async () => {
    // Prepare
    db.on(UpdateCommand).rejects(conditionFailed());
    db.on(GetCommand).resolves({ Item: { windowStart: NOW_MS - 45_500, eventCount: 10 } });

    // Act
    const decision = await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 15 });
  });

  it('never asks to wait longer than one window when a concurrent caller opened it after this call began', async () => {
    // Prepare: the window was opened 700 ms after this call read its clock (invocations run concurrently)
    db.on(UpdateCommand).rejects(conditionFailed());
    db.on(GetCommand).resolves({ Item: { windowStart: NOW_MS + 700, eventCount: 10 } });

    // Act
    const decision = await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('tries again when another caller reset the window in between, then refuses for a second', async () => {
    // Prepare
    db.on(UpdateCommand).rejects(conditionFailed());
    db.on(GetCommand).resolves({ Item: { windowStart: NOW_MS - 1_000, eventCount: 3 } });

    // Act
    const decision = await limiter().consume('listenerJoin', '203.0.113.9', NOW_MS);

    // Assess
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(db.commandCalls(UpdateCommand)).toHaveLength(6);
  });

  it('passes DynamoDB failures on instead of letting everyone through', async () => {
    // Prepare
    db.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    // Act
    const consume = limiter().consume('heartbeat', 'conn-1', NOW_MS);

    // Assess
    await expect(consume).rejects.toThrow('throttled');
  });

  it('passes failures of the window opening on', async () => {
    // Prepare
    db.on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .rejectsOnce(Object.assign(new Error('unavailable'), { name: 'InternalServerError' }));

    // Act
    const consume = limiter().consume('heartbeat', 'conn-1', NOW_MS);

    // Assess
    await expect(consume).rejects.toThrow('unavailable');
  });

  describe('peek', () => {
    it('reads the window consistently and counts nothing', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: { windowStart: NOW_MS - 10_000, eventCount: 9 } });

      // Act
      const decision = await limiter().peek('listenerJoin', '203.0.113.9', NOW_MS);

      // Assess
      expect(decision).toEqual({ allowed: true });
      expect(db.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
        TableName: TABLE,
        ConsistentRead: true,
        Key: { identifier: expect.stringMatching(/^listenerJoin#[0-9a-f]{32}$/) },
      });
      expect(db.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it('refuses while the current window is full, with the seconds until it ends', async () => {
      // Prepare
      db.on(GetCommand).resolves({ Item: { windowStart: NOW_MS - 45_500, eventCount: 10 } });

      // Act
      const decision = await limiter().peek('listenerJoin', '203.0.113.9', NOW_MS);

      // Assess
      expect(decision).toEqual({ allowed: false, retryAfterSeconds: 15 });
    });

    it.each([
      ['no row', undefined],
      ['a full window that has passed', { windowStart: NOW_MS - 60_000, eventCount: 10 }],
    ])('allows when there is %s', async (_, Item) => {
      // Prepare
      db.on(GetCommand).resolves(Item ? { Item } : {});

      // Act
      const decision = await limiter().peek('listenerJoin', '203.0.113.9', NOW_MS);

      // Assess
      expect(decision).toEqual({ allowed: true });
    });
  });
});
