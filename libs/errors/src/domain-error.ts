import { HTTP_STATUS_BY_CODE } from '@lingocast/contract';
import type { ErrorCode } from '@lingocast/contract';

export interface DomainErrorOptions {
  cause?: unknown;
  /** Seconds the caller should wait before retrying (rate limits). */
  retryAfter?: number;
  /** Structured facts about the failure, for logs; never shown to clients. */
  details?: Record<string, unknown>;
}

/**
 * Base of every error a use case raises on purpose. It carries a contract error code; only adapters
 * turn it into an HTTP status or a WebSocket `error` message.
 *
 * @example
 * throw new DomainError('SESSION_NOT_FOUND', `session ${id} does not exist`);
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly retryAfter: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }

  /** The HTTP status this error answers with. */
  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

/** Thrown when a rate limit is exceeded. */
export class RateLimitExceededError extends DomainError {
  constructor(limit: string, retryAfter: number) {
    super('RATE_LIMIT_EXCEEDED', `rate limit '${limit}' exceeded; retry after ${retryAfter} s`, {
      retryAfter,
      details: { limit },
    });
    this.name = 'RateLimitExceededError';
  }
}

/** Thrown when a session does not exist or has expired. */
export class SessionNotFoundError extends DomainError {
  constructor(sessionId: string) {
    super('SESSION_NOT_FOUND', `session '${sessionId}' does not exist`, { details: { sessionId } });
    this.name = 'SessionNotFoundError';
  }
}

/** Narrows an unknown thrown value to a DomainError. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * The code and client-safe message for any thrown value: a DomainError keeps its own,
 * anything else becomes INTERNAL_ERROR with no internals leaked.
 */
export function toPublicError(error: unknown): { code: ErrorCode; message: string; retryAfter?: number } {
  if (isDomainError(error)) {
    return error.retryAfter === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, retryAfter: error.retryAfter };
  }
  return { code: 'INTERNAL_ERROR', message: 'internal error; the request was not applied' };
}
