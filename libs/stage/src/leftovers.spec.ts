import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetProcesses, killLeftovers, recordProcesses } from './leftovers';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function detachedSleeper(marker: string): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  await new Promise((resolve) => child.once('spawn', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

describe('leftovers', () => {
  let dir: string;
  let file: string;
  const started: number[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-leftovers-'));
    file = join(dir, 'processes.json');
  });

  afterEach(() => {
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(-pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

  it("kills the stage's processes left by a run whose owner is gone, and only those", async () => {
    // Prepare
    const ours = await detachedSleeper('serverless.js');
    const stranger = await detachedSleeper('something-else.js');
    started.push(ours, stranger);
    writeFileSync(
      file,
      JSON.stringify({
        ownerPid: deadPid(),
        processes: [
          { name: 'app', pid: ours },
          { name: 'other', pid: stranger },
        ],
      }),
    );

    // Act
    const killed = await killLeftovers(file);

    // Assess
    expect(killed).toEqual([{ name: 'app', pid: ours }]);
    expect(alive(ours)).toBe(false);
    expect(alive(stranger)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('leaves a live stage alone', async () => {
    // Prepare
    const ours = await detachedSleeper('serverless.js');
    started.push(ours);
    recordProcesses([{ name: 'app', pid: ours }], file);

    // Act
    const killed = await killLeftovers(file);

    // Assess
    expect(killed).toEqual([]);
    expect(alive(ours)).toBe(true);
    forgetProcesses(file);
    expect(existsSync(file)).toBe(false);
  });

  it('ignores a missing or malformed record', async () => {
    expect(await killLeftovers(file)).toEqual([]);
    writeFileSync(file, '{"ownerPid":"x"}');
    expect(await killLeftovers(file)).toEqual([]);
  });
});
