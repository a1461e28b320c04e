import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './managed-process';
import { waitUntil } from './wait';

function groupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('startProcess', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-process-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const node = (name: string, script: string, onLine?: (line: string) => void) =>
    startProcess({
      name,
      command: process.execPath,
      args: ['-e', script],
      cwd: dir,
      env: process.env,
      logFile: join(dir, 'logs', `${name}.log`),
      ...(onLine ? { onLine } : {}),
    });

  it('captures output to its log file, its tail, and the line callback', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const child = await node(
      'talker',
      "console.log('one'); console.error('two'); console.log('three')",
      (line) => lines.push(line),
    );
    const exit = await child.exited;
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assess
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.isRunning()).toBe(false);
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
    expect(child.tail(1)).toMatch(/one|two|three/);
    expect(readFileSync(child.logFile, 'utf8')).toContain('three');
  });

  it('stops the whole process group, grandchildren included', async () => {
    // Prepare
    const child = await node(
      'parent',
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('ready'); setInterval(() => {}, 1000)",
    );
    await waitUntil(async () => child.tail().includes('ready'), {
      what: 'ready',
      timeoutMs: 5_000,
      intervalMs: 20,
    });

    // Act
    await child.stop();

    // Assess
    expect(groupGone(child.pid)).toBe(true);
    expect((await child.exited).signal).toBe('SIGTERM');
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    // Prepare
    const child = await node(
      'stubborn',
      "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
    );
    await waitUntil(async () => child.tail().includes('ready'), {
      what: 'ready',
      timeoutMs: 5_000,
      intervalMs: 20,
    });

    // Act
    const stopping = [child.stop(200), child.stop(200)];
    await Promise.all(stopping);

    // Assess
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(groupGone(child.pid)).toBe(true);
  });

  it('rejects when the command does not exist', async () => {
    await expect(
      startProcess({
        name: 'ghost',
        command: join(dir, 'no-such-command'),
        args: [],
        cwd: dir,
        env: process.env,
        logFile: join(dir, 'ghost.log'),
      }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
