import type { ClientErrorCode } from './requests';
import { LingoCastError } from './requests';

/** Where and how to reach a Cognito user pool's app client (one without a secret). */
export interface CognitoClientOptions {
  /** The user pool's region, e.g. `eu-west-1`. */
  region: string;
  /** The app client id (USER_PASSWORD_AUTH enabled, no client secret). */
  clientId: string;
  /** The Cognito IdP endpoint (default `https://cognito-idp.<region>.amazonaws.com/`). */
  endpoint?: string;
  fetch?: typeof fetch;
}

export interface SignInWithPasswordOptions extends CognitoClientOptions {
  username: string;
  password: string;
}

export interface CompleteNewPasswordOptions extends CognitoClientOptions {
  /** The username the challenge names (`NewPasswordRequiredError.username`). */
  username: string;
  newPassword: string;
  /** Cognito's `Session` from the challenge (`NewPasswordRequiredError.session`). */
  session: string;
}

/** What a successful sign-in gives. */
export interface CognitoTokens {
  /** What the LingoCast authorizer expects as the speaker's token. */
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Seconds the ID and access tokens are valid for. */
  expiresIn: number;
}

/**
 * Cognito refused a sign-in. `code` says what a person can do about it (`AUTH_WRONG_PASSWORD`,
 * `AUTH_UNKNOWN_USER`, `AUTH_FAILED`); `cognitoType` is Cognito's own exception name, when it gave one.
 */
export class CognitoAuthError extends LingoCastError {
  constructor(
    code: ClientErrorCode,
    message: string,
    readonly cognitoType?: string,
  ) {
    super(code, message);
    this.name = 'CognitoAuthError';
  }
}

/**
 * The user signed in with a temporary password and must choose a new one: pass `session` and
 * `username` to `completeNewPassword`.
 */
export class NewPasswordRequiredError extends CognitoAuthError {
  override readonly code = 'AUTH_NEW_PASSWORD_REQUIRED' as const;

  constructor(
    /** Cognito's challenge session (valid for a few minutes). */
    readonly session: string,
    /** The username to answer the challenge with (Cognito's, when the user signed in with an alias). */
    readonly username: string,
  ) {
    super('AUTH_NEW_PASSWORD_REQUIRED', 'a new password is required before signing in');
    this.name = 'NewPasswordRequiredError';
  }
}

type CognitoOperation = 'InitiateAuth' | 'RespondToAuthChallenge';

function endpointOf(options: CognitoClientOptions): string {
  return options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com/`;
}

function requireText(value: string, name: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw new LingoCastError('INVALID_PARAMETERS', `${name} is empty`);
}

/** Cognito names its exceptions `NotAuthorizedException` or `prefix#NotAuthorizedException`. */
function exceptionName(body: unknown, response: Response): string | undefined {
  const type = typeof body === 'object' && body !== null ? (body as { __type?: unknown }).__type : undefined;
  const raw = typeof type === 'string' ? type : (response.headers.get('x-amzn-errortype') ?? undefined);
  return raw?.split(':')[0]?.split('#').at(-1) || undefined;
}

function refusal(operation: CognitoOperation, status: number, body: unknown, type: string | undefined) {
  const detail =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  const said = typeof detail === 'string' && detail ? detail : undefined;
  if (type === 'UserNotFoundException')
    return new CognitoAuthError('AUTH_UNKNOWN_USER', said ?? 'no user with that username', type);
  // During a challenge answer, NotAuthorized means the challenge session expired, not a wrong password.
  if (type === 'NotAuthorizedException' && operation === 'InitiateAuth')
    return new CognitoAuthError('AUTH_WRONG_PASSWORD', said ?? 'wrong username or password', type);
  return new CognitoAuthError(
    'AUTH_FAILED',
    `Cognito ${operation} failed (HTTP ${status}${type ? `, ${type}` : ''})${said ? `: ${said}` : ''}`,
    type,
  );
}

function tokensOf(body: unknown): CognitoTokens | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const result = (body as { AuthenticationResult?: unknown }).AuthenticationResult;
  if (typeof result !== 'object' || result === null) return undefined;
  const { IdToken, AccessToken, RefreshToken, ExpiresIn } = result as Record<string, unknown>;
  if (typeof IdToken !== 'string' || typeof AccessToken !== 'string' || typeof ExpiresIn !== 'number')
    return undefined;
  return {
    idToken: IdToken,
    accessToken: AccessToken,
    expiresIn: ExpiresIn,
    ...(typeof RefreshToken === 'string' ? { refreshToken: RefreshToken } : {}),
  };
}

