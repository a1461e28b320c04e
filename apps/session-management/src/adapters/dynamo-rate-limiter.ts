import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimitSpec } from '@lingocast/config';
import { isConditionFailure } from '@lingocast/lambda';
import type { RateLimitDecision, RateLimitName, RateLimiter } from '../ports';

/** Seconds a row outlives its window before TTL may delete it (clean-up only; reads never rely on TTL). */
const TTL_SLACK_SECONDS = 60;
/** Rounds of "count, else open a window" before a racing caller gives up and is refused for a second. */
const MAX_ROUNDS = 3;

/** The row of a limit's key: hashed, so no IP address or user id is stored in clear. */
function identifierOf(limit: RateLimitName, key: string): string {
  return `${limit}#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * Fixed windows anchored at the first event, decided by DynamoDB conditions on the stored
 * `windowStart` timestamp: one conditional update counts the event while the window is current
 * and not full; otherwise a second one opens a new window if the old one has passed. Keys are
 * hashed, so no IP address or user id is stored in clear.
 *
 * @example
 * const limiter = new DynamoRateLimiter(db, 'lingocast-dev-rate-limits', { listenerJoin: { max: 1000, windowSeconds: 60 }, … });
 * await limiter.consume('listenerJoin', sessionId, clock.now()); // { allowed: true }
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limits: Record<RateLimitName, RateLimitSpec>,
  ) {}

  async consume(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision> {
    const { max, windowSeconds } = this.limits[limit];
    const windowMs = windowSeconds * 1000;
    const identifier = identifierOf(limit, key);
    const openedAfter = nowMs - windowMs;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (await this.countInCurrentWindow(identifier, max, openedAfter)) return { allowed: true };
      if (await this.openWindow(identifier, nowMs, openedAfter, windowSeconds)) return { allowed: true };
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: { identifier }, ConsistentRead: true }),
      );
      const windowStart = typeof Item?.['windowStart'] === 'number' ? Item['windowStart'] : undefined;
      const count = typeof Item?.['eventCount'] === 'number' ? Item['eventCount'] : 0;
      if (windowStart !== undefined && windowStart > openedAfter && count >= max) {
        // A concurrent caller may have opened the window a moment after `nowMs`: never more than one window.
        const untilFree = Math.ceil((windowStart + windowMs - nowMs) / 1000);
        return { allowed: false, retryAfterSeconds: Math.min(windowSeconds, Math.max(1, untilFree)) };
      }
    }
    return { allowed: false, retryAfterSeconds: 1 };
  }

  /** Whether one more event would be allowed now, from a consistent read; counts nothing. */
  async peek(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision> {
    const { max, windowSeconds } = this.limits[limit];
    const windowMs = windowSeconds * 1000;
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { identifier: identifierOf(limit, key) },
        ConsistentRead: true,
      }),
    );
    const windowStart = typeof Item?.['windowStart'] === 'number' ? Item['windowStart'] : undefined;
    const count = typeof Item?.['eventCount'] === 'number' ? Item['eventCount'] : 0;
    if (windowStart === undefined || windowStart <= nowMs - windowMs || count < max) return { allowed: true };
    const untilFree = Math.ceil((windowStart + windowMs - nowMs) / 1000);
    return { allowed: false, retryAfterSeconds: Math.min(windowSeconds, Math.max(1, untilFree)) };
  }

  /** Counts the event if the stored window began after `openedAfter` and holds fewer than `max`. */
  private async countInCurrentWindow(identifier: string, max: number, openedAfter: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifier },
          UpdateExpression: 'SET eventCount = eventCount + :one',
          ConditionExpression: 'windowStart > :openedAfter AND eventCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':openedAfter': openedAfter, ':max': max },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Starts a new window at `nowMs` holding this event, if there is none or the stored one has passed. */
  private async openWindow(
    identifier: string,
    nowMs: number,
    openedAfter: number,
    windowSeconds: number,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifier },
          UpdateExpression: 'SET windowStart = :now, eventCount = :one, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(identifier) OR windowStart <= :openedAfter',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':now': nowMs,
            ':one': 1,
            ':openedAfter': openedAfter,
            ':ttl': Math.ceil(nowMs / 1000) + windowSeconds + TTL_SLACK_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
