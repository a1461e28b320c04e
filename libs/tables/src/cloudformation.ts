import { TABLES, tableName } from './definitions';
import type { OwningApp, TableDefinition } from './definitions';
import { retentionPolicies } from './retention';

function attributeDefinitions(
  table: TableDefinition,
): Array<{ AttributeName: string; AttributeType: string }> {
  const attributes = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalSecondaryIndexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const unique = new Map<string, string>();
  for (const attribute of attributes) if (attribute) unique.set(attribute.name, attribute.type);
  return [...unique].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function keySchema(partitionKey: { name: string }, sortKey?: { name: string }) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' }] : []),
  ];
}

/**
 * The `CreateTable` input for a table: used by the local stage, and the core of the CloudFormation resource.
 *
 * @example
 * await dynamodb.send(new CreateTableCommand(createTableInput(TABLES.sessions, 'local')));
 */
export function createTableInput(table: TableDefinition, stage: string) {
  const indexes = table.globalSecondaryIndexes ?? [];
  return {
    TableName: tableName(table.id, stage),
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions(table),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
  };
}

/** CloudFormation resources for the tables an app owns, keyed by logical id; retained on prod only. */
export function cloudFormationTables(owner: OwningApp, stage: string): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const table of Object.values(TABLES).filter((t) => t.owner === owner)) {
    resources[table.logicalId] = {
      Type: 'AWS::DynamoDB::Table',
      ...retentionPolicies(stage),
      Properties: {
        ...createTableInput(table, stage),
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    };
  }
  return resources;
}
