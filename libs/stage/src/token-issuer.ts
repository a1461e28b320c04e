import { createHash, randomUUID } from 'node:crypto';
import type { JSONWebKeySet, JWTPayload, KeyLike } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The app client id of the local stage: the `aud` of id tokens, the `client_id` of access tokens. */
export const LOCAL_CLIENT_ID = 'lingocast-local-client';

/** Default token lifetime, as Cognito's default (one hour). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** What Cognito's token endpoint answers, minus the refresh token. */
export interface TokenSet {
  idToken: string;
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** A deliberately chosen token, good or bad, for tests. */
export interface MintOptions {
  username: string;
  /** `id` (default) or `access`. */
  tokenUse?: 'id' | 'access';
  /** Lifetime; negative gives a token that has already expired. */
  expiresInSeconds?: number;
  /** Claims replacing the Cognito-shaped ones (e.g. `{ aud: 'someone-else' }`); `null` removes a claim. */
  overrides?: Record<string, unknown>;
  /** Sign with a key that is not in the JWKS (same `kid`), so the signature does not verify. */
  signWithForeignKey?: boolean;
  /** The `kid` header; defaults to the issuer's key id. */
  kid?: string;
}

/** Issues Cognito-shaped RS256 JWTs with a key pair made at start-up. */
export interface TokenIssuer {
  /** The `iss` claim. */
  readonly issuer: string;
  readonly clientId: string;
  readonly keyId: string;
  /** The public keys, as served at `/.well-known/jwks.json`. */
  jwks(): JSONWebKeySet;
  /** A valid id and access token for `username`. */
  issueToken(username: string, options?: { expiresInSeconds?: number }): Promise<TokenSet>;
  /** One token shaped by `options`: valid by default, bad on purpose with overrides or a foreign key. */
  mintToken(options: MintOptions): Promise<string>;
}

const SUB_NAMESPACE = 'lingocast-local-stage';

/**
 * A stable UUID (version-5 layout) for a username, so `sub` is the same on every start of the stage.
 *
 * @example
 * subjectFor('alice') === subjectFor('alice'); // true
 */
export function subjectFor(username: string): string {
  const bytes = createHash('sha1').update(`${SUB_NAMESPACE}:${username}`).digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The claims Cognito puts in an id or access token.
 *
 * @example
 * cognitoClaims({ issuer, clientId, username: 'alice', tokenUse: 'id', nowSeconds, expiresInSeconds: 3600 });
 */
export function cognitoClaims(input: {
  issuer: string;
  clientId: string;
  username: string;
  tokenUse: 'id' | 'access';
  nowSeconds: number;
  expiresInSeconds: number;
}): JWTPayload {
  const common = {
    sub: subjectFor(input.username),
    iss: input.issuer,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: input.tokenUse,
    auth_time: input.nowSeconds,
    iat: input.nowSeconds,
    exp: input.nowSeconds + input.expiresInSeconds,
    jti: randomUUID(),
  };
  return input.tokenUse === 'id'
    ? { ...common, aud: input.clientId, 'cognito:username': input.username, email_verified: false }
    : {
        ...common,
        client_id: input.clientId,
        scope: 'aws.cognito.signin.user.admin',
        username: input.username,
      };
}

function applyOverrides(claims: JWTPayload, overrides: Record<string, unknown> | undefined): JWTPayload {
  const result: JWTPayload = { ...claims };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete result[name];
    else result[name] = value;
  }
  return result;
}

/**
 * A token issuer with a fresh RS256 key pair.
 *
 * @example
 * const tokens = await createTokenIssuer({ issuer: 'http://127.0.0.1:4100' });
 * const { idToken } = await tokens.issueToken('alice');
 * const expired = await tokens.mintToken({ username: 'alice', expiresInSeconds: -60 });
 */
export async function createTokenIssuer(options: {
  issuer: string;
  clientId?: string;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}): Promise<TokenIssuer> {
  const { issuer } = options;
  const clientId = options.clientId ?? LOCAL_CLIENT_ID;
  const now = options.now ?? Date.now;
  const keyId = `local-${randomUUID()}`;
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: 'RS256', use: 'sig' };
  let foreignKey: Promise<KeyLike> | undefined;

  const sign = async (claims: JWTPayload, kid: string, key: KeyLike) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);

  const mintToken = async (mint: MintOptions): Promise<string> => {
    const claims = cognitoClaims({
      issuer,
      clientId,
      username: mint.username,
      tokenUse: mint.tokenUse ?? 'id',
      nowSeconds: Math.floor(now() / 1000),
      expiresInSeconds: mint.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    });
    let key = privateKey;
    if (mint.signWithForeignKey) {
      foreignKey ??= generateKeyPair('RS256').then((pair) => pair.privateKey);
      key = await foreignKey;
    }
    return sign(applyOverrides(claims, mint.overrides), mint.kid ?? keyId, key);
  };

  return {
    issuer,
    clientId,
    keyId,
    jwks: () => ({ keys: [publicJwk] }),
    mintToken,
    issueToken: async (username, issue) => {
      const expiresIn = issue?.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      const [idToken, accessToken] = await Promise.all([
        mintToken({ username, tokenUse: 'id', expiresInSeconds: expiresIn }),
        mintToken({ username, tokenUse: 'access', expiresInSeconds: expiresIn }),
      ]);
      return { idToken, accessToken, expiresIn, tokenType: 'Bearer' };
    },
  };
}
