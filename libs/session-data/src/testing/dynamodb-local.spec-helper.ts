// Test-only: a throw-away DynamoDB Local for the integration specs of this lib, started (bound to
// 127.0.0.1) by the same launcher as the local stage's, from @lingocast/local-services.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  freeLoopbackPort,
  startDynamoDbLocal,
} from '@lingocast/local-services';
import { TABLES, createTableInput } from '@lingocast/tables';
import type { TableId } from '@lingocast/tables';

export interface LocalDynamoDb {
  endpoint: string;
  /** A document client configured like the services' (undefined attributes dropped). */
  documentClient: DynamoDBDocumentClient;
  /** Creates the given tables for `stage` from the shared definitions; resolves with their names by id. */
  createTables(stage: string, ids: readonly TableId[]): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

function toSdkKeySchema(keys: ReturnType<typeof createTableInput>['KeySchema']): KeySchemaElement[] {
  return keys.map((key) => ({
    AttributeName: key.AttributeName,
    KeyType: key.KeyType === 'RANGE' ? 'RANGE' : 'HASH',
  }));
}

function toSdkInput(input: ReturnType<typeof createTableInput>): CreateTableCommandInput {
  return {
    TableName: input.TableName,
    BillingMode: input.BillingMode,
    AttributeDefinitions: input.AttributeDefinitions.map((attribute) => ({
      AttributeName: attribute.AttributeName,
      AttributeType: attribute.AttributeType === 'N' ? 'N' : 'S',
    })),
    KeySchema: toSdkKeySchema(input.KeySchema),
    GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: toSdkKeySchema(index.KeySchema),
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * Starts DynamoDB Local in memory on a free loopback port and resolves once it answers.
 *
 * @example
 * const ddb = await startLocalDynamoDb();
 * const tables = await ddb.createTables('it', ['sessions', 'connections']);
 * await ddb.stop();
 */
export async function startLocalDynamoDb(timeoutMs = 30_000): Promise<LocalDynamoDb> {
  const logDir = mkdtempSync(join(tmpdir(), 'session-data-dynamodb-'));
  const dynamodb = await startDynamoDbLocal({
    port: await freeLoopbackPort(),
    logFile: join(logDir, 'dynamodb.log'),
    timeoutMs,
  }).catch((error: unknown) => {
    rmSync(logDir, { recursive: true, force: true });
    throw error;
  });
  const endpoint = dynamodb.endpoint;
  // Hundreds of concurrent calls queue for the SDK's default 50 sockets; no warning for each wait.
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
      socketAcquisitionWarningTimeout: 120_000,
    },
  });

  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    endpoint,
    documentClient,
    async createTables(stage, ids) {
      const names: Record<string, string> = {};
      for (const id of ids) {
        const input = createTableInput(TABLES[id], stage);
        await client.send(new CreateTableCommand(toSdkInput(input)));
        names[id] = input.TableName;
      }
      return names;
    },
    async stop() {
      client.destroy();
      await dynamodb.stop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
