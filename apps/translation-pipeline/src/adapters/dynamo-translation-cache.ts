import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isExpired, ttlAfter } from '@lingocast/tables';
import type { TranslationCache } from '../ports';

/** Translation cache on DynamoDB; entries expire after `ttlDays` (and are ignored once expired). */
export class DynamoTranslationCache implements TranslationCache {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlDays: number,
  ) {}

  async get(key: string, nowMs: number): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { cacheKey: key } }));
    if (!Item || isExpired(Item, nowMs) || typeof Item['translation'] !== 'string') return undefined;
    return Item['translation'];
  }

  async put(key: string, translation: string, nowMs: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { cacheKey: key, translation, createdAt: nowMs, ttl: ttlAfter(nowMs, this.ttlDays * 86_400) },
      }),
    );
  }
}
