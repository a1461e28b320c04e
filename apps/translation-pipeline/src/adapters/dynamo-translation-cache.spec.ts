import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoTranslationCache } from './dynamo-translation-cache';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dbMock = mockClient(db);
const NOW = Date.UTC(2025, 0, 1, 9, 0, 0);
const cache = () => new DynamoTranslationCache(db, 'translation-cache', 30);

beforeEach(() => dbMock.reset());

describe('DynamoTranslationCache', () => {
  it('returns a stored translation', async () => {
    // Prepare
    dbMock
      .on(GetCommand)
      .resolves({ Item: { cacheKey: 'en:es:abc', translation: 'hola', ttl: Math.floor(NOW / 1000) + 60 } });

    // Act
    const translation = await cache().get('en:es:abc', NOW);

    // Assess
    expect(translation).toBe('hola');
    expect(dbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'translation-cache',
      Key: { cacheKey: 'en:es:abc' },
    });
  });

  it('misses when nothing is stored', async () => {
    // Prepare
    dbMock.on(GetCommand).resolves({});

    // Act
    const translation = await cache().get('en:es:abc', NOW);

    // Assess
    expect(translation).toBeUndefined();
  });

  it('ignores an entry whose TTL has passed even if DynamoDB has not deleted it yet', async () => {
    // Prepare
    dbMock
      .on(GetCommand)
      .resolves({ Item: { cacheKey: 'en:es:abc', translation: 'hola', ttl: Math.floor(NOW / 1000) - 1 } });

    // Act
    const translation = await cache().get('en:es:abc', NOW);

    // Assess
    expect(translation).toBeUndefined();
  });

  it('ignores a malformed entry', async () => {
    // Prepare
    dbMock.on(GetCommand).resolves({ Item: { cacheKey: 'en:es:abc', translation: 42 } });

    // Act
    const translation = await cache().get('en:es:abc', NOW);

    // Assess
    expect(translation).toBeUndefined();
  });

  it('stores a translation with a TTL of the configured days', async () => {
    // Prepare
    dbMock.on(PutCommand).resolves({});

    // Act
    await cache().put('en:es:abc', 'hola', NOW);

    // Assess
    expect(dbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'translation-cache',
      Item: {
        cacheKey: 'en:es:abc',
        translation: 'hola',
        createdAt: NOW,
        ttl: Math.floor(NOW / 1000) + 30 * 86_400,
      },
    });
  });
});
