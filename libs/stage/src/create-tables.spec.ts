import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient, startDynamoDbLocal } from '@lingocast/local-services';
import type { DynamoDbLocal } from '@lingocast/local-services';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX, TABLES, tableName } from '@lingocast/tables';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTables, toCreateTableCommandInput } from './create-tables';
import { freePorts } from './ports';

describe('createTables against DynamoDB Local', () => {
  let dir: string;
  let dynamodb: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stage-ddb-'));
    const { dynamodb: port } = await freePorts();
    dynamodb = await startDynamoDbLocal({ port, logFile: join(dir, 'dynamodb.log') });
    client = localDynamoDbClient(dynamodb.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every table of the shared definitions, with TTL, and is idempotent', async () => {
    // Act
    const first = await createTables(client);
    const second = await createTables(client);

    // Assess
    const expected = Object.values(TABLES).map((table) => tableName(table.id, 'local'));
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect([...(TableNames ?? [])].sort()).toEqual([...expected].sort());
    for (const table of Object.values(TABLES)) {
      const ttl = await client.send(
        new DescribeTimeToLiveCommand({ TableName: tableName(table.id, 'local') }),
      );
      expect(ttl.TimeToLiveDescription).toMatchObject({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: table.ttlAttribute,
      });
    }
  });

  it('creates the listeners index on the connections table', async () => {
    // Prepare
    await createTables(client);

    // Act
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: tableName('connections', 'local') }),
    );

    // Assess
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
    ]);
  });
});

describe('toCreateTableCommandInput', () => {
  it('refuses a key type the SDK does not know', () => {
    expect(() =>
      toCreateTableCommandInput({
        TableName: 't',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }],
      }),
    ).toThrow(/unexpected 'PRIMARY'/);
  });
});
