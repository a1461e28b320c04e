import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STAGE_DIR } from './paths';

/** `.stage/processes.json`: the process groups of the running `npm run dev`, for cleaning up after a crash. */
export const PROCESSES_FILE = join(STAGE_DIR, 'processes.json');

/** Command-line fragments that identify the stage's own processes (guards against reused pids). */
const OUR_COMMANDS = ['DynamoDBLocal.jar', 'serverless.js'];

interface ProcessesFile {
  ownerPid: number;
  processes: Array<{ name: string; pid: number }>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Records the stage's process groups, owned by this process.
 *
 * @example
 * recordProcesses(stage.processes());
 */
export function recordProcesses(
  processes: ReadonlyArray<{ name: string; pid: number }>,
  file: string = PROCESSES_FILE,
): void {
  const content: ProcessesFile = {
    ownerPid: process.pid,
    processes: processes.map(({ name, pid }) => ({ name, pid })),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** Forgets the recorded processes (after a clean stop). */
export function forgetProcesses(file: string = PROCESSES_FILE): void {
  rmSync(file, { force: true });
}

function readProcessesFile(file: string): ProcessesFile | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('ownerPid' in parsed) || !('processes' in parsed))
      return undefined;
    const { ownerPid, processes } = parsed;
    if (typeof ownerPid !== 'number' || !Array.isArray(processes)) return undefined;
    const valid = processes.filter(
      (entry): entry is { name: string; pid: number } =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.name === 'string' &&
        typeof entry.pid === 'number',
    );
    return { ownerPid, processes: valid };
  } catch {
    return undefined;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills the process groups a previous `npm run dev` left behind when it was killed without a chance
 * to stop them (its owner is gone, the processes still run our commands), and waits until they are
 * gone so their ports are free. Returns what was killed. Does nothing while the owner still runs:
 * that is a live stage, not leftovers.
 *
 * @example
 * const killed = await killLeftovers(); // [{ name: 'dynamodb', pid: 1234 }]
 */
export async function killLeftovers(
  file: string = PROCESSES_FILE,
  timeoutMs = 5_000,
): Promise<Array<{ name: string; pid: number }>> {
  const recorded = readProcessesFile(file);
  if (!recorded || alive(recorded.ownerPid)) return [];
  const killed = recorded.processes.filter(({ pid }) => {
    if (!alive(pid) || !OUR_COMMANDS.some((fragment) => commandLine(pid).includes(fragment))) return false;
    try {
      process.kill(-pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  });
  const deadline = Date.now() + timeoutMs;
  while (killed.some(({ pid }) => groupAlive(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  forgetProcesses(file);
  return killed;
}
