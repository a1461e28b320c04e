import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX, isExpired } from '@lingocast/tables';
import type { Connection } from '../connection';
import type { LifecycleNotice } from '../session-store';
import { scanAll } from './context';
import type { DynamoContext } from './context';
import { isConditionFailure } from '@lingocast/lambda';

type Ctx = Pick<DynamoContext, 'db' | 'tables'>;

/** The connection-row attribute recording each lifecycle notice. */
const LIFECYCLE_NOTICE_ATTRIBUTES = {
  refreshRequested: 'refreshRequestedAt',
  warned: 'warnedAt',
} as const satisfies Record<LifecycleNotice, keyof Connection>;

/** The live row, or undefined when missing or expired. */
export async function getConnection(
  ctx: Ctx,
  connectionId: string,
  nowMs: number,
): Promise<Connection | undefined> {
  const item = await readConnectionRow(ctx, connectionId);
  if (!item || isExpired(item, nowMs)) return undefined;
  return item;
}

/** The stored row, expired or not (removal must clean up what TTL has not deleted yet). */
export async function readConnectionRow(ctx: Ctx, connectionId: string): Promise<Connection | undefined> {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tables.connections, Key: { connectionId }, ConsistentRead: true }),
  );
  return Item ? (Item as Connection) : undefined;
}

/** Listener rows of a session (optionally of one language), every page of the index. */
export async function listListeners(
  ctx: Ctx,
  sessionId: string,
  nowMs: number,
  targetLanguage?: string,
): Promise<Connection[]> {
  const listeners: Connection[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new QueryCommand({
        TableName: ctx.tables.connections,
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

/** Records activity; a row already gone is left gone. */
export async function touchConnection(ctx: Ctx, connectionId: string, nowMs: number): Promise<void> {
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tables.connections,
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

/** Moves a listener to another language; a condition failure when the row is gone or not a listener's. */
export async function changeListenerLanguage(
  ctx: Ctx,
  connectionId: string,
  targetLanguage: string,
): Promise<void> {
  await updateListenerRow(ctx, connectionId, 'targetLanguage = :language', { ':language': targetLanguage });
}

/** Switches a listener's captions-only mode; a condition failure when the row is gone or not a listener's. */
export async function setCaptionsOnly(ctx: Ctx, connectionId: string, captionsOnly: boolean): Promise<void> {
  await updateListenerRow(ctx, connectionId, 'captionsOnly = :captionsOnly', {
    ':captionsOnly': captionsOnly,
  });
}

/** Switches a listener's live captions; a condition failure when the row is gone or not a listener's. */
export async function setLiveCaptions(ctx: Ctx, connectionId: string, liveCaptions: boolean): Promise<void> {
  await updateListenerRow(ctx, connectionId, 'liveCaptions = :liveCaptions', {
    ':liveCaptions': liveCaptions,
  });
}

/** One SET on a row that must exist and be a listener's. */
async function updateListenerRow(
  ctx: Ctx,
  connectionId: string,
  assignment: string,
  values: Record<string, unknown>,
): Promise<void> {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tables.connections,
      Key: { connectionId },
      UpdateExpression: `SET ${assignment}`,
      ConditionExpression: 'attribute_exists(connectionId) AND #role = :listener',
      ExpressionAttributeNames: { '#role': 'role' },
      ExpressionAttributeValues: { ...values, ':listener': 'listener' },
    }),
  );
}

/** Every live connection row. */
export async function scanConnections(ctx: Ctx, nowMs: number): Promise<Connection[]> {
  const items = await scanAll(ctx, ctx.tables.connections);
  return items.filter((item) => !isExpired(item, nowMs)) as Connection[];
}

/** Records `notice` on the row by a conditional update; true when this caller won the claim. */
export async function claimLifecycleNotice(
  ctx: Ctx,
  connectionId: string,
  notice: LifecycleNotice,
  nowMs: number,
  repeatAfterMs?: number,
): Promise<boolean> {
  const attribute = LIFECYCLE_NOTICE_ATTRIBUTES[notice];
  const neverSent = 'attribute_not_exists(#notice)';
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tables.connections,
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
