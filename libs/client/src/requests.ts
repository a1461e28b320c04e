import type { ErrorCode, ServerMessage } from '@lingocast/contract';
import type { TimerHandle, Timers } from './timers';
import { systemTimers } from './timers';

/** Codes the client itself produces, besides the server's. */
export type ClientErrorCode =
  | 'TIMEOUT'
  | 'NOT_CONNECTED'
  | 'HTTP_ERROR'
  | 'QUEUE_FULL'
  | 'AUTH_FAILED'
  | 'AUTH_WRONG_PASSWORD'
  | 'AUTH_UNKNOWN_USER'
  | 'AUTH_NEW_PASSWORD_REQUIRED'
  | 'INVALID_RESPONSE';

/** An `error` the server answered an action with, or a failure of the client itself. */
export class LingoCastError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly retryAfter?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LingoCastError';
  }
}

interface Pending {
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

/** Matches replies to the actions that asked for them, by `requestId`. Holds at most `maxPending`. */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  private readonly prefix = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly timeoutMs: number,
    private readonly timers: Timers = systemTimers,
    private readonly maxPending = 256,
  ) {}

  /** A fresh request id. */
  nextId(): string {
    this.counter += 1;
    return `${this.prefix}-${this.counter}`;
  }

  /** Waits for the reply to `requestId`. */
  wait(requestId: string): Promise<ServerMessage> {
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(
        new LingoCastError('QUEUE_FULL', `${this.maxPending} requests are already waiting for replies`),
      );
    }
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(requestId);
        reject(new LingoCastError('TIMEOUT', `no reply to request ${requestId} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
    });
  }

  /** Settles the request a message answers; true when it answered one. */
  settle(message: ServerMessage): boolean {
    const id = message.requestId;
    if (!id) return false;
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    this.timers.clearTimeout(entry.timer);
    if (message.type === 'error')
      entry.reject(new LingoCastError(message.code, message.message, message.retryAfter));
    else entry.resolve(message);
    return true;
  }

  /** Fails one waiting request (it could not be sent). */
  fail(requestId: string, error: LingoCastError): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    this.timers.clearTimeout(entry.timer);
    entry.reject(error);
  }

  /** Fails every waiting request (the connection closed). */
  failAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      this.timers.clearTimeout(entry.timer);
      entry.reject(new LingoCastError('NOT_CONNECTED', reason));
      this.pending.delete(id);
    }
  }
}
