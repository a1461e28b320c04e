import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { requestMintedToken, requestToken } from './token-client';
import { LOCAL_CLIENT_ID, createTokenIssuer, subjectFor } from './token-issuer';
import type { RunningTokenIssuer } from './token-issuer-server';
import { parseMintRequest, startTokenIssuer } from './token-issuer-server';

describe('token issuer', () => {
  let issuer: RunningTokenIssuer;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    issuer = await startTokenIssuer({ port: 0 });
    jwks = createRemoteJWKSet(new URL(issuer.jwksUrl));
  });

  afterAll(() => issuer.stop());

  const verifyIdToken = (token: string) =>
    jwtVerify(token, jwks, { issuer: issuer.url, audience: LOCAL_CLIENT_ID });

  it('issues an id token that verifies against its JWKS, with Cognito-shaped claims', async () => {
    // Act
    const tokens = await requestToken(issuer.tokenUrl, 'alice');

    // Assess
    const { payload, protectedHeader } = await verifyIdToken(tokens.idToken);
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: issuer.tokens.keyId });
    expect(payload).toMatchObject({
      iss: issuer.url,
      aud: LOCAL_CLIENT_ID,
      sub: subjectFor('alice'),
      token_use: 'id',
      'cognito:username': 'alice',
      email_verified: false,
    });
    expect(payload.exp).toBe(Number(payload.iat) + 3600);
    expect(payload.auth_time).toBe(payload.iat);
    expect(tokens).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer' });
  });

  it('issues an access token with client_id and username and no audience', async () => {
    // Act
    const { accessToken } = await requestToken(issuer.tokenUrl, 'bob', { expiresInSeconds: 60 });

    // Assess
    const { payload } = await jwtVerify(accessToken, jwks, { issuer: issuer.url });
    expect(payload).toMatchObject({ token_use: 'access', client_id: LOCAL_CLIENT_ID, username: 'bob' });
    expect(payload.aud).toBeUndefined();
    expect(Number(payload.exp) - Number(payload.iat)).toBe(60);
  });

  it('gives the same user the same stable uuid subject', () => {
    expect(subjectFor('alice')).toBe(subjectFor('alice'));
    expect(subjectFor('alice')).not.toBe(subjectFor('bob'));
    expect(subjectFor('alice')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('mints tokens signed with a foreign key that fail signature verification', async () => {
    // Act
    const token = await issuer.tokens.mintToken({ username: 'mallory', signWithForeignKey: true });

    // Assess
    expect(decodeProtectedHeader(token).kid).toBe(issuer.tokens.keyId);
    await expect(verifyIdToken(token)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('mints expired tokens that fail verification', async () => {
    const token = await issuer.tokens.mintToken({ username: 'alice', expiresInSeconds: -60 });

    await expect(verifyIdToken(token)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('mints tokens for another audience that fail verification', async () => {
    const token = await issuer.tokens.mintToken({ username: 'alice', overrides: { aud: 'another-client' } });

    await expect(verifyIdToken(token)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it('removes a claim overridden with null, and honours a chosen kid', async () => {
    // Act
    const token = await issuer.tokens.mintToken({
      username: 'alice',
      overrides: { sub: null },
      kid: 'unknown-kid',
    });

    // Assess
    expect(decodeProtectedHeader(token).kid).toBe('unknown-kid');
    await expect(verifyIdToken(token)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('mints bad tokens over HTTP for tests in another process', async () => {
    // Act
    const token = await requestMintedToken(issuer.url, {
      username: 'alice',
      tokenUse: 'access',
      expiresInSeconds: -5,
      signWithForeignKey: true,
      overrides: { scope: 'none' },
      kid: issuer.tokens.keyId,
    });

    // Assess
    await expect(jwtVerify(token, jwks, { issuer: issuer.url })).rejects.toThrow();
  });

  it('answers 400 with a clear message for a request without a valid username', async () => {
    // Act
    const responses = await Promise.all(
      ['{}', '{"username":"a b"}', 'not json', '[1]', '{"username":"alice","expiresInSeconds":-1}'].map(
        (body) => fetch(issuer.tokenUrl, { method: 'POST', body }),
      ),
    );

    // Assess
    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
    expect(await responses[0]?.json()).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('username'),
    });
    await expect(requestToken(issuer.tokenUrl, '')).rejects.toThrow(/400/);
  });

  it('serves its discovery document, CORS preflights, and 404 for unknown routes', async () => {
    // Act
    const discovery = await fetch(`${issuer.url}/.well-known/openid-configuration`);
    const info = await fetch(issuer.url);
    const preflight = await fetch(issuer.tokenUrl, { method: 'OPTIONS' });
    const unknown = await fetch(`${issuer.url}/nope`);

    // Assess
    expect(await discovery.json()).toMatchObject({ issuer: issuer.url, jwks_uri: issuer.jwksUrl });
    expect(await info.json()).toMatchObject({ tokenUrl: issuer.tokenUrl });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(unknown.status).toBe(404);
  });

  it('refuses port conflicts instead of sharing a port', async () => {
    const port = Number(new URL(issuer.url).port);

    await expect(startTokenIssuer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('createTokenIssuer', () => {
  it('dates tokens with the injected clock', async () => {
    // Prepare
    const tokens = await createTokenIssuer({
      issuer: 'http://issuer.test',
      clientId: 'c1',
      now: () => 1_700_000_000_000,
    });

    // Act
    const token = await tokens.mintToken({ username: 'alice' });

    // Assess
    const local = createLocalJWKSet(tokens.jwks());
    const { payload } = await jwtVerify(token, local, {
      currentDate: new Date(1_700_000_100_000),
      audience: 'c1',
    });
    expect(payload.iat).toBe(1_700_000_000);
  });
});

describe('parseMintRequest', () => {
  it('rejects fields of the wrong type', () => {
    expect(() => parseMintRequest({ username: 'alice', tokenUse: 'refresh' })).toThrow(/tokenUse/);
    expect(() => parseMintRequest({ username: 'alice', overrides: [] })).toThrow(/overrides/);
    expect(() => parseMintRequest({ username: 'alice', expiresInSeconds: 1.5 })).toThrow(/expiresInSeconds/);
    expect(() => parseMintRequest({ username: 'alice', signWithForeignKey: 'yes' })).toThrow(
      /signWithForeignKey/,
    );
  });
});
