import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_WEB_CONFIG, startWebServer } from './web-server';
import type { RunningWebServer } from './web-server';
import { HEADERS, raw, startWebFixture } from '../test/web-fixtures';
import type { FakeHttpApi, FakeWebSocketApi, Seen, WebFixture } from '../test/web-fixtures';

describe('web server', () => {
  let fixture: WebFixture;
  let dir: string;
  let web: RunningWebServer;
  let httpApi: FakeHttpApi;
  let issuer: FakeHttpApi;
  let wsApi: FakeWebSocketApi;
  const apiRequests: Seen[] = [];
  const issuerRequests: Seen[] = [];

  beforeAll(async () => {
    fixture = await startWebFixture(apiRequests, issuerRequests);
    ({ dir, web, httpApi, issuer, wsApi } = fixture);
  });

  afterAll(() => fixture.stop());

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
});
