import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process in its own process group, its output captured to a log file. */
export interface ManagedProcess {
  readonly name: string;
  /** Process id, and id of its process group. */
  readonly pid: number;
  readonly logFile: string;
  /** Settles when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  isRunning(): boolean;
  /** The last `lines` lines of its output. */
  tail(lines?: number): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs` (at once if 0); resolves when the group is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  /** Short name used in messages and as the prefix of echoed lines. */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Called with every output line (e.g. to echo it with `--verbose`). */
  onLine?: (line: string) => void;
  /** Called as soon as the process runs, before the caller's await resolves (to stop it on Ctrl-C). */
  onSpawn?: (child: ManagedProcess) => void;
}

const KEPT_LINES = 200;
const DEFAULT_GRACE_MS = 5_000;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    // EPERM: the group exists but is not ours to signal; treat as alive so stop() escalates and reports.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Starts a process detached in its own process group, so stop() ends it and every child it spawned.
 * Rejects when the command cannot be started (e.g. ENOENT).
 *
 * @example
 * const java = await startProcess({ name: 'dynamodb', command: 'java', args: ['-version'], cwd: '.', env: process.env, logFile: '/tmp/ddb.log' });
 * await java.stop();
 */
export function startProcess(options: StartProcessOptions): Promise<ManagedProcess> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  // Opened synchronously: the file exists (for tails and messages) before the process can fail.
  const log = createWriteStream('', { fd: openSync(options.logFile, 'w') });
  log.on('error', () => undefined); // a log that cannot be written must not take the stage down
  const kept: string[] = [];
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const capture = (stream: Readable | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      log.write(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        kept.push(line);
        options.onLine?.(line);
      }
      if (kept.length > KEPT_LINES) kept.splice(0, kept.length - KEPT_LINES);
    });
  };
  capture(child.stdout);
  capture(child.stderr);

  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  child.once('close', () => log.end());

  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      log.end();
      reject(error);
    });
    child.once('spawn', () => {
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`${options.name}: no pid after spawn`));
        return;
      }
      let stopping: Promise<void> | undefined;
      const managed: ManagedProcess = {
        name: options.name,
        pid,
        logFile: options.logFile,
        exited,
        isRunning: () => exit === undefined,
        tail: (lines = 30) => kept.slice(-lines).join('\n'),
        stop: (graceMs = DEFAULT_GRACE_MS) => {
          stopping ??= (async () => {
            // The group can outlive its leader (e.g. esbuild's service process), so wait for the group.
            // graceMs 0 kills at once, with no chance to clean up (a crash, as tests of restarts need).
            signalGroup(pid, graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
            if (!(await waitUntilGone(pid, graceMs))) {
              signalGroup(pid, 'SIGKILL');
              await waitUntilGone(pid, 2_000);
            }
            await exited;
          })();
          return stopping;
        },
      };
      options.onSpawn?.(managed);
      resolve(managed);
    });
  });
}
