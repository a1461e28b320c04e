import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  DynamoDBDocumentClient,
  ScanCommandOutput,
  TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX, isExpired } from '@lingocast/tables';
import type { Connection } from './connection';
import type { SessionRecord } from './session-record';
import type {
  AddListenerFailure,
  CountSnapshot,
  LifecycleNotice,
  SessionChanges,
  SessionMaintenanceStore,
  SessionStore,
} from './session-store';
import { HANDSHAKE_GRACE_MS } from './session-store';

export interface SessionTables {
  sessions: string;
  connections: string;
}

export interface SessionStoreOptions {
  /** Retries of a transaction DynamoDB cancelled only because another transaction held one of its items. */
  maxConflictRetries?: number;
  conflictRetryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The connection-row attribute recording each lifecycle notice. */
const LIFECYCLE_NOTICE_ATTRIBUTES = {
  refreshRequested: 'refreshRequestedAt',
  warned: 'warnedAt',
} as const satisfies Record<LifecycleNotice, keyof Connection>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * True when a transaction was cancelled for a TransactionConflict and no condition failed: running it
 * again may succeed. Concurrent joins or leaves of one session all write its row, so this is common.
 */
function isTransactionConflict(error: unknown): boolean {
  const reasons =
    (error as { CancellationReasons?: Array<{ Code?: string } | undefined> })?.CancellationReasons ?? [];
  return (
    reasons.some((reason) => reason?.Code === 'TransactionConflict') &&
    !reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')
  );
}

/**
 * SessionStore on DynamoDB. Counts change only inside transactions with the row they count, and
 * every read drops items whose TTL has passed (TTL deletion lags by up to days).
 *
 * @example
 * const store = new DynamoSessionStore(documentClient({ region }), { sessions, connections });
 */
export class DynamoSessionStore implements SessionStore, SessionMaintenanceStore {
  private readonly maxConflictRetries: number;
  private readonly conflictRetryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: SessionTables,
    options: SessionStoreOptions = {},
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 8;
    this.conflictRetryBaseMs = options.conflictRetryBaseMs ?? 20;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs a transaction, again after a jittered backoff while DynamoDB cancels it for a conflict. */
  private async transactWrite(input: TransactWriteCommandInput): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.db.send(new TransactWriteCommand(input));
        return;
      } catch (error) {
        if (!isTransactionConflict(error) || attempt >= this.maxConflictRetries) throw error;
        await this.sleep(Math.min(1_000, this.conflictRetryBaseMs * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  async createSession(record: SessionRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.sessions,
          Item: record,
          ConditionExpression: 'attribute_not_exists(sessionId)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getSession(sessionId: string, nowMs: number): Promise<SessionRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.sessions, Key: { sessionId }, ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, nowMs)) return undefined;
    return Item as SessionRecord;
  }

  async updateSession(
    sessionId: string,
    changes: SessionChanges,
    nowMs: number,
  ): Promise<SessionRecord | undefined> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': new Date(nowMs).toISOString() };
    const sets = ['#updatedAt = :updatedAt'];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tables.sessions,
          Key: { sessionId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(sessionId)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as SessionRecord | undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async addListener(
    connection: Connection,
    maxListeners: number,
  ): Promise<{ ok: true } | { ok: false; reason: AddListenerFailure }> {
    try {
      await this.transactWrite({
        TransactItems: [
          {
            Update: {
              TableName: this.tables.sessions,
              Key: { sessionId: connection.sessionId },
              UpdateExpression: 'SET listenerCount = listenerCount + :one ADD countVersion :one',
              ConditionExpression:
                'attribute_exists(sessionId) AND #status <> :ended AND listenerCount < :max AND #ttl > :nowSec',
              ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
              ExpressionAttributeValues: {
                ':one': 1,
                ':ended': 'ended',
                ':max': maxListeners,
                ':nowSec': Math.floor(connection.connectedAt / 1000),
              },
            },
          },
          {
            Put: {
              TableName: this.tables.connections,
              Item: connection,
              ConditionExpression: 'attribute_not_exists(connectionId)',
            },
          },
        ],
      });
      return { ok: true };
    } catch (error) {
      if (
        !(error instanceof TransactionCanceledException) &&
        (error as { name?: string })?.name !== 'TransactionCanceledException'
      ) {
        throw error;
      }
      // Tell the reasons apart with a read: the transaction only says that a condition failed.
      const session = await this.getSession(connection.sessionId, connection.connectedAt);
      if (!session) return { ok: false, reason: 'SESSION_NOT_FOUND' };
      if (session.status === 'ended') return { ok: false, reason: 'SESSION_NOT_ACTIVE' };
      if (session.listenerCount >= maxListeners) return { ok: false, reason: 'SESSION_FULL' };
      throw error;
    }
  }

  async addSpeaker(connection: Connection): Promise<void> {
    await this.transactWrite({
      TransactItems: [
        { Put: { TableName: this.tables.connections, Item: connection } },
        {
          Update: {
            TableName: this.tables.sessions,
            Key: { sessionId: connection.sessionId },
            UpdateExpression: 'SET speakerConnectionId = :connectionId REMOVE speakerLeftAt',
            ConditionExpression: 'attribute_exists(sessionId)',
            ExpressionAttributeValues: { ':connectionId': connection.connectionId },
          },
        },
      ],
    });
  }

  async removeConnection(connectionId: string, nowMs?: number): Promise<Connection | undefined> {
    const connection = await this.readConnectionRow(connectionId);
    return connection ? this.removeRow(connection, nowMs) : undefined;
  }

  async removeGoneConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    const connection = await this.readConnectionRow(connectionId);
    if (!connection || connection.connectedAt > nowMs - HANDSHAKE_GRACE_MS) return undefined;
    return this.removeRow(connection, nowMs);
  }

  /** The stored row, expired or not (removal must clean up what TTL has not deleted yet). */
  private async readConnectionRow(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.connections, Key: { connectionId }, ConsistentRead: true }),
    );
    return Item ? (Item as Connection) : undefined;
  }

