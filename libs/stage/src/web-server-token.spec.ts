import { LOCAL_WEB_CONFIG, startWebServer } from './web-server';
import type { RunningWebServer } from './web-server';
import { machineAddress, raw, startWebFixture } from '../test/web-fixtures';
import type { FakeHttpApi, FakeWebSocketApi, Seen, WebFixture } from '../test/web-fixtures';

describe('web server', () => {
  let fixture: WebFixture;
  let dist: string;
  let web: RunningWebServer;
  let httpApi: FakeHttpApi;
  let issuer: FakeHttpApi;
  let wsApi: FakeWebSocketApi;
  const apiRequests: Seen[] = [];
  const issuerRequests: Seen[] = [];

  beforeAll(async () => {
    fixture = await startWebFixture(apiRequests, issuerRequests);
    ({ dist, web, httpApi, issuer, wsApi } = fixture);
  });

  afterAll(() => fixture.stop());

  beforeEach(() => {
    apiRequests.length = 0;
    issuerRequests.length = 0;
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
