import { LingoCastError } from './requests';
import type { Timers } from './timers';
import { systemTimers } from './timers';

/**
 * Gives the speaker's token (a Cognito ID or access token). Called before every HTTP request and
 * every (re)connect, so it may refresh; a plain function is a provider.
 *
 * @example
 * const provider: TokenProvider = () => localStorage.getItem('idToken') ?? '';
 */
export type TokenProvider = () => Promise<string> | string;

export interface CognitoPasswordOptions {
  /** The user pool's region, e.g. `eu-west-1`. */
  region: string;
  /** The app client id (an app client without a secret, with USER_PASSWORD_AUTH enabled). */
  clientId: string;
  username: string;
  password: string;
  /** Which token to hand out (default `id`, what the LingoCast authorizer expects). */
  token?: 'id' | 'access';
  /** Refresh this long before the token expires (default 60 000 ms). */
  refreshMarginMs?: number;
  /** The Cognito IdP endpoint (default `https://cognito-idp.<region>.amazonaws.com/`). */
  endpoint?: string;
  fetch?: typeof fetch;
  timers?: Pick<Timers, 'now'>;
}

interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

function authenticationResult(body: unknown): AuthenticationResult | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const result = (body as { AuthenticationResult?: unknown }).AuthenticationResult;
  if (typeof result !== 'object' || result === null) return undefined;
  const { IdToken, AccessToken, RefreshToken, ExpiresIn } = result as Record<string, unknown>;
  if (typeof IdToken !== 'string' || typeof AccessToken !== 'string' || typeof ExpiresIn !== 'number')
    return undefined;
  return { IdToken, AccessToken, ExpiresIn, ...(typeof RefreshToken === 'string' ? { RefreshToken } : {}) };
}

/**
 * Signs in with Cognito's USER_PASSWORD_AUTH flow (`InitiateAuth` over fetch, no AWS SDK) and keeps
 * the token fresh: it is reused until `refreshMarginMs` before it expires, then renewed with the
 * refresh token (or by signing in again). Concurrent calls share one request.
 *
 * @example
 * const tokenProvider = cognitoPasswordTokenProvider({ region: 'eu-west-1', clientId, username, password });
 * const speaker = new SpeakerClient({ httpUrl, websocketUrl, tokenProvider, WebSocket });
 */
export function cognitoPasswordTokenProvider(options: CognitoPasswordOptions): TokenProvider {
  const endpoint = options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com/`;
  const clock = options.timers ?? systemTimers;
  const margin = options.refreshMarginMs ?? 60_000;
  let token: string | undefined;
  let refreshToken: string | undefined;
  let expiresAt = 0;
  let inFlight: Promise<string> | undefined;

  async function initiateAuth(
    flow: string,
    parameters: Record<string, string>,
  ): Promise<AuthenticationResult> {
    const doFetch = options.fetch ?? fetch;
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ AuthFlow: flow, ClientId: options.clientId, AuthParameters: parameters }),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const { __type: type, message } = (typeof body === 'object' && body !== null ? body : {}) as {
        __type?: unknown;
        message?: unknown;
      };
      throw new LingoCastError(
        'AUTH_FAILED',
        `Cognito ${flow} failed (HTTP ${response.status}${typeof type === 'string' ? `, ${type}` : ''})${typeof message === 'string' ? `: ${message}` : ''}`,
      );
    }
    const challenge = (body as { ChallengeName?: unknown } | undefined)?.ChallengeName;
    if (typeof challenge === 'string')
      throw new LingoCastError(
        'AUTH_FAILED',
        `Cognito asks for the ${challenge} challenge, which this provider does not answer`,
      );
    const result = authenticationResult(body);
    if (!result) throw new LingoCastError('AUTH_FAILED', `Cognito ${flow} answered no tokens`);
    return result;
  }

  async function renew(): Promise<string> {
    let result: AuthenticationResult | undefined;
    if (refreshToken) {
      try {
        result = await initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken });
      } catch {
        refreshToken = undefined; // expired or revoked: sign in again
      }
    }
    result ??= await initiateAuth('USER_PASSWORD_AUTH', {
      USERNAME: options.username,
      PASSWORD: options.password,
    });
    token = options.token === 'access' ? result.AccessToken : result.IdToken;
    refreshToken = result.RefreshToken ?? refreshToken;
    expiresAt = clock.now() + result.ExpiresIn * 1000;
    return token;
  }

  return () => {
    if (token !== undefined && clock.now() < expiresAt - margin) return token;
    inFlight ??= renew().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