  private async removeRow(
    connection: Connection,
    nowMs: number | undefined,
  ): Promise<Connection | undefined> {
    const { connectionId } = connection;
    if (connection.role === 'speaker') {
      return this.removeSpeaker(connection, nowMs ?? connection.lastSeenAt);
    }
    try {
      await this.transactWrite({
        TransactItems: [
          {
            Delete: {
              TableName: this.tables.connections,
              Key: { connectionId },
              ConditionExpression: 'attribute_exists(connectionId)',
            },
          },
          {
            Update: {
              TableName: this.tables.sessions,
              Key: { sessionId: connection.sessionId },
              UpdateExpression: 'SET listenerCount = listenerCount - :one ADD countVersion :one',
              ConditionExpression: 'attribute_exists(sessionId) AND listenerCount > :zero',
              ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
            },
          },
        ],
      });
      return connection;
    } catch (error) {
      // Still conflicting after the retries: removing the row alone would leave the count too high.
      if (
        (error as { name?: string })?.name !== 'TransactionCanceledException' ||
        isTransactionConflict(error)
      ) {
        throw error;
      }
      // Either another invocation removed the row first (nothing to do), or the session is gone or
      // already at zero: then remove the row alone so no orphan stays behind.
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.tables.connections,
            Key: { connectionId },
            ConditionExpression: 'attribute_exists(connectionId)',
          }),
        );
        return connection;
      } catch (inner) {
        if (isConditionFailure(inner)) return undefined;
        throw inner;
      }
    }
  }

  private async removeSpeaker(connection: Connection, leftAt: number): Promise<Connection | undefined> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tables.connections,
          Key: { connectionId: connection.connectionId },
          ConditionExpression: 'attribute_exists(connectionId)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.sessions,
          Key: { sessionId: connection.sessionId },
          UpdateExpression: 'REMOVE speakerConnectionId SET speakerLeftAt = :leftAt',
          ConditionExpression: 'speakerConnectionId = :connectionId',
          ExpressionAttributeValues: { ':connectionId': connection.connectionId, ':leftAt': leftAt },
        }),
      );
    } catch (error) {
      // The session already points at a newer speaker connection (refresh): leave it.
      if (!isConditionFailure(error)) throw error;
    }
    return connection;
  }

  async getConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.connections, Key: { connectionId }, ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, nowMs)) return undefined;
    return Item as Connection;
  }

  async listListeners(sessionId: string, nowMs: number, targetLanguage?: string): Promise<Connection[]> {
    const listeners: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.connections,
          IndexName: CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
          KeyConditionExpression: targetLanguage
            ? 'sessionId = :sessionId AND targetLanguage = :language'
            : 'sessionId = :sessionId',
          ExpressionAttributeValues: targetLanguage
            ? { ':sessionId': sessionId, ':language': targetLanguage }
            : { ':sessionId': sessionId },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (!isExpired(item, nowMs)) listeners.push(item as Connection);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return listeners;
  }

  async touchConnection(connectionId: string, nowMs: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.connections,
          Key: { connectionId },
          UpdateExpression: 'SET lastSeenAt = :now',
          ConditionExpression: 'attribute_exists(connectionId)',
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async changeListenerLanguage(connectionId: string, targetLanguage: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.connections,
        Key: { connectionId },
        UpdateExpression: 'SET targetLanguage = :language',
        ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':language': targetLanguage, ':listener': 'listener' },
      }),
    );
  }

  async setCaptionsOnly(connectionId: string, captionsOnly: boolean): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.connections,
        Key: { connectionId },
        UpdateExpression: 'SET captionsOnly = :captionsOnly',
        ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':captionsOnly': captionsOnly, ':listener': 'listener' },
      }),
    );
  }

  async replaceConnection(previous: Connection, next: Connection): Promise<boolean> {
    const swapRows: TransactWriteCommandInput['TransactItems'] = [
      {
        Delete: {
          TableName: this.tables.connections,
          Key: { connectionId: previous.connectionId },
          ConditionExpression: 'attribute_exists(connectionId) AND sessionId = :sessionId AND #role = :role',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':sessionId': next.sessionId, ':role': next.role },
        },
      },
      {
        Put: {
          TableName: this.tables.connections,
          Item: next,
          ConditionExpression: 'attribute_not_exists(connectionId)',
        },
      },
    ];
    const pointSession: TransactWriteCommandInput['TransactItems'] =
      next.role === 'speaker'
        ? [
            {
              Update: {
                TableName: this.tables.sessions,
                Key: { sessionId: next.sessionId },
                UpdateExpression: 'SET speakerConnectionId = :connectionId REMOVE speakerLeftAt',
                ConditionExpression: 'attribute_exists(sessionId)',
                ExpressionAttributeValues: { ':connectionId': next.connectionId },
              },
            },
          ]
        : [];
    try {
      await this.transactWrite({ TransactItems: [...(swapRows ?? []), ...(pointSession ?? [])] });
      return true;
    } catch (error) {
      if (
        (error as { name?: string })?.name === 'TransactionCanceledException' &&
        !isTransactionConflict(error)
      )
        return false;
      throw error;
    }
  }

  async scanConnections(nowMs: number): Promise<Connection[]> {
    const items = await this.scanAll(this.tables.connections);
    return items.filter((item) => !isExpired(item, nowMs)) as Connection[];
  }

  async scanOpenSessions(nowMs: number): Promise<SessionRecord[]> {
    const items = await this.scanAll(this.tables.sessions, {
      FilterExpression: '#status <> :ended',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ended': 'ended' },
    });
    return items.filter((item) => !isExpired(item, nowMs)) as SessionRecord[];
  }

  async repairListenerCount(sessionId: string, seen: CountSnapshot, listenerCount: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.sessions,
          Key: { sessionId },
          UpdateExpression: 'SET listenerCount = :actual ADD countVersion :one',
          ConditionExpression:
            seen.countVersion === undefined
              ? 'listenerCount = :seen AND attribute_not_exists(countVersion)'
              : 'listenerCount = :seen AND countVersion = :version',
          ExpressionAttributeValues: {
            ':actual': listenerCount,
            ':seen': seen.listenerCount,
            ':one': 1,
            ...(seen.countVersion === undefined ? {} : { ':version': seen.countVersion }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async claimLifecycleNotice(
    connectionId: string,
    notice: LifecycleNotice,
    nowMs: number,
    repeatAfterMs?: number,
  ): Promise<boolean> {
    const attribute = LIFECYCLE_NOTICE_ATTRIBUTES[notice];
    const neverSent = 'attribute_not_exists(#notice)';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.connections,
          Key: { connectionId },
          UpdateExpression: 'SET #notice = :now',
          ConditionExpression:
            repeatAfterMs === undefined
              ? `attribute_exists(connectionId) AND ${neverSent}`
              : `attribute_exists(connectionId) AND (${neverSent} OR #notice <= :sentBefore)`,
          ExpressionAttributeNames: { '#notice': attribute },
          ExpressionAttributeValues: {
            ':now': nowMs,
            ...(repeatAfterMs === undefined ? {} : { ':sentBefore': nowMs - repeatAfterMs }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Every item of a table, page after page, read strongly consistent. */
  private async scanAll(
    table: string,
    filter: Pick<
      ConstructorParameters<typeof ScanCommand>[0],
      'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > = {},
  ): Promise<NonNullable<ScanCommandOutput['Items']>> {
    const items: NonNullable<ScanCommandOutput['Items']> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey, ...filter }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.send(
        new GetCommand({ TableName: this.tables.sessions, Key: { sessionId: '__health__' } }),
      );
      return true;
    } catch {
      return false;
    }
  }
}
