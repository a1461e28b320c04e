import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { MintOptions, TokenIssuer } from './token-issuer';
import { createTokenIssuer } from './token-issuer';

/** The token issuer of a running stage, served over HTTP on loopback. */
export interface RunningTokenIssuer {
  /** Base URL, also the `iss` claim: `http://127.0.0.1:<port>`. */
  url: string;
  jwksUrl: string;
  tokenUrl: string;
  /** Signs in-process: the same keys as the HTTP endpoints. */
  tokens: TokenIssuer;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
const USERNAME = /^[\w.@+-]{1,128}$/;
const MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

class BadRequest extends Error {}

function field(
  body: Record<string, unknown>,
  name: string,
  type: 'string' | 'number' | 'boolean' | 'object',
) {
  const value = body[name];
  if (value === undefined) return undefined;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (actual !== type) throw new BadRequest(`'${name}' must be a ${type}`);
  return value;
}

function parseUsername(body: Record<string, unknown>): string {
  const username = field(body, 'username', 'string');
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new BadRequest("'username' is required: 1-128 letters, digits or . _ @ + -");
  }
  return username;
}

function parseLifetime(body: Record<string, unknown>, allowNegative: boolean): number | undefined {
  const seconds = field(body, 'expiresInSeconds', 'number');
  if (seconds === undefined) return undefined;
  const ok = Number.isInteger(seconds) && Math.abs(Number(seconds)) <= MAX_LIFETIME_SECONDS;
  if (!ok || (!allowNegative && Number(seconds) <= 0)) {
    throw new BadRequest(
      `'expiresInSeconds' must be an integer ${allowNegative ? '' : '> 0 and '}≤ ${MAX_LIFETIME_SECONDS}`,
    );
  }
  return Number(seconds);
}

/** Reads a mint request (`POST /mint`); exported for tests. */
export function parseMintRequest(body: Record<string, unknown>): MintOptions {
  const tokenUse = field(body, 'tokenUse', 'string');
  if (tokenUse !== undefined && tokenUse !== 'id' && tokenUse !== 'access') {
    throw new BadRequest("'tokenUse' must be 'id' or 'access'");
  }
  const expiresInSeconds = parseLifetime(body, true);
  const overrides = field(body, 'overrides', 'object');
  const signWithForeignKey = field(body, 'signWithForeignKey', 'boolean');
  const kid = field(body, 'kid', 'string');
  return {
    username: parseUsername(body),
    ...(tokenUse !== undefined ? { tokenUse } : {}),
    ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}),
    ...(typeof overrides === 'object' && overrides !== null ? { overrides: { ...overrides } } : {}),
    ...(typeof signWithForeignKey === 'boolean' ? { signWithForeignKey } : {}),
    ...(typeof kid === 'string' ? { kid } : {}),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('body too large');
    chunks.push(buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new BadRequest('body must be JSON, e.g. {"username":"alice"}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequest('body must be a JSON object');
  return { ...body };
}

// Browser clients (demo pages, tests in Chromium) fetch tokens from another origin.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...CORS_HEADERS });
  res.end(JSON.stringify(body));
}

async function route(
  tokens: TokenIssuer,
  url: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', url).pathname;
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS).end();
    return;
  }
  if (method === 'GET' && path === '/.well-known/jwks.json') return send(res, 200, tokens.jwks());
  if (method === 'GET' && path === '/.well-known/openid-configuration') {
    return send(res, 200, {
      issuer: tokens.issuer,
      jwks_uri: `${url}/.well-known/jwks.json`,
      token_endpoint: `${url}/token`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  }
  if (method === 'POST' && path === '/token') {
    const body = await readJson(req);
    const expiresInSeconds = parseLifetime(body, false);
    const tokenSet = await tokens.issueToken(
      parseUsername(body),
      expiresInSeconds ? { expiresInSeconds } : {},
    );
    return send(res, 200, tokenSet);
  }
  if (method === 'POST' && path === '/mint') {
    return send(res, 200, { token: await tokens.mintToken(parseMintRequest(await readJson(req))) });
  }
  if (method === 'GET' && path === '/') {
    return send(res, 200, {
      issuer: tokens.issuer,
      jwksUrl: `${url}/.well-known/jwks.json`,
      tokenUrl: `${url}/token`,
    });
  }
  return send(res, 404, { code: 'NOT_FOUND', message: `no route ${method} ${path}` });
}

/**
 * Starts the local Cognito stand-in on 127.0.0.1:`port` (0 = any free port):
 * `GET /.well-known/jwks.json`, `POST /token` `{ "username": "alice" }`, and for tests `POST /mint`.
 *
 * @example
 * const issuer = await startTokenIssuer({ port: 4100 });
 * const res = await fetch(issuer.tokenUrl, { method: 'POST', body: JSON.stringify({ username: 'alice' }) });
 * await issuer.stop();
 */
export async function startTokenIssuer(options: {
  port: number;
  clientId?: string;
}): Promise<RunningTokenIssuer> {
  const server = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const tokens = await createTokenIssuer({
    issuer: url,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(tokens, url, req, res).catch((error: unknown) => {
      if (error instanceof BadRequest) send(res, 400, { code: 'INVALID_REQUEST', message: error.message });
      else
        send(res, 500, {
          code: 'INTERNAL_ERROR',
          message: error instanceof Error ? error.message : String(error),
        });
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    tokenUrl: `${url}/token`,
    tokens,
    stop: () => {
      stopping ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
