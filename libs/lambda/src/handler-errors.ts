import { isDomainError, toPublicError } from '@lingocast/errors';
import type { Logger } from '@lingocast/logging';

/** The code and client-safe message a caller is told. */
export type PublicError = ReturnType<typeof toPublicError>;

/**
 * Logs what a handler caught and gives what the caller may be told: a DomainError is expected (a refusal,
 * logged at info with its code and details), anything else is a fault (logged at error with the error).
 *
 * @example
 * catch (error) {
 *   const publicError = logHandlerError(log, error, 'chunk ingestion failed');
 *   return { ok: false, code: publicError.code, message: publicError.message };
 * }
 */
export function logHandlerError(log: Logger, error: unknown, unexpectedMessage: string): PublicError {
  if (isDomainError(error)) log.info({ code: error.code, details: error.details }, error.message);
  else log.error({ err: error }, unexpectedMessage);
  return toPublicError(error);
}
