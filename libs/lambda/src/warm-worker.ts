/** A long-lived process a {@link WarmWorker} keeps: it knows whether it can still answer and how to stop. */
export interface WarmProcess {
  /** False once it exited, was killed or fell out of step: it is replaced before the next task. */
  readonly alive: boolean;
  kill(): void;
}

/**
 * Keeps one warm process (a model loaded once, a pipeline started once) and runs tasks on it one at a
 * time in call order. A process that is no longer alive is replaced by `start()` when the next task
 * runs; a failed task does not stop the ones queued after it.
 *
 * @example
 * const warm = new WarmWorker(() => new PocketsphinxProcess(pythonPath));
 * const text = await warm.run((process) => process.decode(pcm));
 * warm.close();
 */
export class WarmWorker<P extends WarmProcess> {
  private process: P | undefined;
  private queueTail: Promise<unknown> = Promise.resolve();

  constructor(private readonly start: () => P | Promise<P>) {}

  /** Runs `task` with a live process once every earlier task has settled. */
  run<T>(task: (process: P) => Promise<T>): Promise<T> {
    const run = this.queueTail.then(async () => task(await this.ready()));
    this.queueTail = run.catch(() => undefined);
    return run;
  }

  /** Stops the process; a task in flight sees it die, a later one starts a new process. */
  close(): void {
    this.process?.kill();
    this.process = undefined;
  }

  private async ready(): Promise<P> {
    if (this.process === undefined || !this.process.alive) this.process = await this.start();
    return this.process;
  }
}
