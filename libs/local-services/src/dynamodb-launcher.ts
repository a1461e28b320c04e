import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { StageError } from './errors';

/** The launcher's class: DynamoDB Local's own server, with its connector bound to one address. */
export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/** Its source, compiled once per source and jar into `.stage/java/<hash>/`. */
export const LAUNCHER_SOURCE = resolve(__dirname, '..', 'java', `${LAUNCHER_CLASS}.java`);

/** Where compiled launchers are kept: the repository's `.stage/java` (git-ignored), shared by the stage and the specs. */
export const LAUNCHER_CACHE_DIR = resolve(__dirname, '..', '..', '..', '.stage', 'java');

/** javac is missing: the launcher needs a JDK, not only a JRE. */
export class JavacNotFoundError extends StageError {
  constructor(options?: { cause?: unknown }) {
    super(
      'javac not found: the stage compiles a small launcher that keeps DynamoDB Local on 127.0.0.1, and ' +
        'needs a JDK (11 or newer). Run `npm run setup`, or `apt-get install -y default-jdk-headless`.',
      options,
    );
    this.name = 'JavacNotFoundError';
  }
}

/** The class path DynamoDB Local runs with: its jar and every library next to it. */
export function dynamoDbClassPath(jar: string, libraryPath: string): string {
  return [jar, join(libraryPath, '*')].join(delimiter);
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/**
 * The folder holding the compiled launcher, compiling it with javac when this source and jar have
 * not been compiled yet (≈ 1 s, once). Two stages starting at once each compile into a temporary
 * folder and rename it into place, so neither sees a half-written class.
 *
 * @example
 * const classDir = await compiledLauncher(dynamoDbLocalJar());
 * // java -cp <classDir>:<jar>:<lib>/* LoopbackDynamoDbLocal 127.0.0.1 -inMemory -port 8100
 */
export async function compiledLauncher(options: {
  jar: string;
  libraryPath: string;
  /** Default `.stage/java`. */
  cacheDir?: string;
  /** Default `javac` from PATH. */
  javac?: string;
  source?: string;
}): Promise<string> {
  const source = options.source ?? LAUNCHER_SOURCE;
  const cacheDir = options.cacheDir ?? LAUNCHER_CACHE_DIR;
  const jarStat = statSync(options.jar);
  const key = createHash('sha256')
    .update(readFileSync(source))
    .update(`\0${options.jar}\0${jarStat.size}\0${jarStat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const classDir = join(cacheDir, key);
  if (existsSync(join(classDir, `${LAUNCHER_CLASS}.class`))) return classDir;

  mkdirSync(cacheDir, { recursive: true });
  const building = mkdtempSync(join(cacheDir, `.${key}-`));
  try {
    const classPath = dynamoDbClassPath(options.jar, options.libraryPath);
    let result: { code: number | null; output: string };
    try {
      result = await run(options.javac ?? 'javac', [
        '--release',
        '11',
        '-cp',
        classPath,
        '-d',
        building,
        source,
      ]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new JavacNotFoundError({ cause: error });
      throw new StageError(`cannot run javac: ${String(error)}`, { cause: error });
    }
    if (result.code !== 0) {
      throw new StageError(
        `compiling the DynamoDB Local launcher (${source}) failed (javac exit ${result.code}):\n${result.output.trim()}`,
      );
    }
    try {
      renameSync(building, classDir);
    } catch (error) {
      // Another stage compiled the same launcher first: use theirs.
      if (!existsSync(join(classDir, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return classDir;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}
