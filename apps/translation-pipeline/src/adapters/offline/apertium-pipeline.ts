import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { WarmWorker } from '@lingocast/lambda';
import { OfflineEngineError, engineEnvironment } from './run-process';

/** What {@link ApertiumPipeline} needs of a running pipeline: a child process, or a fake in tests. */
export interface PipelineProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly pid?: number | undefined;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops the whole pipeline, every stage. */
  kill(): void;
}

/**
 * Runs a shell pipeline (`sh -c command sh ...args`) in its own process group, with `LANG=C.UTF-8` (Apertium
 * aborts on a locale the machine lacks, and serverless-offline sets `en_US.UTF-8`). `kill()` ends every stage.
 * An idle pipeline does not keep Node alive.
 */
export function spawnShellPipeline(command: string, args: readonly string[]): PipelineProcess {
  const child = spawn('sh', ['-c', command, 'sh', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: engineEnvironment(),
    detached: true, // its own process group, so a hung stage can be killed with the rest
  });
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    if (stream instanceof Socket) stream.unref();
  }
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    pid: child.pid,
    on: (event: 'exit' | 'error', listener: (...args: never[]) => void) =>
      child.on(event, listener as (...args: unknown[]) => void),
    kill: () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is already gone, or never formed
      }
    },
  };
}

export interface ApertiumPipelineOptions {
  /** For messages: the Apertium mode this pipeline runs. */
  name: string;
  /** Starts the process; called again for the next request after the process died, hung or misbehaved. */
  start: () => Promise<PipelineProcess>;
  /** Longest wait for one answer, the first one's model loading included. */
  timeoutMs: number;
}

/**
 * One long-lived Apertium pipeline in null-flush mode (every stage run with `-z`): a request is the text in
 * Apertium's stream format followed by a NUL, the answer everything the pipeline prints up to the next NUL.
 * Requests run one at a time in call order. A pipeline that exits, times out or prints something nobody asked
 * for is killed, its request fails, and the next request starts a fresh one.
 *
 * @example
 * const pipeline = new ApertiumPipeline({ name: 'eng-spa', start, timeoutMs: 10_000 });
 * await pipeline.translate('Good morning[][\n]'); // 'Buenos días[][\n]'
 */
export class ApertiumPipeline {
  private readonly warm: WarmWorker<RunningPipeline>;

  constructor(private readonly options: ApertiumPipelineOptions) {
    this.warm = new WarmWorker(async () => new RunningPipeline(options.name, await options.start()));
  }

  /** The pipeline's answer to one request (`input` must not contain a NUL). */
  translate(input: string): Promise<string> {
    if (input.includes('\u0000')) {
      return Promise.reject(new OfflineEngineError('a NUL inside the text would end the request early'));
    }
    return this.warm.run(async (running) => {
      try {
        return await running.request(input, this.options.timeoutMs);
      } catch (error) {
        running.kill(); // no longer alive: the next request starts a fresh one
        throw error;
      }
    });
  }

  /** Stops the process; a request in flight fails, a later one starts a new process. */
  close(): void {
    this.warm.close();
  }
}

interface PendingRequest {
  resolve: (answer: string) => void;
  reject: (error: Error) => void;
}

/** One started process and its NUL-framed protocol. */
class RunningPipeline {
  private pending: PendingRequest | undefined;
  private output: Buffer[] = [];
  private stderrTail = '';
  /** Exited, killed, or out of step: never used again. */
  private broken = false;
  private killed = false;

  constructor(
    private readonly name: string,
    private readonly process: PipelineProcess,
  ) {
    process.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    process.stdin.on('error', () => undefined); // EPIPE after a crash; the exit handler reports it
    process.on('error', (cause) => this.fail(this.failure(`could not start apertium ${name}`, { cause })));
    process.on('exit', (exitCode, signal) => {
      this.killed = true; // nothing left to kill; its process group id may be reused
      this.fail(
        this.failure(`apertium ${name} pipeline exited (exit code ${exitCode}, signal ${signal})`, {
          exitCode,
          signal,
        }),
      );
    });
  }

  get alive(): boolean {
    return !this.broken;
  }

  request(input: string, timeoutMs: number): Promise<string> {
    if (this.broken) return Promise.reject(this.failure(`apertium ${this.name} pipeline is gone`));
    if (this.pending !== undefined) {
      return Promise.reject(this.failure(`apertium ${this.name} pipeline is busy`));
    }
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(this.failure(`apertium ${this.name} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = {
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.process.stdin.write(`${input}\u0000`, 'utf8');
    });
  }

  kill(): void {
    if (!this.killed) {
      this.killed = true;
      this.process.kill();
    }
    this.fail(this.failure(`apertium ${this.name} pipeline was stopped`));
  }

  private onStdout(chunk: Buffer): void {
    let rest = chunk;
    let end = rest.indexOf(0);
    while (end >= 0) {
      this.output.push(rest.subarray(0, end));
      const answer = Buffer.concat(this.output).toString('utf8');
      this.output = [];
      rest = rest.subarray(end + 1);
      const pending = this.pending;
      this.pending = undefined;
      if (pending === undefined) {
        // An answer nobody waits for: the pipeline is out of step with its requests.
        this.fail(this.failure(`apertium ${this.name} printed output nobody asked for`));
        this.kill();
        return;
      }
      pending.resolve(answer);
      end = rest.indexOf(0);
    }
    if (rest.length > 0) this.output.push(rest);
  }

  /** Marks the process unusable and fails the request in flight, if any. */
  private fail(error: OfflineEngineError): void {
    this.broken = true;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private failure(
    message: string,
    extra: { cause?: unknown; exitCode?: number | null; signal?: string | null } = {},
  ): OfflineEngineError {
    const { cause, ...details } = extra;
    return new OfflineEngineError(message, {
      cause,
      details: {
        mode: this.name,
        pid: this.process.pid,
        ...details,
        stderr: this.stderrTail.trim().slice(-2000) || undefined,
      },
    });
  }
}
