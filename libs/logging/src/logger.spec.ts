import { createLogger, hashId, withCorrelation } from './logger';

/**
 * Captures what the logger writes. pino writes to process.stdout itself when its `write` has
 * been replaced, so the spy sees every line.
 */
function captureStdout(): { lines: () => Array<Record<string, unknown>>; restore: () => void } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

describe('hashId', () => {
  it('gives 12 hex characters, the same for the same id', () => {
    // Act
    const first = hashId('L0SM9cOFvHcCIhw=');
    const again = hashId('L0SM9cOFvHcCIhw=');

    // Assess
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(again).toBe(first);
  });

  it('gives different ids different hashes and never the id itself', () => {
    // Act
    const hashes = ['L0SM9cOFvHcCIhw=', 'L0SM9cOFvHcCIhx=', 'abc'].map(hashId);

    // Assess
    expect(new Set(hashes).size).toBe(3);
    expect(hashes).not.toContain('abc');
  });
});

describe('createLogger', () => {
  let stdout: ReturnType<typeof captureStdout>;

  beforeEach(() => {
    stdout = captureStdout();
  });

  afterEach(() => {
    stdout.restore();
  });

  it('writes one JSON line with the service, a level label, an ISO time and the message', () => {
    // Prepare
    const logger = createLogger('session-management', 'info');

    // Act
    logger.info({ sessionId: 'golden-eagle-427' }, 'session created');

    // Assess
    const [line] = stdout.lines();
    expect(line).toMatchObject({
      service: 'session-management',
      level: 'info',
      sessionId: 'golden-eagle-427',
      message: 'session created',
    });
    expect(new Date(String(line?.['time'])).toISOString()).toBe(line?.['time']);
  });

  it('redacts tokens and audio wherever handlers tend to log them', () => {
    // Prepare
    const logger = createLogger('session-management', 'info');

    // Act
    logger.info(
      {
        token: 'eyJhbGciOiJSUzI1NiJ9.secret',
        authorization: 'Bearer secret',
        headers: { Authorization: 'Bearer secret' },
        queryStringParameters: { token: 'secret', sessionId: 'golden-eagle-427' },
        body: { audio: 'UklGRiQAAABXQVZF' },
      },
      'connect',
    );

    // Assess
    const [line] = stdout.lines();
    expect(JSON.stringify(line)).not.toContain('secret');
    expect(JSON.stringify(line)).not.toContain('UklGRiQAAABXQVZF');
    expect(line).toMatchObject({
      token: '[redacted]',
      authorization: '[redacted]',
      headers: { Authorization: '[redacted]' },
      queryStringParameters: { token: '[redacted]', sessionId: 'golden-eagle-427' },
      body: { audio: '[redacted]' },
    });
  });

  it('drops lines below its level', () => {
    // Prepare
    const logger = createLogger('translation-pipeline', 'warn');

    // Act
    logger.info('not interesting');
    logger.warn('interesting');

    // Assess
    expect(stdout.lines().map((line) => line['message'])).toEqual(['interesting']);
  });

  describe('level from the environment', () => {
    const saved = process.env['LOG_LEVEL'];

    afterEach(() => {
      if (saved === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = saved;
    });

    it('takes LOG_LEVEL when no level is given', () => {
      // Prepare
      process.env['LOG_LEVEL'] = 'silent';

      // Act
      const logger = createLogger('audio-transcription');

      // Assess
      expect(logger.level).toBe('silent');
    });

    it('logs at info when LOG_LEVEL is not set', () => {
      // Prepare
      delete process.env['LOG_LEVEL'];

      // Act
      const logger = createLogger('audio-transcription');

      // Assess
      expect(logger.level).toBe('info');
    });
  });
});

describe('withCorrelation', () => {
  let stdout: ReturnType<typeof captureStdout>;

  beforeEach(() => {
    stdout = captureStdout();
  });

  afterEach(() => {
    stdout.restore();
  });

  it('adds the request, session and action, and the connection only as a hash', () => {
    // Prepare
    const logger = createLogger('session-management', 'info');

    // Act
    withCorrelation(logger, {
      requestId: 'req-1',
      sessionId: 'golden-eagle-427',
      connectionId: 'L0SM9cOFvHcCIhw=',
      action: 'joinSession',
    }).info('joined');

    // Assess
    const [line] = stdout.lines();
    expect(line).toMatchObject({
      requestId: 'req-1',
      sessionId: 'golden-eagle-427',
      connection: hashId('L0SM9cOFvHcCIhw='),
      action: 'joinSession',
    });
    expect(JSON.stringify(line)).not.toContain('L0SM9cOFvHcCIhw=');
  });

  it('adds only the ids it was given', () => {
    // Prepare
    const logger = createLogger('session-management', 'info');

    // Act
    withCorrelation(logger, { requestId: 'req-2' }).info('health');

    // Assess
    const [line] = stdout.lines();
    expect(line).toMatchObject({ requestId: 'req-2' });
    expect(line).not.toHaveProperty('sessionId');
    expect(line).not.toHaveProperty('connection');
    expect(line).not.toHaveProperty('action');
  });
});
