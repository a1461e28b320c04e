import type { IncomingMessage, Server } from 'node:http';
import { createServer, request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import type { RunningWebServer } from './web-server';
import { LOCAL_WEB_CONFIG, startWebServer } from './web-server';

const HEADERS = {
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
function fixtureDist(root: string): string {
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

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake HTTP API: records each request and answers 201 with a header of its own. */
async function fakeHttpApi(seen: Seen[]): Promise<{ server: Server; url: string }> {
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
async function fakeWebSocketApi(): Promise<{
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
function raw(
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

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(data.toString())));
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

function refusal(url: string): Promise<{ status: number; body: string }> {
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
function machineAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find((entry) => entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('web server', () => {
  let dir: string;
  let dist: string;
  let web: RunningWebServer;
  let httpApi: Awaited<ReturnType<typeof fakeHttpApi>>;
  let issuer: Awaited<ReturnType<typeof fakeHttpApi>>;
  let wsApi: Awaited<ReturnType<typeof fakeWebSocketApi>>;
  const apiRequests: Seen[] = [];
  const issuerRequests: Seen[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stage-web-'));
    dist = fixtureDist(dir);
    [httpApi, issuer, wsApi] = await Promise.all([
      fakeHttpApi(apiRequests),
      fakeHttpApi(issuerRequests),
      fakeWebSocketApi(),
    ]);
    web = await startWebServer({
      port: 0,
      distDir: dist,
      upstream: { httpApi: httpApi.url, websocket: wsApi.url, tokenUrl: `${issuer.url}/token` },
    });
  });

  afterAll(async () => {
    await web.stop();
    await web.stop();
    await Promise.all([
      new Promise((resolve) => httpApi.server.close(resolve)),
      new Promise((resolve) => issuer.server.close(resolve)),
      new Promise((resolve) => wsApi.server.close(resolve)),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    apiRequests.length = 0;
    issuerRequests.length = 0;
  });

  describe('pages and assets', () => {
    it('serves the console at / with the headers headers.json gives it, never cached unchecked', async () => {
      // Act
      const response = await fetch(`${web.url}/`);

      // Assess
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('<!doctype html><title>console</title>');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toBe(
        HEADERS['index.html']['Content-Security-Policy'],
      );
      expect(response.headers.get('permissions-policy')).toBe('microphone=(self)');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    });

    it('serves the listener page at /listen/<anything>, query string or not, with its own headers', async () => {
      for (const path of ['/listen/golden-eagle-427', '/listen/abc?lang=es', '/listen/']) {
        // Act
        const response = await fetch(`${web.url}${path}`);

        // Assess
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('<!doctype html><title>listen</title>');
        expect(response.headers.get('permissions-policy')).toBe('microphone=()');
        expect(response.headers.get('content-security-policy')).toBe(
          HEADERS['listen.html']['Content-Security-Policy'],
        );
      }
    });

    it('serves assets with their type and a year of immutable caching, HEAD without a body', async () => {
      // Act
      const js = await fetch(`${web.url}/assets/console-AB12.js`);
      const css = await fetch(`${web.url}/assets/listen-CD34.css`);
      const font = await fetch(`${web.url}/assets/fonts/x-EF56.woff2`);
      const head = await raw(`${web.url}/assets/console-AB12.js`, { method: 'HEAD' });

      // Assess
      expect(await js.text()).toBe('console.log(1);');
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(font.headers.get('content-type')).toBe('font/woff2');
      expect(head).toMatchObject({ status: 200, body: '' });
      expect(head.headers['content-length']).toBe('15');
    });

    it('answers 404 with a code and a hint for anything else', async () => {
      for (const path of [
        '/nope',
        '/listen',
        '/index.html',
        '/headers.json',
        '/assets/',
        '/assets/none.js',
      ]) {
        // Act
        const response = await fetch(`${web.url}${path}`);

        // Assess
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      }
    });

    it('refuses other methods than GET and HEAD on pages', async () => {
      // Act
      const response = await fetch(`${web.url}/`, { method: 'POST', body: 'x' });

      // Assess
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    });

    it('never serves a file outside dist/assets, however the path is written', async () => {
      const attempts = [
        '/assets/../headers.json',
        '/assets/%2e%2e/headers.json',
        '/assets/..%2fheaders.json',
        '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/assets/fonts/..%2f..%2f..%2fsecret.txt',
        '/assets/..%5c..%5csecret.txt',
        '/assets/%00secret.txt',
        '/assets/%E0%A4%A',
        '/assets//etc/passwd',
        '/assets/link-out.txt',
        '/listen/../../secret.txt',
      ];
      for (const path of attempts) {
        // Act
        const response = await raw(web.url, { path });

        // Assess
        expect({ path, status: response.status }).toEqual({ path, status: expect.any(Number) });
        expect(response.body).not.toContain('SECRET');
        expect(response.body).not.toContain('Content-Security-Policy');
        expect([400, 404]).toContain(response.status);
      }
    });

    it('serves /config.json: the APIs behind this same origin, relative URLs', async () => {
      // Act
      const response = await fetch(`${web.url}/config.json`);

      // Assess
      expect(await response.json()).toEqual({
        stage: 'local',
        httpUrl: '/api',
        websocketUrl: '/ws',
        auth: { kind: 'local', tokenUrl: '/token' },
      });
      expect(LOCAL_WEB_CONFIG.httpUrl).toBe('/api');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses to serve a page without its security headers (no headers.json): 503 with what to run', async () => {
      // Prepare
      const bare = join(dir, 'bare');
      mkdirSync(bare);
      writeFileSync(join(bare, 'index.html'), 'no headers');
      const other = await startWebServer({
        port: 0,
        distDir: bare,
        upstream: { httpApi: httpApi.url, websocket: wsApi.url, tokenUrl: `${issuer.url}/token` },
      });

      try {
        // Act
        const index = await fetch(`${other.url}/`);
        const listen = await fetch(`${other.url}/listen/x`);

        // Assess
        expect(index.status).toBe(503);
        const body = await index.json();
        expect(body).toMatchObject({ error: { code: 'WEB_APP_NOT_BUILT' } });
        expect(body.error.message).toMatch(/headers\.json.*node apps\/web\/scripts\/build\.mjs/);
        expect(listen.status).toBe(503);
        expect((await listen.json()).error.message).toMatch(/no listen\.html/);
      } finally {
        await other.stop();
      }
    });
  });

  describe('HTTP API proxy', () => {
    it('relays method, path without /api, query, headers and body; then status, headers and body back', async () => {
      // Act
      const response = await fetch(`${web.url}/api/sessions?limit=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer abc', 'x-custom': 'kept' },
        body: JSON.stringify({ sourceLanguage: 'en' }),
      });

      // Assess
      expect(response.status).toBe(201);
      expect(response.statusText).toBe('Made It');
      expect(response.headers.get('x-upstream')).toBe('yes');
      expect(await response.json()).toEqual({ ok: true, url: '/sessions?limit=2' });
      expect(apiRequests).toHaveLength(1);
      expect(apiRequests[0]).toMatchObject({
        method: 'POST',
        url: '/sessions?limit=2',
        body: '{"sourceLanguage":"en"}',
        headers: expect.objectContaining({
          authorization: 'Bearer abc',
          'x-custom': 'kept',
          host: new URL(httpApi.url).host,
          'x-forwarded-for': '127.0.0.1',
        }),
      });
    });

    it('relays error statuses as they are, and keeps /api//host paths on the API', async () => {
      // Act
      const missing = await fetch(`${web.url}/api/missing`);
      const sneaky = await raw(web.url, { path: '/api//evil.example/x' });
      const root = await fetch(`${web.url}/api`);

      // Assess
      expect(missing.status).toBe(404);
      expect(sneaky.status).toBe(201);
      expect(apiRequests.map((seen) => seen.url)).toEqual(['/missing', '//evil.example/x', '/']);
      expect(root.status).toBe(201);
    });

    it('answers 502 with a code when the API does not answer', async () => {
      // Prepare: an upstream port nothing listens on
      const down = await startWebServer({
        port: 0,
        distDir: dist,
        upstream: {
          httpApi: 'http://127.0.0.1:1',
          websocket: 'ws://127.0.0.1:1',
          tokenUrl: 'http://127.0.0.1:1/token',
        },
      });

      try {
        // Act
        const response = await fetch(`${down.url}/api/health`);
        const socket = await refusal(`${down.url.replace('http', 'ws')}/ws`);

        // Assess
        expect(response.status).toBe(502);
        expect(await response.json()).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
        expect(socket.status).toBe(502);
        expect(JSON.parse(socket.body)).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
      } finally {
        await down.stop();
      }
    });
  });

  describe('WebSocket API proxy', () => {
    const wsUrl = () => `${web.url.replace('http:', 'ws:')}/ws`;

    it('keeps the query string and relays text frames both ways', async () => {
      // Act
      const socket = await openSocket(`${wsUrl()}?sessionId=abc&targetLanguage=es`);
      const reply = nextMessage(socket);
      socket.send('hello');

      // Assess
      expect(await reply).toBe('echo hello');
      expect(wsApi.connections.at(-1)?.url).toBe('/?sessionId=abc&targetLanguage=es');
      socket.close();
      await closeOf(socket);
    });

    it("relays the client's close code and reason to the API", async () => {
      // Prepare
      const socket = await openSocket(wsUrl());
      const upstream = wsApi.connections.at(-1);

      // Act
      socket.close(4000, 'bye');

      // Assess
      expect(await upstream?.closed).toEqual({ code: 4000, reason: 'bye' });
    });

    it("relays the API's close code and reason to the client", async () => {
      // Prepare
      const socket = await openSocket(wsUrl());
      const closed = closeOf(socket);

      // Act
      socket.send('close:4001:session ended');

      // Assess
      expect(await closed).toEqual({ code: 4001, reason: 'session ended' });
    });

    it('ends the client abruptly when the API connection dies, and the API side when the client dies', async () => {
      // Prepare
      const first = await openSocket(wsUrl());
      const firstClosed = closeOf(first);
      const second = await openSocket(wsUrl());
      const secondUpstream = wsApi.connections.at(-1);

      // Act
      first.send('die');
      second.terminate();

      // Assess: 1006 = closed without a close frame
      expect((await firstClosed).code).toBe(1006);
      expect((await secondUpstream?.closed)?.code).toBe(1006);
    });

    it("refuses the client's handshake with the API's status and body when the API refuses", async () => {
      // Act
      const refused = await refusal(`${wsUrl()}?refuse=429`);

      // Assess
      expect(refused).toEqual({ status: 429, body: 'Nope' });
    });

    it('refuses upgrades on other paths, and plain requests to /ws', async () => {
      // Act
      const elsewhere = await refusal(`${web.url.replace('http:', 'ws:')}/api/ws`);
      const plain = await fetch(`${web.url}/ws`);

      // Assess
      expect(elsewhere.status).toBe(404);
      expect(plain.status).toBe(426);
    });

    it('refuses a broken handshake without opening the API', async () => {
      // Prepare
      const before = wsApi.connections.length;

      // Act
      const response = await raw(wsUrl(), {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'BAD_HANDSHAKE' } });
      expect(wsApi.connections.length).toBe(before);
    });
  });

  describe('/token', () => {
    it('relays a loopback POST to the token issuer', async () => {
      // Act
      const response = await fetch(`${web.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice' }),
      });

      // Assess
      expect(response.status).toBe(201);
      expect(issuerRequests).toMatchObject([{ method: 'POST', url: '/token', body: '{"username":"alice"}' }]);
    });

    it('refuses a request whose Host is not the loopback (a DNS-rebinding page), without reaching the issuer', async () => {
      // Act
      const response = await raw(`${web.url}/token`, {
        method: 'POST',
        headers: { host: 'evil.example:4000' },
      });

      // Assess
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(issuerRequests).toEqual([]);
    });

    // The peer check reads the socket's address: a real connection from a non-loopback address is the
    // honest test. It needs an address of this machine besides loopback (the namespace e2e covers the
    // real second host); a machine without one has nothing to connect from, so the test cannot run.
    const address = machineAddress();
    (address ? it : it.skip)(
      'in LAN mode, refuses /token and the console to a non-loopback peer, even one claiming to be 127.0.0.1',
      async () => {
        // Prepare
        const lan = await startWebServer({
          port: 0,
          distDir: dist,
          lanAddress: address,
          upstream: { httpApi: httpApi.url, websocket: wsApi.url, tokenUrl: `${issuer.url}/token` },
        });

        try {
          // Act
          const token = await raw(`${lan.lanUrl}/token`, {
            method: 'POST',
            localAddress: address,
            headers: {
              'x-forwarded-for': '127.0.0.1',
              forwarded: 'for=127.0.0.1',
              host: `127.0.0.1:${lan.port}`,
            },
          });
          const console = await raw(`${lan.lanUrl}/`, { localAddress: address });
          const listen = await raw(`${lan.lanUrl}/listen/abc`, { localAddress: address });
          const config = await raw(`${lan.lanUrl}/config.json`, { localAddress: address });
          const api = await raw(`${lan.lanUrl}/api/health`, { localAddress: address });
          const sweep = await raw(`${lan.lanUrl}/api/local/sweep`, { method: 'POST', localAddress: address });
          const loopbackSweep = await fetch(`${lan.url}/api/local/sweep`, { method: 'POST' });
          const loopbackToken = await fetch(`${lan.url}/token`, { method: 'POST', body: '{}' });

          // Assess
          expect(token.status).toBe(403);
          expect(JSON.parse(token.body)).toEqual({
            error: { code: 'FORBIDDEN', message: expect.stringContaining(`http://127.0.0.1:${lan.port}`) },
          });
          expect(console.status).toBe(403);
          expect(console.body).toContain('/listen/');
          expect(listen.status).toBe(200);
          expect(JSON.parse(config.body)).toEqual({ ...LOCAL_WEB_CONFIG, listenerOrigin: lan.lanUrl });
          expect(api.status).toBe(201);
          expect(sweep.status).toBe(403);
          expect(loopbackSweep.status).toBe(201);
          expect(apiRequests.map((seen) => seen.url)).toEqual(['/health', '/local/sweep']);
          expect(loopbackToken.status).toBe(201);
          expect(issuerRequests).toHaveLength(1);
        } finally {
          await lan.stop();
        }
      },
    );
  });
});
