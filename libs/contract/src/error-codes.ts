/**
 * Every error the system reports to a client, over HTTP or WebSocket.
 * Clients switch on these; the message text is for people and may change.
 */
export const ERROR_CODES = [
  'INVALID_MESSAGE',
  'INVALID_ACTION',
  'INVALID_PARAMETERS',
  'UNSUPPORTED_LANGUAGE',
  'MESSAGE_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNAUTHORIZED_ACTION',
  'CONNECTION_NOT_REGISTERED',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'SESSION_NOT_ACTIVE',
  'SESSION_FULL',
  'SESSION_ID_EXHAUSTED',
  'RATE_LIMIT_EXCEEDED',
  'AUDIO_OUT_OF_ORDER',
  'TRANSCRIPTION_FAILED',
  'TRANSLATION_FAILED',
  'SYNTHESIS_FAILED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each code maps to when it is answered over the HTTP API. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_MESSAGE: 400,
  INVALID_ACTION: 400,
  INVALID_PARAMETERS: 400,
  UNSUPPORTED_LANGUAGE: 400,
  MESSAGE_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNAUTHORIZED_ACTION: 403,
  CONNECTION_NOT_REGISTERED: 410,
  SESSION_NOT_FOUND: 404,
  SESSION_ENDED: 410,
  SESSION_NOT_ACTIVE: 409,
  SESSION_FULL: 429,
  SESSION_ID_EXHAUSTED: 503,
  RATE_LIMIT_EXCEEDED: 429,
  AUDIO_OUT_OF_ORDER: 400,
  TRANSCRIPTION_FAILED: 502,
  TRANSLATION_FAILED: 502,
  SYNTHESIS_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** Type guard for codes arriving from the wire. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
