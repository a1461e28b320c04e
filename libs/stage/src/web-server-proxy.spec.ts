import { startWebServer } from './web-server';
import type { RunningWebServer } from './web-server';
import { closeOf, nextMessage, openSocket, raw, refusal, startWebFixture } from '../test/web-fixtures';
import type { FakeHttpApi, FakeWebSocketApi, Seen, WebFixture } from '../test/web-fixtures';

describe('web server', () => {
  let fixture: WebFixture;
  let dist: string;
  let web: RunningWebServer;
  let httpApi: FakeHttpApi;
  let wsApi: FakeWebSocketApi;
  const apiRequests: Seen[] = [];
  const issuerRequests: Seen[] = [];

  beforeAll(async () => {
    fixture = await startWebFixture(apiRequests, issuerRequests);
    ({ dist, web, httpApi, wsApi } = fixture);
  });

  afterAll(() => fixture.stop());

  beforeEach(() => {
    apiRequests.length = 0;
    issuerRequests.length = 0;
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
});
