import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  DynamoDBDocumentClient,
  ScanCommandOutput,
  TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface SessionTables {
  sessions: string;
  connections: string;
}

/** What the DynamoSessionStore modules share: the client, the table names and the retried transaction. */
export interface DynamoContext {
  db: DynamoDBDocumentClient;
  tables: SessionTables;
  /** Runs a transaction, again after a backoff while DynamoDB cancels it for a conflict. */
  transactWrite(input: TransactWriteCommandInput): Promise<void>;
}

/** Every item of a table, page after page, read strongly consistent. */
export async function scanAll(
  ctx: Pick<DynamoContext, 'db'>,
  table: string,
  filter: Pick<
    ConstructorParameters<typeof ScanCommand>[0],
    'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  > = {},
): Promise<NonNullable<ScanCommandOutput['Items']>> {
  const items: NonNullable<ScanCommandOutput['Items']> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey, ...filter }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
