import pino from 'pino';
import { DomainError } from '@lingocast/errors';
import { logHandlerError } from './handler-errors';

/** A pino logger writing into an array, one parsed object per line. */
function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: pino({ level: 'info' }, destination), lines };
}

describe('logHandlerError', () => {
  it('logs a DomainError at info with its code and details, and gives its code and message', () => {
    // Prepare
    const { logger, lines } = capturingLogger();
    const error = new DomainError('SESSION_FULL', 'the session is full', {
      retryAfter: 30,
      details: { listeners: 500 },
    });

    // Act
    const publicError = logHandlerError(logger, error, 'connect failed');

    // Assess
    expect(publicError).toEqual({ code: 'SESSION_FULL', message: 'the session is full', retryAfter: 30 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      code: 'SESSION_FULL',
      details: { listeners: 500 },
      msg: 'the session is full',
    });
  });

  it('logs anything else at error with the error, and hides it behind INTERNAL_ERROR', () => {
    const { logger, lines } = capturingLogger();

    const publicError = logHandlerError(logger, new Error('socket hang up'), 'chunk ingestion failed');

    expect(publicError.code).toBe('INTERNAL_ERROR');
    expect(publicError.message).not.toContain('socket hang up');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'chunk ingestion failed' });
    expect(lines[0]?.['err']).toMatchObject({ message: 'socket hang up' });
  });
});
