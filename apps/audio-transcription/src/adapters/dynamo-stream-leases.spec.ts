import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoStreamLeases } from './dynamo-stream-leases';

// The conditions themselves run against DynamoDB Local (dynamo-stream-leases.dynamodb-local.spec.ts);
// here, what the adapter does with answers DynamoDB Local does not give on demand.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dbMock = mockClient(db);
const TABLES = { audioStreams: 'streams-table' };
const NOW = Date.UTC(2026, 11, 1, 23, 0, 0);

beforeEach(() => dbMock.reset());

describe('DynamoStreamLeases', () => {
  it('passes on an error other than a failed condition, so the caller does not mistake it for a lost lease', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    dbMock.on(UpdateCommand).rejects(throttled);
    const leases = new DynamoStreamLeases(db, TABLES);

    // Act
    const attempt = leases.acquire('golden-eagle-427', 'owner-a', NOW, 10_000);

    // Assess
    await expect(attempt).rejects.toBe(throttled);
  });

  it('fails loudly when an acquisition comes back without its epoch', async () => {
    // Prepare
    dbMock.on(UpdateCommand).resolves({ Attributes: { leaseOwner: 'owner-a' } });
    const leases = new DynamoStreamLeases(db, TABLES);

    // Act
    const attempt = leases.acquire('golden-eagle-427', 'owner-a', NOW, 10_000);

    // Assess
    await expect(attempt).rejects.toThrow('lease of golden-eagle-427 came back without its epoch');
  });

  it('writes the lease on the session’s stream item with a one-day TTL, and renews only its expiry', async () => {
    // Prepare
    dbMock.on(UpdateCommand).resolves({ Attributes: { leaseEpoch: 3 } });
    const leases = new DynamoStreamLeases(db, TABLES);

    // Act
    const lease = await leases.acquire('golden-eagle-427', 'owner-a', NOW, 10_000);
    if (lease === undefined) throw new Error('the lease should have been taken');
    await leases.renew(lease, NOW + 5_000, 10_000);

    // Assess
    const [acquire, renew] = dbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(acquire).toMatchObject({
      TableName: 'streams-table',
      Key: { sessionId: 'golden-eagle-427' },
      ExpressionAttributeValues: {
        ':owner': 'owner-a',
        ':expiresAt': NOW + 10_000,
        ':ttl': NOW / 1000 + 86_400,
      },
    });
    expect(renew).toMatchObject({
      UpdateExpression: 'SET leaseExpiresAt = :expiresAt, #ttl = :ttl',
      ExpressionAttributeValues: { ':epoch': 3, ':expiresAt': NOW + 15_000 },
    });
  });
});
