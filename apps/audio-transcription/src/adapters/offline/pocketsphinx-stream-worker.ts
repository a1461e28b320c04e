import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Socket } from 'node:net';
import type { WarmProcess } from '@lingocast/lambda';
import {
  OPERATION_BYTES,
  POCKETSPHINX_STREAM_WORKER_SCRIPT,
  parseReply,
} from './pocketsphinx-stream-worker-script';
import type { StreamOperation, StreamWorkerReply } from './pocketsphinx-stream-worker-script';

/** The streaming worker failed: could not start, crashed, timed out, or refused a stream's request. */
export class PocketsphinxStreamError extends Error {
  /** `WorkerFailed`, `Timeout`, `TooManyStreams`, `DecoderFailed`, `UnsupportedLanguage`, `StreamEnded`, `Aborted`, … */
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    options: { code: string; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PocketsphinxStreamError';
    this.code = options.code;
    this.details = options.details ?? {};
  }
}

interface PendingReply {
  resolve: (reply: StreamWorkerReply) => void;
  reject: (error: PocketsphinxStreamError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One Python child serving many streams. Each stream's replies come back in the order of its requests, so
 * every stream id has its own queue of waiting requests; a timeout or crash fails every stream on it.
 */
export class PocketsphinxStreamWorker implements WarmProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, PendingReply[]>();
  private readonly readyWaiter: { resolve: () => void; reject: (error: PocketsphinxStreamError) => void };
  private isReady = false;
  private failed: PocketsphinxStreamError | undefined;
  private stdoutBuffer = '';
  private stderrTail = '';

  constructor(pythonPath: string, args: readonly string[]) {
    let waiter: PocketsphinxStreamWorker['readyWaiter'] | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    this.ready.catch(() => undefined); // abandoned when closed before anyone waited
    this.readyWaiter = waiter ?? { resolve: () => undefined, reject: () => undefined };
    this.child = spawn(pythonPath, ['-u', '-c', POCKETSPHINX_STREAM_WORKER_SCRIPT, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Lambda runtimes set LANG=en_US.UTF-8, which the machine may lack; C.UTF-8 always exists.
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin.on('error', () => undefined); // EPIPE after a crash; the exit handler reports it
    this.child.on('error', (error) => this.fail(`could not run ${pythonPath}`, 'WorkerFailed', error));
    this.child.on('exit', (code, signal) =>
      this.fail(`pocketsphinx stream worker exited (code ${code}, signal ${signal})`, 'WorkerFailed'),
    );
    // An idle warm worker must not keep Node alive; pending requests hold timers that do.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      if (stream instanceof Socket) stream.unref();
    }
  }

  get alive(): boolean {
    return this.failed === undefined;
  }

  /** Resolves once the model is loaded; kills the worker when that takes longer than `timeoutMs`. */
  async whenReady(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(this.error(`pocketsphinx model did not load within ${timeoutMs} ms`, 'Timeout'));
        this.kill();
      }, timeoutMs);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one request for stream `id` and waits for its reply; no reply within `timeoutMs` kills the worker. */
  request(
    operation: StreamOperation,
    id: number,
    pcm: Buffer,
    timeoutMs: number,
  ): Promise<StreamWorkerReply> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise<StreamWorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stalled decoder blocks every stream behind it: replace the whole worker.
        this.fail(`pocketsphinx did not answer ${operation} within ${timeoutMs} ms`, 'Timeout');
      }, timeoutMs);
      const queue = this.pending.get(id) ?? [];
      queue.push({ resolve, reject, timer });
      this.pending.set(id, queue);
      const header = Buffer.alloc(9);
      header.writeUInt8(OPERATION_BYTES[operation], 0);
      header.writeUInt32BE(id, 1);
      header.writeUInt32BE(pcm.length, 5);
      this.child.stdin.write(Buffer.concat([header, pcm]));
    });
  }

  kill(): void {
    this.fail('pocketsphinx stream worker was stopped', 'WorkerFailed');
  }

  private onStdout(chunk: string): void {
    this.stdoutBuffer += chunk;
    let newline = this.stdoutBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.stdoutBuffer.slice(0, newline);
      this.stdoutBuffer = this.stdoutBuffer.slice(newline + 1);
      this.onLine(line);
      newline = this.stdoutBuffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    const message = parseReply(line);
    if (message === undefined) {
      this.fail(`unreadable worker output: ${line.slice(0, 200)}`, 'WorkerFailed');
      return;
    }
    if (message.type === 'ready') {
      this.isReady = true;
      this.readyWaiter.resolve();
      return;
    }
    const waiting = this.pending.get(message.id)?.shift();
    if (waiting === undefined) {
      // An answer nobody asked for: the worker is out of step with us.
      this.fail(`unexpected ${message.type} for stream ${message.id}`, 'WorkerFailed');
      return;
    }
    clearTimeout(waiting.timer);
    if (message.type === 'error') {
      waiting.reject(this.error(`pocketsphinx refused: ${message.message}`, message.code, message.id));
    } else {
      waiting.resolve(message);
    }
  }

  private fail(message: string, code: string, cause?: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = this.error(message, code, undefined, cause);
    this.child.kill('SIGKILL');
    if (!this.isReady) this.readyWaiter.reject(this.failed);
    for (const queue of this.pending.values()) {
      for (const waiting of queue) {
        clearTimeout(waiting.timer);
        waiting.reject(this.failed);
      }
    }
    this.pending.clear();
  }

  private error(message: string, code: string, streamId?: number, cause?: unknown): PocketsphinxStreamError {
    return new PocketsphinxStreamError(message, {
      code,
      cause,
      details: { streamId, stderr: this.stderrTail.trim() || undefined, pid: this.child.pid },
    });
  }
}
