/** Rejects with `<what>: not done within <ms> ms` unless `promise` settles first; the timer never outlives it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs `task` for 0…count-1, at most `concurrency` at a time; results in index order. */
export async function bounded<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < count) {
      const i = nextIndex;
      nextIndex += 1;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops `stage` and exits when the bench is interrupted (Ctrl-C, `kill`): its `finally` would not
 * run, and the stage's processes (DynamoDB Local, serverless-offline, the engines) would be left behind.
 *
 * @example
 * const stage = await startStage({ ports: await freePorts() });
 * stopOnInterrupt(stage);
 */
export function stopOnInterrupt(stage: { stop(): Promise<void> }): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the stage`);
      void stage.stop().finally(() => process.exit(130));
    });
  }
}
