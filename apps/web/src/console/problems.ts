// Which message each error code gets: a catalog key whose text says what happened and what to do.
import type { Problem } from './session';
import type { SignInErrorKind } from './sign-in';

const KNOWN_CODES = new Set([
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNSUPPORTED_LANGUAGE',
  'INVALID_PARAMETERS',
  'RATE_LIMIT_EXCEEDED',
  'SESSION_ID_EXHAUSTED',
  'SERVICE_UNAVAILABLE',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'SESSION_NOT_ACTIVE',
  'TIMEOUT',
  'NOT_CONNECTED',
  'NETWORK',
  'QUEUE_FULL',
  'TRANSCRIPTION_FAILED',
]);

/**
 * The catalog key for a problem: `problem.<CODE>`, or `problem.unknown` for codes without their own text.
 *
 * @example
 * problemKey({ code: 'RATE_LIMIT_EXCEEDED', during: 'create' }); // 'problem.RATE_LIMIT_EXCEEDED'
 */
export function problemKey(problem: Problem): string {
  return KNOWN_CODES.has(problem.code) ? `problem.${problem.code}` : 'problem.unknown';
}

/**
 * The code of anything thrown by the client library or fetch: a LingoCastError's code, `NETWORK` for a
 * failed fetch (TypeError), else `UNKNOWN`.
 *
 * @example
 * errorCode(new TypeError('Failed to fetch')); // 'NETWORK'
 */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  if (error instanceof TypeError) return 'NETWORK';
  return 'UNKNOWN';
}

/** Seconds to wait that an error names (rate limits), if any. */
export function retryAfterOf(error: unknown): number | undefined {
  const value =
    typeof error === 'object' && error !== null ? (error as { retryAfter?: unknown }).retryAfter : undefined;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

const SIGN_IN_ERRORS: Record<string, SignInErrorKind> = {
  AUTH_WRONG_PASSWORD: 'wrong-password',
  AUTH_UNKNOWN_USER: 'unknown-user',
  AUTH_NAME_REJECTED: 'name-rejected',
  NETWORK: 'unreachable',
  HTTP_ERROR: 'unreachable',
};

/** Cognito's own exception names that need their own message (CognitoAuthError.cognitoType). */
const COGNITO_TYPES: Record<string, SignInErrorKind> = {
  InvalidPasswordException: 'password-rejected',
  InvalidParameterException: 'password-rejected',
};

/**
 * What a failed sign-in means for the form. While answering the new-password challenge, a
 * NotAuthorizedException means the challenge expired (sign in again).
 *
 * @example
 * signInErrorOf({ code: 'AUTH_WRONG_PASSWORD' }); // 'wrong-password'
 */
export function signInErrorOf(error: unknown, answeringChallenge = false): SignInErrorKind {
  const cognitoType =
    typeof error === 'object' && error !== null
      ? (error as { cognitoType?: unknown }).cognitoType
      : undefined;
  if (typeof cognitoType === 'string') {
    if (answeringChallenge && cognitoType === 'NotAuthorizedException') return 'challenge-expired';
    const kind = COGNITO_TYPES[cognitoType];
    if (kind) return kind;
  }
  return SIGN_IN_ERRORS[errorCode(error)] ?? 'unknown';
}
