import type { ErrorCode, ServerMessage } from '@lingocast/contract';

/** An `error` the server answered an action with. */
export class LingoCastError extends Error {
  constructor(
    readonly code: ErrorCode | 'TIMEOUT' | 'NOT_CONNECTED' | 'HTTP_ERROR',
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'LingoCastError';
  }
}

interface Pending {
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Matches replies to the actions that asked for them, by `requestId`. */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  private readonly prefix = Math.random().toString(36).slice(2, 8);

  constructor(private readonly timeoutMs: number) {}

  /** A fresh request id. */
  nextId(): string {
    this.counter += 1;
    return `${this.prefix}-${this.counter}`;
  }

  /** Waits for the reply to `requestId`. */
  wait(requestId: string): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new LingoCastError('TIMEOUT', `no reply to request ${requestId} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
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
    clearTimeout(entry.timer);
    if (message.type === 'error')
      entry.reject(new LingoCastError(message.code, message.message, message.retryAfter));
    else entry.resolve(message);
    return true;
  }

  /** Fails every waiting request (the connection closed). */
  failAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new LingoCastError('NOT_CONNECTED', reason));
      this.pending.delete(id);
    }
  }
}
