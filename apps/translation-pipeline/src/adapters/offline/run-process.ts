import { spawn } from 'node:child_process';

/** A local speech or translation engine (apertium, espeak-ng, lame) failed, timed out or could not start. */
export class OfflineEngineError extends Error {
  readonly details: Record<string, unknown>;

  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OfflineEngineError';
    this.details = options.details ?? {};
  }
}

export interface RunProcessOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: Buffer | string;
  /** The child is killed and the call fails after this long. */
  timeoutMs: number;
}

export interface ProcessOutput {
  stdout: Buffer;
  stderr: string;
}

/**
 * The environment for an engine process. Lambda runtimes (and serverless-offline, imitating them)
 * set LANG=en_US.UTF-8, which Debian may not have installed: Apertium then aborts on the locale.
 * C.UTF-8 exists on every glibc system.
 */
export function engineEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}

/**
 * Runs a command without a shell, feeds it `input`, and collects its output. Fails with an
 * {@link OfflineEngineError} on a spawn error, a timeout, a signal or a non-zero exit status.
 *
 * @example
 * const { stdout } = await runProcess('apertium', ['-u', 'eng-spa'], { input: 'Hello', timeoutMs: 10_000 });
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessOutput> {
  return new Promise<ProcessOutput>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: engineEnvironment() });
    const stdout: Buffer[] = [];
    let stderr = '';
    let settled = false;
    const details = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      command,
      args,
      ...extra,
      stderr: stderr.trim().slice(-2000) || undefined,
    });
    const fail = (error: OfflineEngineError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };

    const timer = setTimeout(() => {
      fail(
        new OfflineEngineError(`${command} did not finish within ${options.timeoutMs} ms`, {
          details: details(),
        }),
      );
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (cause) =>
      fail(new OfflineEngineError(`could not run ${command}`, { cause, details: details() })),
    );
    child.on('close', (exitCode, signal) => {
      if (exitCode !== 0) {
        fail(
          new OfflineEngineError(`${command} failed (exit code ${exitCode}, signal ${signal})`, {
            details: details({ exitCode, signal }),
          }),
        );
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout), stderr });
    });
    // EPIPE when the child exits before reading everything; the close handler reports the real failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
