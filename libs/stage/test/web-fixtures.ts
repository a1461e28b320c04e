// Shared by the web server's specs (pages, API proxies, /token): a dist as the build writes it, fake
// upstream APIs, raw requests and sockets, and one web server in front of the fakes.
import type { IncomingMessage, Server } from 'node:http';
import { createServer, request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import type { RunningWebServer } from '../src/web-server';
import { startWebServer } from '../src/web-server';

export const HEADERS = {
  'index.html': {
    'Content-Security-Policy': "default-src 'self'; object-src 'none'",
    'Permissions-Policy': 'microphone=(self)',
    'Referrer-Policy': 'no-referrer',
    // as build.mjs writes it: the server's own cache-control must replace it, not be sent twice
    'Cache-Control': 'no-cache',
    'X-Frame-Options': 'DENY',
  },
  'listen.html': {
    'Content-Security-Policy': "default-src 'self'; base-uri 'none'",
    'Permissions-Policy': 'microphone=()',
    'Referrer-Policy': 'no-referrer',
  },
};

/** A dist as apps/web/scripts/build.mjs writes it, plus a secret next to it that must never be served. */
export function fixtureDist(root: string): string {
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets', 'fonts'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'listen.html'), '<!doctype html><title>listen</title>');
  writeFileSync(join(dist, 'headers.json'), JSON.stringify(HEADERS));
  writeFileSync(join(dist, 'assets', 'console-AB12.js'), 'console.log(1);');
  writeFileSync(join(dist, 'assets', 'listen-CD34.css'), 'body{}');
  writeFileSync(join(dist, 'assets', 'fonts', 'x-EF56.woff2'), 'font');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  symlinkSync(join(root, 'secret.txt'), join(dist, 'assets', 'link-out.txt'));
  return dist;
}

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake HTTP API: records each request and answers 201 with a header of its own. */
export async function fakeHttpApi(seen: Seen[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(req.url === '/missing' ? 404 : 201, 'Made It', {
        'content-type': 'application/json',
        'x-upstream': 'yes',
      });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A fake WebSocket API: refuses `?refuse=<status>`, echoes text, closes on `close:<code>:<reason>`, dies on `die`. */
export async function fakeWebSocketApi(): Promise<{
  server: WebSocketServer;
  url: string;
  connections: Array<{ url: string; socket: WebSocket; closed: Promise<{ code: number; reason: string }> }>;
}> {
  const connections: Array<{
    url: string;
    socket: WebSocket;
    closed: Promise<{ code: number; reason: string }>;
  }> = [];
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (info, done) => {
      const refuse = new URL(info.req.url ?? '/', 'http://x').searchParams.get('refuse');
      if (refuse) done(false, Number(refuse), 'Nope');
      else done(true);
    },
  });
  server.on('connection', (socket, req) => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    connections.push({ url: req.url ?? '', socket, closed });
    socket.on('message', (data, isBinary) => {
      const text = data.toString();
      if (!isBinary && text.startsWith('close:')) {
        const [, code, reason] = text.split(':');
        socket.close(Number(code), reason);
      } else if (text === 'die') socket.terminate();
      else socket.send(isBinary ? data : `echo ${text}`, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve) => server.on('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `ws://127.0.0.1:${port}`, connections };
}

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise `..`). */
export function raw(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? `${target.pathname}${target.search}`,
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

export function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(data.toString())));
}

export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

export function refusal(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => reject(new Error('the handshake was accepted')));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    socket.once('error', () => undefined);
  });
}

/** This machine's first non-internal IPv4 address, if it has one (a container without a network has none). */
export function machineAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find((entry) => entry.family === 'IPv4' && !entry.internal)?.address;
}

export type FakeHttpApi = Awaited<ReturnType<typeof fakeHttpApi>>;
export type FakeWebSocketApi = Awaited<ReturnType<typeof fakeWebSocketApi>>;

/** A web server on a free loopback port in front of fake APIs, in a temporary folder with its dist. */
export interface WebFixture {
  dir: string;
  dist: string;
  web: RunningWebServer;
  httpApi: FakeHttpApi;
  issuer: FakeHttpApi;
  wsApi: FakeWebSocketApi;
  /** Stops the web server (twice: stop is idempotent) and the fakes, and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts the fixture; the fakes record what reaches them in `apiRequests` and `issuerRequests`.
 *
 * @example
 * const fixture = await startWebFixture(apiRequests, issuerRequests);
 * await fetch(`${fixture.web.url}/`);
 * await fixture.stop();
 */
export async function startWebFixture(apiRequests: Seen[], issuerRequests: Seen[]): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'stage-web-'));
  const dist = fixtureDist(dir);
  const [httpApi, issuer, wsApi] = await Promise.all([
    fakeHttpApi(apiRequests),
    fakeHttpApi(issuerRequests),
    fakeWebSocketApi(),
  ]);
  const web = await startWebServer({
    port: 0,
    distDir: dist,
    upstream: { httpApi: httpApi.url, websocket: wsApi.url, tokenUrl: `${issuer.url}/token` },
  });
  return {
    dir,
    dist,
    web,
    httpApi,
    issuer,
    wsApi,
    async stop() {
      await web.stop();
      await web.stop();
      await Promise.all([
        new Promise((resolve) => httpApi.server.close(resolve)),
        new Promise((resolve) => issuer.server.close(resolve)),
        new Promise((resolve) => wsApi.server.close(resolve)),
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
