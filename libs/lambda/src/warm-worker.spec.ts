import { WarmWorker } from './warm-worker';

/** A process that counts its tasks and can be made to die. */
class FakeProcess {
  alive = true;
  killed = false;
  tasks = 0;

  constructor(readonly id: number) {}

  kill(): void {
    this.killed = true;
    this.alive = false;
  }
}

function starter(): { start: () => FakeProcess; started: FakeProcess[] } {
  const started: FakeProcess[] = [];
  return {
    start: () => {
      const process = new FakeProcess(started.length + 1);
      started.push(process);
      return process;
    },
    started,
  };
}

describe('WarmWorker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts the process once and keeps it for the next tasks', async () => {
    // Prepare
    const { start, started } = starter();
    const warm = new WarmWorker(start);

    // Act
    const ids = [await warm.run(async (p) => p.id), await warm.run(async (p) => p.id)];

    // Assess
    expect(ids).toEqual([1, 1]);
    expect(started).toHaveLength(1);
  });

  it('runs tasks one at a time, in call order, even when an earlier one is slow', async () => {
    // Prepare
    const { start } = starter();
    const warm = new WarmWorker(start);
    const events: string[] = [];
    const task = (name: string, ms: number) => (_process: FakeProcess) =>
      new Promise<string>((resolve) => {
        events.push(`start ${name}`);
        setTimeout(() => {
          events.push(`end ${name}`);
          resolve(name);
        }, ms);
      });

    // Act
    const all = Promise.all([warm.run(task('a', 30)), warm.run(task('b', 10)), warm.run(task('c', 0))]);
    await jest.runAllTimersAsync();

    // Assess
    expect(await all).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('replaces a process that died, and a failed task does not stop the next one', async () => {
    // Prepare
    const { start, started } = starter();
    const warm = new WarmWorker(start);

    // Act
    const failed = warm.run(async (p) => {
      p.kill();
      throw new Error('crashed');
    });
    const next = warm.run(async (p) => p.id);

    // Assess
    await expect(failed).rejects.toThrow('crashed');
    await expect(next).resolves.toBe(2);
    expect(started).toHaveLength(2);
  });

  it('waits for an asynchronous start, and a failed start fails only its task', async () => {
    // Prepare
    let attempts = 0;
    const warm = new WarmWorker(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('could not start');
      return new FakeProcess(attempts);
    });

    // Act
    const first = warm.run(async (p) => p.id);
    const second = warm.run(async (p) => p.id);

    // Assess
    await expect(first).rejects.toThrow('could not start');
    await expect(second).resolves.toBe(2);
  });

  it('kills the process on close, and starts a new one for a later task', async () => {
    // Prepare
    const { start, started } = starter();
    const warm = new WarmWorker(start);
    await warm.run(async () => undefined);

    // Act
    warm.close();
    const id = await warm.run(async (p) => p.id);

    // Assess
    expect(started[0]?.killed).toBe(true);
    expect(id).toBe(2);
  });

  it('does nothing on close before any task', () => {
    const { start, started } = starter();

    new WarmWorker(start).close();

    expect(started).toHaveLength(0);
  });
});
