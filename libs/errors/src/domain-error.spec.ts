import {
  DomainError,
  RateLimitExceededError,
  SessionNotFoundError,
  isDomainError,
  toPublicError,
} from './domain-error';

describe('DomainError', () => {
  it('carries its code, message, cause and details', () => {
    // Prepare
    const cause = new Error('conditional check failed');

    // Act
    const error = new DomainError('SESSION_FULL', 'session is full', {
      cause,
      details: { listenerCount: 500 },
    });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('SESSION_FULL');
    expect(error.message).toBe('session is full');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ listenerCount: 500 });
    expect(error.retryAfter).toBeUndefined();
  });

  it('has no cause when none is given', () => {
    // Act
    const error = new DomainError('FORBIDDEN', 'not your session');

    // Assess
    expect('cause' in error).toBe(false);
    expect(error.details).toBeUndefined();
  });

  it.each([
    ['SESSION_NOT_FOUND', 404],
    ['UNAUTHORIZED_ACTION', 403],
    ['SESSION_FULL', 429],
    ['SERVICE_UNAVAILABLE', 503],
  ] as const)('answers %s over HTTP with %d', (code, status) => {
    // Act
    const error = new DomainError(code, 'x');

    // Assess
    expect(error.httpStatus).toBe(status);
  });
});

describe('RateLimitExceededError', () => {
  it('tells the client when to retry and names the limit for logs', () => {
    // Act
    const error = new RateLimitExceededError('listenerJoinsPerIp', 42);

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('RateLimitExceededError');
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.retryAfter).toBe(42);
    expect(error.details).toEqual({ limit: 'listenerJoinsPerIp' });
    expect(error.httpStatus).toBe(429);
    expect(error.message).toContain('retry after 42 s');
  });
});

describe('SessionNotFoundError', () => {
  it('names the session it could not find', () => {
    // Act
    const error = new SessionNotFoundError('golden-eagle-427');

    // Assess
    expect(error.name).toBe('SessionNotFoundError');
    expect(error.code).toBe('SESSION_NOT_FOUND');
    expect(error.message).toBe("session 'golden-eagle-427' does not exist");
    expect(error.details).toEqual({ sessionId: 'golden-eagle-427' });
  });
});

describe('isDomainError', () => {
  it('recognises domain errors and their subclasses only', () => {
    // Act
    const verdicts = [
      isDomainError(new DomainError('FORBIDDEN', 'x')),
      isDomainError(new SessionNotFoundError('a-b-123')),
      isDomainError(new Error('x')),
      isDomainError({ code: 'FORBIDDEN', message: 'x' }),
      isDomainError(undefined),
    ];

    // Assess
    expect(verdicts).toEqual([true, true, false, false, false]);
  });
});

describe('toPublicError', () => {
  it('keeps the code and message of a domain error', () => {
    // Act
    const body = toPublicError(new DomainError('SESSION_NOT_ACTIVE', 'session has ended'));

    // Assess
    expect(body).toEqual({ code: 'SESSION_NOT_ACTIVE', message: 'session has ended' });
  });

  it('passes retryAfter on for rate limits', () => {
    // Act
    const body = toPublicError(new RateLimitExceededError('sessionCreationsPerUser', 3600));

    // Assess
    expect(body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3600 });
  });

  it.each([
    ['an Error', new Error('ECONNREFUSED 10.0.0.7:8000 password=hunter2')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('answers INTERNAL_ERROR for %s without leaking its text', (_what, thrown) => {
    // Act
    const body = toPublicError(thrown);

    // Assess
    expect(body).toEqual({ code: 'INTERNAL_ERROR', message: 'internal error; the request was not applied' });
  });
});
