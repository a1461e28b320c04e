import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isExpired } from '@lingocast/tables';
import type { SessionRecord } from '../session-record';
import type { CountSnapshot, SessionChanges } from '../session-store';
import { scanAll } from './context';
import type { DynamoContext } from './context';
import { isConditionFailure } from '@lingocast/lambda';

type Ctx = Pick<DynamoContext, 'db' | 'tables'>;

/** Writes a new session; false if the id is taken. */
export async function createSession(ctx: Ctx, record: SessionRecord): Promise<boolean> {
  try {
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.tables.sessions,
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

/** The session, or undefined when missing or expired (strongly consistent read). */
export async function getSession(
  ctx: Ctx,
  sessionId: string,
  nowMs: number,
): Promise<SessionRecord | undefined> {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tables.sessions, Key: { sessionId }, ConsistentRead: true }),
  );
  if (!Item || isExpired(Item, nowMs)) return undefined;
  return Item as SessionRecord;
}

/** Applies a partial update; undefined when the session does not exist. */
export async function updateSession(
  ctx: Ctx,
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
    const { Attributes } = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tables.sessions,
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

/** Every live session that has not ended. */
export async function scanOpenSessions(ctx: Ctx, nowMs: number): Promise<SessionRecord[]> {
  const items = await scanAll(ctx, ctx.tables.sessions, {
    FilterExpression: '#status <> :ended',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':ended': 'ended' },
  });
  return items.filter((item) => !isExpired(item, nowMs)) as SessionRecord[];
}

/** Sets the listener count if it is still exactly as `seen`; false otherwise. */
export async function repairListenerCount(
  ctx: Ctx,
  sessionId: string,
  seen: CountSnapshot,
  listenerCount: number,
): Promise<boolean> {
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tables.sessions,
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

/** True when the sessions table answers. */
export async function ping(ctx: Ctx): Promise<boolean> {
  try {
    await ctx.db.send(new GetCommand({ TableName: ctx.tables.sessions, Key: { sessionId: '__health__' } }));
    return true;
  } catch {
    return false;
  }
}
