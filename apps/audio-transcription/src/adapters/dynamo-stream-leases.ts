import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@lingocast/lambda';
import { ttlAfter } from '@lingocast/tables';
import type { StreamLease, StreamLeases } from '../ports';

/** The stream item is working state, like the cursor beside it: a day is plenty. */
const STREAM_TTL_SECONDS = 24 * 3600;

/** A lease request that can never be right (empty owner, a duration that is not a positive whole ms). */
export class StreamLeaseRequestError extends Error {
  readonly code = 'INVALID_LEASE_REQUEST';

  constructor(message: string) {
    super(message);
    this.name = 'StreamLeaseRequestError';
  }
}

/**
 * StreamLeases on DynamoDB: `leaseOwner`, `leaseExpiresAt` and `leaseEpoch` on the session's item of the
 * audio-streams table, beside the claim cursor (which they never touch). Every change is one conditional
 * update, so of two would-be owners exactly one wins, and an owner whose lease lapsed cannot renew it.
 * Expiry compares the callers' clocks: keep leases several seconds longer than the clocks may disagree.
 *
 * @example
 * const leases = new DynamoStreamLeases(documentClient, { audioStreams: 'lingocast-dev-audio-streams' });
 * const lease = await leases.acquire(sessionId, context.awsRequestId, Date.now(), 10_000);
 */
export class DynamoStreamLeases implements StreamLeases {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: { audioStreams: string },
  ) {}

  async acquire(
    sessionId: string,
    owner: string,
    nowMs: number,
    durationMs: number,
  ): Promise<StreamLease | undefined> {
    checkRequest(owner, durationMs);
    const expiresAt = nowMs + durationMs;
    const updated = await this.update(sessionId, {
      UpdateExpression:
        'SET leaseOwner = :owner, leaseExpiresAt = :expiresAt, #ttl = :ttl ADD leaseEpoch :one',
      ConditionExpression:
        'attribute_not_exists(leaseOwner) OR leaseExpiresAt <= :now OR leaseOwner = :owner',
      ExpressionAttributeValues: {
        ':owner': owner,
        ':expiresAt': expiresAt,
        ':now': nowMs,
        ':one': 1,
        ':ttl': ttlAfter(nowMs, STREAM_TTL_SECONDS),
      },
    });
    if (updated === undefined) return undefined;
    const epoch = updated['leaseEpoch'];
    if (typeof epoch !== 'number') throw new Error(`lease of ${sessionId} came back without its epoch`);
    return { sessionId, owner, epoch, expiresAt };
  }

  async renew(lease: StreamLease, nowMs: number, durationMs: number): Promise<StreamLease | undefined> {
    checkRequest(lease.owner, durationMs);
    const expiresAt = nowMs + durationMs;
    const updated = await this.update(lease.sessionId, {
      UpdateExpression: 'SET leaseExpiresAt = :expiresAt, #ttl = :ttl',
      // Not lapsed: once it lapsed, another owner may already act on the session, even before its write lands.
      ConditionExpression: 'leaseOwner = :owner AND leaseEpoch = :epoch AND leaseExpiresAt > :now',
      ExpressionAttributeValues: {
        ':owner': lease.owner,
        ':epoch': lease.epoch,
        ':expiresAt': expiresAt,
        ':now': nowMs,
        ':ttl': ttlAfter(nowMs, STREAM_TTL_SECONDS),
      },
    });
    return updated === undefined ? undefined : { ...lease, expiresAt };
  }

  async release(lease: StreamLease): Promise<boolean> {
    const updated = await this.update(lease.sessionId, {
      UpdateExpression: 'REMOVE leaseOwner, leaseExpiresAt',
      ConditionExpression: 'leaseOwner = :owner AND leaseEpoch = :epoch',
      ExpressionAttributeValues: { ':owner': lease.owner, ':epoch': lease.epoch },
    });
    return updated !== undefined;
  }

  async requestOwner(sessionId: string, nowMs: number, intervalMs: number): Promise<boolean> {
    const updated = await this.update(sessionId, {
      UpdateExpression: 'SET ownerRequestedAt = :now, #ttl = :ttl',
      ConditionExpression:
        '(attribute_not_exists(leaseOwner) OR leaseExpiresAt <= :now) AND (attribute_not_exists(ownerRequestedAt) OR ownerRequestedAt <= :before)',
      ExpressionAttributeValues: {
        ':now': nowMs,
        ':before': nowMs - intervalMs,
        ':ttl': ttlAfter(nowMs, STREAM_TTL_SECONDS),
      },
    });
    return updated !== undefined;
  }

  /** One conditional update of the session's stream item: the attributes it changed, `undefined` when refused. */
  private async update(
    sessionId: string,
    change: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tables.audioStreams,
          Key: { sessionId },
          ...change,
          ...(change.UpdateExpression.includes('#ttl')
            ? { ExpressionAttributeNames: { '#ttl': 'ttl' } }
            : {}),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}

function checkRequest(owner: string, durationMs: number): void {
  if (owner.trim().length === 0) throw new StreamLeaseRequestError('a lease needs an owner id');
  if (!Number.isInteger(durationMs) || durationMs <= 0) {
    throw new StreamLeaseRequestError(`a lease lasts a positive whole number of ms, got ${durationMs}`);
  }
}
