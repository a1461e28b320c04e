import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { PipelineProcess } from '../apertium-pipeline';

/** How a fake pipeline answers one NUL-terminated request: it may write to stdout now, later, or never. */
export type FakeBehaviour = (request: string, process: FakePipelineProcess) => void;

/**
 * An in-memory stand-in for a null-flush pipeline: reads NUL-terminated requests from stdin, hands each to
 * `behaviour`, records what it was asked, and "exits" when killed or told to crash.
 */
export class FakePipelineProcess extends EventEmitter implements PipelineProcess {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly pid: number;
  readonly requests: string[] = [];
  killed = false;
  exited = false;
  private buffered = '';

  constructor(
    pid: number,
    private readonly behaviour: FakeBehaviour,
  ) {
    super();
    this.pid = pid;
    this.stdin.setEncoding('utf8');
    this.stdin.on('data', (chunk: string) => {
      this.buffered += chunk;
      let end = this.buffered.indexOf('\u0000');
      while (end >= 0) {
        const request = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 1);
        this.requests.push(request);
        this.behaviour(request, this);
        end = this.buffered.indexOf('\u0000');
      }
    });
  }

  /** Answers with `text` and the NUL that ends an answer. */
  answer(text: string): void {
    if (!this.exited) this.stdout.write(Buffer.from(`${text}\u0000`, 'utf8'));
  }

  /** Dies on its own, as a crashed stage would. */
  crash(exitCode = 1, stderr = ''): void {
    if (stderr) this.stderr.write(stderr);
    setImmediate(() => this.exit(exitCode, null));
  }

  kill(): void {
    this.killed = true;
    setImmediate(() => this.exit(null, 'SIGKILL'));
  }

  private exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
  }
}

/** A `start` function for {@link ApertiumPipeline} that makes fake processes and remembers them. */
export function fakeStarter(behaviour: FakeBehaviour): {
  start: () => Promise<FakePipelineProcess>;
  started: FakePipelineProcess[];
} {
  const started: FakePipelineProcess[] = [];
  return {
    started,
    start: () => {
      const process = new FakePipelineProcess(1000 + started.length, behaviour);
      started.push(process);
      return Promise.resolve(process);
    },
  };
}
