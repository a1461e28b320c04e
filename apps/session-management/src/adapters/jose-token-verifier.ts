import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { DomainError } from '@lingocast/errors';
import type { TokenVerifier, VerifiedToken } from '../ports';

export interface TokenVerifierOptions {
  issuer: string;
  jwksUrl: string;
  /** The app client id: an ID token's `aud`, an access token's `client_id`. */
  audience: string;
}

/**
 * Verifies Cognito ID or access tokens against the pool's JWKS (fetched once, cached, refreshed on
 * unknown `kid`): signature, issuer, expiry, token_use, and audience / client_id.
 */
export class JoseTokenVerifier implements TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: TokenVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
  }

  async verify(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      // `exp` is required: jose checks it only when present, and a token without one would never expire.
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new DomainError('UNAUTHORIZED', 'the token is invalid or expired', { cause: error });
    }
    const use = payload['token_use'];
    const audienceOk =
      use === 'id'
        ? payload.aud === this.options.audience ||
          (Array.isArray(payload.aud) && payload.aud.includes(this.options.audience))
        : use === 'access' && payload['client_id'] === this.options.audience;
    if (!audienceOk) throw new DomainError('UNAUTHORIZED', 'the token was not issued for this application');
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new DomainError('UNAUTHORIZED', 'the token has no subject');
    const username = payload['cognito:username'] ?? payload['username'] ?? payload.sub;
    return { userId: payload.sub, username: String(username) };
  }
}
