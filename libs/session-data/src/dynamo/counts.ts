import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Connection } from '../connection';
import { stillOpening } from '../connection-handshake';
import type { AddListenerFailure } from '../session-store';
import { readConnectionRow } from './connections';
import type { DynamoContext } from './context';
import { isConditionFailure, isTransactionCancelled, isTransactionConflict } from '@lingocast/lambda';
import { getSession } from './sessions';

// Rows that move the session's listener count or its speaker pointer, always in the same write.

/** Stores a listener's row and increments the count while below `maxListeners`, in one transaction. */
export async function addListener(
  ctx: DynamoContext,
  connection: Connection,
  maxListeners: number,
): Promise<{ ok: true } | { ok: false; reason: AddListenerFailure }> {
  try {
    await ctx.transactWrite({
      TransactItems: [
        {
          Update: {
            TableName: ctx.tables.sessions,
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
            TableName: ctx.tables.connections,
            Item: connection,
            ConditionExpression: 'attribute_not_exists(connectionId)',
          },
        },
      ],
    });
    return { ok: true };
  } catch (error) {
    if (!isTransactionCancelled(error)) throw error;
    // Tell the reasons apart with a read: the transaction only says that a condition failed.
    const session = await getSession(ctx, connection.sessionId, connection.connectedAt);
    if (!session) return { ok: false, reason: 'SESSION_NOT_FOUND' };
    if (session.status === 'ended') return { ok: false, reason: 'SESSION_ENDED' };
    if (session.listenerCount >= maxListeners) return { ok: false, reason: 'SESSION_FULL' };
    throw error;
  }
}

/** Stores the speaker's row and points the session at it. */
export async function addSpeaker(ctx: DynamoContext, connection: Connection): Promise<void> {
  await ctx.transactWrite({
    TransactItems: [
      { Put: { TableName: ctx.tables.connections, Item: connection } },
      pointSessionAt(ctx, connection),
    ],
  });
}

/** Removes a connection exactly once (a listener's count with it); returns the removed row. */
export async function removeConnection(
  ctx: DynamoContext,
  connectionId: string,
  nowMs?: number,
): Promise<Connection | undefined> {
  const connection = await readConnectionRow(ctx, connectionId);
  return connection ? removeRow(ctx, connection, nowMs) : undefined;
}

/** Like removeConnection, unless the connection may still be in its handshake. */
export async function removeGoneConnection(
  ctx: DynamoContext,
  connectionId: string,
  nowMs: number,
): Promise<Connection | undefined> {
  const connection = await readConnectionRow(ctx, connectionId);
  if (!connection || stillOpening(connection, nowMs)) return undefined;
  return removeRow(ctx, connection, nowMs);
}

async function removeRow(
  ctx: DynamoContext,
  connection: Connection,
  nowMs: number | undefined,
): Promise<Connection | undefined> {
  const { connectionId } = connection;
  if (connection.role === 'speaker') {
    return removeSpeaker(ctx, connection, nowMs ?? connection.lastSeenAt);
  }
  try {
    await ctx.transactWrite({
      TransactItems: [
        {
          Delete: {
            TableName: ctx.tables.connections,
            Key: { connectionId },
            ConditionExpression: 'attribute_exists(connectionId)',
          },
        },
        {
          Update: {
            TableName: ctx.tables.sessions,
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
    if (!isTransactionCancelled(error) || isTransactionConflict(error)) throw error;
    // Either another invocation removed the row first (nothing to do), or the session is gone or
    // already at zero: then remove the row alone so no orphan stays behind.
    return (await deleteRow(ctx, connectionId)) ? connection : undefined;
  }
}

async function removeSpeaker(
  ctx: DynamoContext,
  connection: Connection,
  leftAt: number,
): Promise<Connection | undefined> {
  if (!(await deleteRow(ctx, connection.connectionId))) return undefined;
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tables.sessions,
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

/** Deletes a connection row alone; false when it was already gone. */
async function deleteRow(ctx: DynamoContext, connectionId: string): Promise<boolean> {
  try {
    await ctx.db.send(
      new DeleteCommand({
        TableName: ctx.tables.connections,
        Key: { connectionId },
        ConditionExpression: 'attribute_exists(connectionId)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Deletes `previous` and puts `next` in one transaction (a speaker's session follows); false when the old row is gone. */
export async function replaceConnection(
  ctx: DynamoContext,
  previous: Connection,
  next: Connection,
): Promise<boolean> {
  const swapRows: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      Delete: {
        TableName: ctx.tables.connections,
        Key: { connectionId: previous.connectionId },
        ConditionExpression: 'attribute_exists(connectionId) AND sessionId = :sessionId AND #role = :role',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':sessionId': next.sessionId, ':role': next.role },
      },
    },
    {
      Put: {
        TableName: ctx.tables.connections,
        Item: next,
        ConditionExpression: 'attribute_not_exists(connectionId)',
      },
    },
  ];
  const pointSession = next.role === 'speaker' ? [pointSessionAt(ctx, next)] : [];
  try {
    await ctx.transactWrite({ TransactItems: [...swapRows, ...pointSession] });
    return true;
  } catch (error) {
    if (isTransactionCancelled(error) && !isTransactionConflict(error)) return false;
    throw error;
  }
}

/** The transaction item that makes `speaker` the session's speaker connection. */
function pointSessionAt(
  ctx: DynamoContext,
  speaker: Connection,
): NonNullable<TransactWriteCommandInput['TransactItems']>[number] {
  return {
    Update: {
      TableName: ctx.tables.sessions,
      Key: { sessionId: speaker.sessionId },
      UpdateExpression: 'SET speakerConnectionId = :connectionId REMOVE speakerLeftAt',
      ConditionExpression: 'attribute_exists(sessionId)',
      ExpressionAttributeValues: { ':connectionId': speaker.connectionId },
    },
  };
}
