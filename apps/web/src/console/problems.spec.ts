import { errorCode, problemKey, retryAfterOf, signInErrorOf } from './problems';

describe('problem messages', () => {
  it('gives known codes their own message and every other code the general one', () => {
    expect(problemKey({ code: 'RATE_LIMIT_EXCEEDED', during: 'create' })).toBe('problem.RATE_LIMIT_EXCEEDED');
    expect(problemKey({ code: 'SOMETHING_NEW', during: 'audio' })).toBe('problem.unknown');
  });

  it('reads the code of library errors, failed fetches and anything else', () => {
    expect(errorCode({ code: 'SESSION_ENDED', message: 'x' })).toBe('SESSION_ENDED');
    expect(errorCode(new TypeError('Failed to fetch'))).toBe('NETWORK');
    expect(errorCode(new Error('boom'))).toBe('UNKNOWN');
    expect(errorCode({ code: '' })).toBe('UNKNOWN');
    expect(errorCode(undefined)).toBe('UNKNOWN');
  });

  it('reads how long to wait from a rate-limit error', () => {
    expect(retryAfterOf({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3 })).toBe(3);
    expect(retryAfterOf({ retryAfter: 0 })).toBeUndefined();
    expect(retryAfterOf(null)).toBeUndefined();
  });

  it('maps Cognito refusals to what the sign-in form says', () => {
    expect(signInErrorOf({ code: 'AUTH_WRONG_PASSWORD' })).toBe('wrong-password');
    expect(signInErrorOf({ code: 'AUTH_UNKNOWN_USER' })).toBe('unknown-user');
    expect(signInErrorOf(new TypeError('Failed to fetch'))).toBe('unreachable');
    expect(signInErrorOf(new Error('?'))).toBe('unknown');
    expect(signInErrorOf({ code: 'AUTH_FAILED', cognitoType: 'InvalidPasswordException' }, true)).toBe(
      'password-rejected',
    );
    expect(signInErrorOf({ code: 'AUTH_FAILED', cognitoType: 'NotAuthorizedException' }, true)).toBe(
      'challenge-expired',
    );
    expect(signInErrorOf({ code: 'AUTH_FAILED', cognitoType: 'NotAuthorizedException' })).toBe('unknown');
  });
});
