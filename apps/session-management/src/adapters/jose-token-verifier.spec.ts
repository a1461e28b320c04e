import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '@lingocast/errors';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import { JoseTokenVerifier } from './jose-token-verifier';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool';
const CLIENT_ID = 'test-app-client';
const KEY_ID = 'test-key-1';
const SUBJECT = '2f6c1c2e-8a55-4b7c-9a33-0c1f1b7a0d11';

let server: Server;
let jwksUrl: string;
let jwksRequests = 0;
let signingKey: KeyLike;
let foreignKey: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  foreignKey = (await generateKeyPair('RS256')).privateKey;
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  server = createServer((_request, response) => {
    jwksRequests += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

function verifier(): JoseTokenVerifier {
  return new JoseTokenVerifier({ issuer: ISSUER, jwksUrl, audience: CLIENT_ID });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function idClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    sub: SUBJECT,
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: 'id',
    'cognito:username': 'alice',
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...overrides,
  };
}

function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    sub: SUBJECT,
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    username: 'alice',
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...overrides,
  };
}

/** Signs claims as the pool would; `without` drops claims; a foreign key forges the signature. */
function sign(
  claims: JWTPayload,
  options: { key?: KeyLike; kid?: string; without?: string[] } = {},
): Promise<string> {
  const payload = { ...claims };
  for (const name of options.without ?? []) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? KEY_ID })
    .sign(options.key ?? signingKey);
}

async function refusal(token: string): Promise<DomainError> {
  const error: unknown = await verifier()
    .verify(token)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('JoseTokenVerifier', () => {
  it('accepts a valid ID token and returns the subject and username', async () => {
    // Prepare
    const token = await sign(idClaims());

    // Act
    const verified = await verifier().verify(token);

    // Assess
    expect(verified).toEqual({ userId: SUBJECT, username: 'alice' });
  });

  it('accepts a valid access token checked against client_id', async () => {
    // Prepare
    const token = await sign(accessClaims());

    // Act
    const verified = await verifier().verify(token);

    // Assess
    expect(verified).toEqual({ userId: SUBJECT, username: 'alice' });
  });

  it('accepts an ID token whose audience list includes the app client', async () => {
    // Prepare
    const token = await sign(idClaims({ aud: ['another-client', CLIENT_ID] }));

    // Act
    const verified = await verifier().verify(token);

    // Assess
    expect(verified.userId).toBe(SUBJECT);
  });

  it('falls back to the subject when the token names no user', async () => {
    // Prepare
    const token = await sign(idClaims(), { without: ['cognito:username'] });

    // Act
    const verified = await verifier().verify(token);

    // Assess
    expect(verified.username).toBe(SUBJECT);
  });

  it.each<[string, () => Promise<string>]>([
    ['an expired token', () => sign(idClaims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))],
    ['a token without an expiry', () => sign(idClaims(), { without: ['exp'] })],
    [
      'a token from another issuer',
      () => sign(idClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })),
    ],
    ['an ID token for another app client', () => sign(idClaims({ aud: 'another-client' }))],
    ['an ID token without an audience', () => sign(idClaims(), { without: ['aud'] })],
    ['an access token for another app client', () => sign(accessClaims({ client_id: 'another-client' }))],
    [
      'an access token carrying the client only as audience',
      () => sign(accessClaims({ aud: CLIENT_ID }), { without: ['client_id'] }),
    ],
    ['a refresh-use token', () => sign(idClaims({ token_use: 'refresh' }))],
    ['a token without token_use', () => sign(idClaims(), { without: ['token_use'] })],
    ['a token without a subject', () => sign(idClaims(), { without: ['sub'] })],
    ['a token with a forged signature', () => sign(idClaims(), { key: foreignKey })],
    [
      'a token signed with an unknown key id',
      () => sign(idClaims(), { key: foreignKey, kid: 'unknown-key' }),
    ],
    ['a token whose payload was altered after signing', async () => tamper(await sign(idClaims()))],
    ['something that is not a JWT', async () => 'not-a-jwt'],
  ])('refuses %s with UNAUTHORIZED', async (_case, makeToken) => {
    // Prepare
    const token = await makeToken();

    // Act
    const error = await refusal(token);

    // Assess
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('refuses an unsigned (alg none) token with UNAUTHORIZED', async () => {
    // Prepare
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(idClaims())).toString('base64url');

    // Act
    const error = await refusal(`${header}.${payload}.`);

    // Assess
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('refuses every token with UNAUTHORIZED when the JWKS cannot be fetched', async () => {
    // Prepare
    const unreachable = new JoseTokenVerifier({
      issuer: ISSUER,
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
      audience: CLIENT_ID,
    });
    const token = await sign(idClaims());

    // Act
    const result = unreachable.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('fetches the key set once and reuses it for later tokens', async () => {
    // Prepare
    const cached = verifier();
    const tokens = await Promise.all([sign(idClaims()), sign(accessClaims())]);
    const before = jwksRequests;

    // Act
    for (const token of tokens) await cached.verify(token);
    await cached.verify(tokens[0] ?? '');

    // Assess
    expect(jwksRequests - before).toBe(1);
  });
});

/** Swaps the payload for one claiming another user, keeping the original signature. */
function tamper(token: string): string {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify(idClaims({ sub: 'someone-else' }))).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
