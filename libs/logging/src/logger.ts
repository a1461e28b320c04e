import { createHash } from 'node:crypto';
import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

/** Correlation ids attached to every log line of a request. Connection ids are hashed: they are bearer-like. */
export interface CorrelationIds {
  service?: string;
  requestId?: string;
  sessionId?: string;
  connectionId?: string;
  action?: string;
}

/**
 * A short, stable, non-reversible stand-in for a connection id (anyone holding a connection id
 * can post to it through the management API, so logs never carry it in clear).
 *
 * @example
 * hashId('L0SM9cOFvHcCIhw=') // 'c1a5…' (12 hex characters)
 */
export function hashId(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

const REDACTED_PATHS = [
  'token',
  'audio',
  'authorization',
  'headers.Authorization',
  'queryStringParameters.token',
  '*.token',
  '*.audio',
];

/**
 * Creates the root JSON logger for a service. Level from LOG_LEVEL (default `info`); `silent` in tests.
 *
 * @example
 * const logger = createLogger('session-management');
 * logger.info({ sessionId }, 'session created');
 */
export function createLogger(service: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}

/**
 * A child logger carrying the correlation ids of one request; the connection id is hashed.
 *
 * @example
 * const log = withCorrelation(logger, { requestId, sessionId, connectionId });
 */
export function withCorrelation(logger: Logger, ids: CorrelationIds): Logger {
  const bindings: Record<string, string> = {};
  if (ids.requestId) bindings['requestId'] = ids.requestId;
  if (ids.sessionId) bindings['sessionId'] = ids.sessionId;
  if (ids.connectionId) bindings['connection'] = hashId(ids.connectionId);
  if (ids.action) bindings['action'] = ids.action;
  return logger.child(bindings);
}