function challengeError(body: unknown, username: string): CognitoAuthError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { ChallengeName, Session, ChallengeParameters } = body as Record<string, unknown>;
  if (typeof ChallengeName !== 'string') return undefined;
  if (ChallengeName === 'NEW_PASSWORD_REQUIRED' && typeof Session === 'string') {
    const named =
      typeof ChallengeParameters === 'object' && ChallengeParameters !== null
        ? (ChallengeParameters as { USER_ID_FOR_SRP?: unknown }).USER_ID_FOR_SRP
        : undefined;
    return new NewPasswordRequiredError(Session, typeof named === 'string' && named ? named : username);
  }
  return new CognitoAuthError(
    'AUTH_FAILED',
    `Cognito asks for the ${ChallengeName} challenge, which this client does not answer`,
  );
}

/**
 * One Cognito IdP call over fetch (no AWS SDK), turning its answer into tokens or an error a
 * person can act on. Shared by the sign-in helpers and `cognitoPasswordTokenProvider`.
 */
export async function cognitoAuthCall(
  options: CognitoClientOptions,
  operation: CognitoOperation,
  request: Record<string, unknown>,
  username: string,
): Promise<CognitoTokens> {
  requireText(options.clientId, 'clientId');
  const endpoint = endpointOf(options);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify({ ClientId: options.clientId, ...request }),
    });
  } catch (error) {
    throw new LingoCastError('HTTP_ERROR', `could not reach Cognito at ${endpoint}`, undefined, {
      cause: error,
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw refusal(operation, response.status, body, exceptionName(body, response));
  const challenge = challengeError(body, username);
  if (challenge) throw challenge;
  const tokens = tokensOf(body);
  if (!tokens) throw new CognitoAuthError('AUTH_FAILED', `Cognito ${operation} answered no tokens`);
  return tokens;
}

/**
 * Signs in with a username and password (Cognito USER_PASSWORD_AUTH over fetch). Rejects with a
 * `CognitoAuthError` whose code is `AUTH_WRONG_PASSWORD`, `AUTH_UNKNOWN_USER` or `AUTH_FAILED`, or
 * with a `NewPasswordRequiredError` (`AUTH_NEW_PASSWORD_REQUIRED`) for a temporary password;
 * `HTTP_ERROR` when Cognito cannot be reached.
 *
 * @example
 * try {
 *   const { idToken } = await signInWithPassword({ region: 'eu-west-1', clientId, username, password });
 * } catch (error) {
 *   if (error instanceof NewPasswordRequiredError) askForNewPassword(error.session, error.username);
 * }
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<CognitoTokens> {
  requireText(options.username, 'username');
  requireText(options.password, 'password');
  return cognitoAuthCall(
    options,
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: options.username, PASSWORD: options.password },
    },
    options.username,
  );
}

/**
 * Answers Cognito's NEW_PASSWORD_REQUIRED challenge (RespondToAuthChallenge) and signs in. A password
 * the pool's policy refuses rejects with `AUTH_FAILED` and `cognitoType: 'InvalidPasswordException'`
 * (Cognito's message says what is missing); an expired challenge session with `AUTH_FAILED` and
 * `cognitoType: 'NotAuthorizedException'` (sign in again).
 *
 * @example
 * const tokens = await completeNewPassword({ region, clientId, username: error.username, newPassword, session: error.session });
 */
export async function completeNewPassword(options: CompleteNewPasswordOptions): Promise<CognitoTokens> {
  requireText(options.username, 'username');
  requireText(options.newPassword, 'newPassword');
  requireText(options.session, 'session');
  return cognitoAuthCall(
    options,
    'RespondToAuthChallenge',
    {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: options.session,
      ChallengeResponses: { USERNAME: options.username, NEW_PASSWORD: options.newPassword },
    },
    options.username,
  );
}
