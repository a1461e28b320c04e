import type { CognitoTokens } from './cognito';
import { cognitoAuthCall } from './cognito';
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

/**
 * Signs in with Cognito's USER_PASSWORD_AUTH flow (`InitiateAuth` over fetch, no AWS SDK) and keeps
 * the token fresh: it is reused until `refreshMarginMs` before it expires, then renewed with the
 * refresh token (or by signing in again). Concurrent calls share one request. It fails as
 * `signInWithPassword` does (`AUTH_WRONG_PASSWORD`, `AUTH_UNKNOWN_USER`, `AUTH_NEW_PASSWORD_REQUIRED`,
 * `AUTH_FAILED`, `HTTP_ERROR`).
 *
 * @example
 * const tokenProvider = cognitoPasswordTokenProvider({ region: 'eu-west-1', clientId, username, password });
 * const speaker = new SpeakerClient({ httpUrl, websocketUrl, tokenProvider, WebSocket });
 */
export function cognitoPasswordTokenProvider(options: CognitoPasswordOptions): TokenProvider {
  const clock = options.timers ?? systemTimers;
  const margin = options.refreshMarginMs ?? 60_000;
  let token: string | undefined;
  let refreshToken: string | undefined;
  let expiresAt = 0;
  let inFlight: Promise<string> | undefined;

  const initiateAuth = (flow: string, parameters: Record<string, string>): Promise<CognitoTokens> =>
    cognitoAuthCall(
      options,
      'InitiateAuth',
      { AuthFlow: flow, AuthParameters: parameters },
      options.username,
    );

  async function renew(): Promise<string> {
    let result: CognitoTokens | undefined;
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
    token = options.token === 'access' ? result.accessToken : result.idToken;
    refreshToken = result.refreshToken ?? refreshToken;
    expiresAt = clock.now() + result.expiresIn * 1000;
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
