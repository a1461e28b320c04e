import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { LOCAL_STAGE } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';

/** How full the replay window table is at a moment, or why it could not be read. */
export type ReplayTableReading = ReplayTableCount | { unreadable: string };

export interface ReplayTableCount {
  /** Every item: utterances, each session+language's newest number, each session's languages. */
  items: number;
  /** Utterances recorded within the window: what a replay can still read. */
  inWindow: number;
}

/** Items a scan counted (paginated; Select COUNT, so nothing is transferred but the counts). */
async function count(db: DynamoDBDocumentClient, input: ScanCommandInput): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < 10_000; page += 1) {
    const result = await db.send(new ScanCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: start }));
    total += result.Count ?? 0;
    start = result.LastEvaluatedKey;
    if (!start) break;
  }
  return total;
}

/**
 * Counts the local stage's `replayWindow` table: all its items (DynamoDB Local's TTL deletes
 * expired ones late, if at all) and the utterances still inside the window. A table that cannot be
 * read gives the reason, so the report says so instead of failing the run.
 *
 * @example
 * console.log(formatReplayTable(await countReplayTable(documents, 300_000, Date.now())));
 */
export async function countReplayTable(
  db: DynamoDBDocumentClient,
  windowMs: number,
  nowMs: number,
): Promise<ReplayTableReading> {
  const TableName = tableName('replayWindow', LOCAL_STAGE);
  try {
    const [items, inWindow] = await Promise.all([
      count(db, { TableName }),
      count(db, {
        TableName,
        FilterExpression: 'attribute_exists(caption) AND recordedAt >= :since',
        ExpressionAttributeValues: { ':since': nowMs - windowMs },
      }),
    ]);
    return { items, inWindow };
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}

/** `12 items (9 utterances in the window)`, or why the table could not be read. */
export function formatReplayTable(reading: ReplayTableReading): string {
  return 'unreadable' in reading
    ? `unreadable (${reading.unreadable})`
    : `${reading.items} items (${reading.inWindow} utterances in the window)`;
}
