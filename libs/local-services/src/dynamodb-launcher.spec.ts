import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JavacNotFoundError, LAUNCHER_CLASS, compiledLauncher } from './dynamodb-launcher';
import { dynamoDbLocalJar, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { freeLoopbackPort } from './ports';

/** Resolves 'open' when a TCP connection to host:port succeeds, else the error code (e.g. ECONNREFUSED). */
function probe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

function machineAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find((entry) => entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('DynamoDB Local launcher', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-ddb-launcher-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves DynamoDB Local on 127.0.0.1 only: no other address of this machine answers', async () => {
    // Prepare
    const port = await freeLoopbackPort();

    // Act
    const dynamodb = await startDynamoDbLocal({
      port,
      logFile: join(dir, 'dynamodb.log'),
      launcherCacheDir: join(dir, 'java'),
    });

    try {
      // Assess: it works on loopback…
      const client = localDynamoDbClient(dynamodb.endpoint);
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
      client.destroy();
      expect(await probe('127.0.0.1', port)).toBe('open');
      // …and nowhere else: IPv6 any-address and this machine's network address are refused.
      expect(await probe('::1', port)).not.toBe('open');
      const address = machineAddress();
      if (address) expect(await probe(address, port)).toBe('ECONNREFUSED');
    } finally {
      await dynamodb.stop();
    }
  });

  it('compiles once per source and jar, then reuses the class without javac', async () => {
    // Prepare
    const cacheDir = join(dir, 'java');
    const first = await compiledLauncher({ ...dynamoDbLocalJar(), cacheDir });

    // Act: a second call cannot run javac, so it must come from the cache
    const second = await compiledLauncher({ ...dynamoDbLocalJar(), cacheDir, javac: join(dir, 'no-javac') });

    // Assess
    expect(second).toBe(first);
    expect(readdirSync(first)).toContain(`${LAUNCHER_CLASS}.class`);
    expect(readdirSync(cacheDir)).toEqual([first.split('/').pop()]);
  });

  it('says to install a JDK when javac is missing', async () => {
    // Act / Assess
    await expect(
      compiledLauncher({ ...dynamoDbLocalJar(), cacheDir: join(dir, 'java'), javac: join(dir, 'no-javac') }),
    ).rejects.toThrow(JavacNotFoundError);
    await expect(
      compiledLauncher({ ...dynamoDbLocalJar(), cacheDir: join(dir, 'java'), javac: join(dir, 'no-javac') }),
    ).rejects.toThrow(/default-jdk-headless/);
  });

  it("reports javac's errors and leaves no half-compiled launcher behind", async () => {
    // Prepare
    const source = join(dir, `${LAUNCHER_CLASS}.java`);
    writeFileSync(source, 'public final class LoopbackDynamoDbLocal { not java }');
    const cacheDir = join(dir, 'java');

    // Act / Assess
    await expect(compiledLauncher({ ...dynamoDbLocalJar(), cacheDir, source })).rejects.toThrow(
      /launcher .* failed \(javac exit 1\):\n.*error/s,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
