import type { MintOptions, TokenSet } from './token-issuer';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Gets a speaker's tokens from a running stage's issuer over HTTP (e.g. the one `npm run dev` started).
 *
 * @example
 * const { idToken } = await requestToken(readEndpointsFile().tokenUrl, 'alice');
 */
export async function requestToken(
  tokenUrl: string,
  username: string,
  options: { expiresInSeconds?: number } = {},
): Promise<TokenSet> {
  const body = await postJson(tokenUrl, { username, ...options });
  if (!isRecord(body)) throw new Error(`unexpected answer from ${tokenUrl}`);
  const { idToken, accessToken, expiresIn } = body;
  if (typeof idToken !== 'string' || typeof accessToken !== 'string' || typeof expiresIn !== 'number') {
    throw new Error(`unexpected answer from ${tokenUrl}`);
  }
  return { idToken, accessToken, expiresIn, tokenType: 'Bearer' };
}

/**
 * Mints a token shaped on purpose (expired, wrong audience, foreign key…) through a running issuer's `POST /mint`.
 *
 * @example
 * const expired = await requestMintedToken(endpoints.tokenIssuer, { username: 'alice', expiresInSeconds: -60 });
 */
export async function requestMintedToken(issuerUrl: string, options: MintOptions): Promise<string> {
  const body = await postJson(`${issuerUrl}/mint`, options);
  if (!isRecord(body) || typeof body.token !== 'string') {
    throw new Error(`unexpected answer from ${issuerUrl}/mint`);
  }
  return body.token;
}
