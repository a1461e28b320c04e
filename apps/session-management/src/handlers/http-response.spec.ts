import { DomainError } from '@lingocast/errors';
import { silentLogger } from '../testing/fakes';
import { bearerToken, errorResponse, fromError, json } from './http-response';

describe('http responses', () => {
  it('serialises JSON bodies with no-store caching', () => {
    // Act
    const response = json(200, { ok: true });

    // Assess
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{"ok":true}',
    });
  });

  it('maps a domain error code to its HTTP status and the contract error body', () => {
    // Act
    const response = errorResponse('SESSION_FULL', 'full', 'req-1');

    // Assess
    expect(response.statusCode).toBe(429);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'SESSION_FULL', message: 'full', requestId: 'req-1' },
    });
    expect(response.headers).not.toHaveProperty('retry-after');
  });

  it('adds Retry-After for rate limits', () => {
    // Act
    const response = fromError(
      new DomainError('RATE_LIMIT_EXCEEDED', 'slow down', { retryAfter: 30 }),
      'req-1',
      silentLogger,
    );

    // Assess
    expect(response.statusCode).toBe(429);
    expect(response.headers).toMatchObject({ 'retry-after': '30' });
    expect(JSON.parse(response.body ?? '')).toMatchObject({ error: { retryAfter: 30 } });
  });

  it('hides unexpected errors behind INTERNAL_ERROR', () => {
    // Act
    const response = fromError(new TypeError('cannot read secret of undefined'), 'req-1', silentLogger);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
  });

  it.each([
    [{ authorization: 'Bearer abc.def.ghi' }, 'abc.def.ghi'],
    [{ Authorization: 'bearer abc' }, 'abc'],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, undefined],
    [{ authorization: 'Bearer' }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ])('reads the bearer token from %j as %s', (headers, expected) => {
    // Act
    const token = bearerToken(headers);

    // Assess
    expect(token).toBe(expected);
  });
});
