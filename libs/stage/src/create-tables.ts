import type {
  CreateTableCommandInput,
  DynamoDBClient,
  KeySchemaElement,
  KeyType,
  ProjectionType,
  ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLES, createTableInput } from '@lingocast/tables';

/** The stage name of the local stage: table names are `lingocast-local-…`. */
export const LOCAL_STAGE = 'local';

type TableInput = ReturnType<typeof createTableInput>;

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`unexpected '${value}' in a table definition`);
  return found;
}

function keySchema(keys: TableInput['KeySchema']): KeySchemaElement[] {
  return keys.map((key) => ({
    AttributeName: key.AttributeName,
    KeyType: oneOf<KeyType>(key.KeyType, ['HASH', 'RANGE']),
  }));
}

/**
 * The SDK's CreateTable input for a definition from @lingocast/tables, whose literals are typed as plain strings.
 *
 * @example
 * new CreateTableCommand(toCreateTableCommandInput(createTableInput(TABLES.sessions, 'local')));
 */
export function toCreateTableCommandInput(input: TableInput): CreateTableCommandInput {
  return {
    ...input,
    AttributeDefinitions: input.AttributeDefinitions.map((attribute) => ({
      AttributeName: attribute.AttributeName,
      AttributeType: oneOf<ScalarAttributeType>(attribute.AttributeType, ['S', 'N', 'B']),
    })),
    KeySchema: keySchema(input.KeySchema),
    GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: keySchema(index.KeySchema),
      Projection: {
        ProjectionType: oneOf<ProjectionType>(index.Projection.ProjectionType, ['ALL', 'KEYS_ONLY']),
      },
    })),
  };
}

/**
 * Creates every table of TABLES (same definitions as the deployed stacks) with its TTL attribute.
 * Idempotent: tables that exist are left as they are. Resolves with the table names.
 *
 * @example
 * await createTables(localDynamoDbClient('http://127.0.0.1:8100'));
 */
export async function createTables(client: DynamoDBClient, stage: string = LOCAL_STAGE): Promise<string[]> {
  return Promise.all(
    Object.values(TABLES).map(async (table) => {
      const input = createTableInput(table, stage);
      try {
        await client.send(new CreateTableCommand(toCreateTableCommandInput(input)));
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
      }
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: input.TableName }));
      if (ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return input.TableName;
      // DynamoDB Local accepts the TTL setting but never deletes expired items; readers check expiry themselves.
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: input.TableName,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
      return input.TableName;
    }),
  );
}
