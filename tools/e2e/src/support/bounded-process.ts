import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** How a process ended, with everything it printed. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed because it ran past its time limit. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs a command to its end, or kills it (and whatever it started: its own process group) after
 * `timeoutMs`. Resolves with the exit either way, so a test can assert on a non-zero exit; rejects
 * only when the command cannot be started.
 *
 * @example
 * const packed = await runBounded('npm', ['pack', '--json'], { cwd, timeoutMs: 60_000 });
 * expect(packed).toMatchObject({ code: 0, timedOut: false });
 */
export function runBounded(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

/** Kills every process `runBounded` started that is still running (call it in afterAll). */
export function killStillRunning(): void {
  for (const child of running) killGroup(child);
  running.clear();
}
