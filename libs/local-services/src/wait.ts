import { request } from 'node:http';
import { connect } from 'node:net';

/** Thrown by waitUntil when the condition did not hold in time. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Settles (rejects) to abort waiting, e.g. when the process exited. */
  abort?: Promise<never>;
}

/**
 * Polls `check` until it resolves true; rejects with WaitTimeoutError after `timeoutMs`.
 *
 * @example
 * await waitUntil(() => tcpAnswers(4200), { what: 'port 4200', timeoutMs: 90_000 });
 */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const poll = async (): Promise<void> => {
    while (!settled && !(await check().catch(() => false))) {
      if (Date.now() >= deadline) throw new WaitTimeoutError(options.what, options.timeoutMs);
      await new Promise((resolve) => {
        timer = setTimeout(resolve, interval);
      });
    }
  };
  try {
    await (options.abort ? Promise.race([poll(), options.abort]) : poll());
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

/**
 * True when a TCP connection to 127.0.0.1:`port` succeeds.
 *
 * @example
 * await tcpAnswers(8100); // true while DynamoDB Local runs
 */
export function tcpAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when an HTTP GET of `url` gets any response (any status).
 *
 * @example
 * await httpAnswers('http://127.0.0.1:4200/health');
 */
export function httpAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}
