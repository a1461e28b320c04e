import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { StageError } from './errors';
import { isLoopbackAddress, isLoopbackHost } from './network';
import { createWebSocketProxy, errorBody, proxyHttp, refuseUpgrade, sendError } from './web-proxy';
import {
  ASSET_CACHE_CONTROL,
  PAGE_CACHE_CONTROL,
  WebDistError,
  contentTypeOf,
  readAsset,
  readPage,
  staticRoute,
} from './web-static';

/** What each page fetches at start: where the APIs are. Relative, so it works on loopback and on the LAN. */
export interface WebConfig {
  stage: string;
  httpUrl: string;
  websocketUrl: string;
  auth: { kind: 'local'; tokenUrl: string } | { kind: 'cognito'; region: string; clientId: string };
  /** LAN mode only: the origin phones open listener pages on, for the join link and QR code. */
  listenerOrigin?: string;
}

/** The local stage's `/config.json`: the APIs behind this same origin. */
export const LOCAL_WEB_CONFIG: WebConfig = {
  stage: 'local',
  httpUrl: '/api',
  websocketUrl: '/ws',
  auth: { kind: 'local', tokenUrl: '/token' },
};

export interface WebServerOptions {
  /** 0 = any free port (tests). */
  port: number;
  /** The built web app: index.html, listen.html, headers.json, assets/. */
  distDir: string;
  /** session-management's HTTP and WebSocket APIs, and the token issuer's `POST /token` URL. */
  upstream: { httpApi: string; websocket: string; tokenUrl: string };
  /** LAN mode: also listen on this address of the machine (the web server only). */
  lanAddress?: string;
}

/** The web server of a running stage. */
export interface RunningWebServer {
  port: number;
  /** `http://127.0.0.1:<port>`: the speaker console (the microphone needs localhost or HTTPS). */
  url: string;
  /** `http://<lan address>:<port>` in LAN mode. */
  lanUrl?: string;
  stop(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function upstreamUrl(base: string, pathname: string, search: string): URL {
  // Set the parts, never resolve a path against the base: `//host/x` must not change the host.
  const url = new URL(base);
  url.pathname = pathname || '/';
  url.search = search;
  return url;
}

const LAN_CONSOLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>LingoCast</title></head><body>
<h1>This is the speaker's computer</h1>
<p>To listen, open the link the speaker shares: it looks like <code>/listen/&lt;session code&gt;</code>.</p>
</body></html>
`;

function refuseToken(res: ServerResponse, port: number): void {
  sendError(
    res,
    403,
    'FORBIDDEN',
    `speaker tokens are issued only to this machine: open the speaker console at http://127.0.0.1:${port}`,
  );
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  distDir: string,
  pathname: string,
): Promise<void> {
  const head = req.method === 'HEAD';
  const route = staticRoute(pathname);
  if (route.kind === 'bad-path') return sendError(res, 400, 'BAD_PATH', `not a file name: ${pathname}`);
  if (route.kind === 'not-found') {
    return sendError(
      res,
      404,
      'NOT_FOUND',
      `nothing at ${pathname}: the speaker console is at /, listener pages at /listen/<session id>`,
    );
  }
  if (route.kind === 'asset') {
    const body = await readAsset(distDir, route.name);
    if (!body)
      return sendError(res, 404, 'NOT_FOUND', `no asset ${route.name} (rebuilt since this page loaded?)`);
    res.writeHead(200, {
      'content-type': contentTypeOf(route.name),
      'content-length': body.length,
      'cache-control': ASSET_CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
    });
    res.end(head ? undefined : body);
    return;
  }
  if (route.page === 'index.html' && !isLoopbackAddress(req.socket.remoteAddress)) {
    // The console needs a token and a microphone, both only on this machine: say so to a phone.
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(head ? undefined : LAN_CONSOLE_PAGE);
    return;
  }
  let page: Awaited<ReturnType<typeof readPage>>;
  try {
    page = await readPage(distDir, route.page);
  } catch (error) {
    if (error instanceof WebDistError) return sendError(res, 503, 'WEB_APP_NOT_BUILT', error.message);
    throw error;
  }
  res.writeHead(200, {
    ...page.headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': page.html.length,
    'cache-control': PAGE_CACHE_CONTROL,
  });
  res.end(head ? undefined : page.html);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new StageError(
          error.code === 'EADDRINUSE'
            ? `web server: port ${port} on ${host} is already in use`
            : `web server: cannot listen on ${host}:${port} (${error.message})`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the web server of the local stage on 127.0.0.1 (and on `lanAddress` in LAN mode): the web
 * app's pages with their security headers, its hashed assets, `/config.json`, and a same-origin
 * proxy: `/api/*` → the HTTP API, `/ws` → the WebSocket API, `/token` → the token issuer for
 * loopback peers only.
 *
 * @example
 * const web = await startWebServer({ port: 4000, distDir: 'apps/web/dist',
 *   upstream: { httpApi: 'http://127.0.0.1:4200', websocket: 'ws://127.0.0.1:4201', tokenUrl: 'http://127.0.0.1:4100/token' } });
 * await web.stop();
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { upstream, distDir } = options;
  const websockets = createWebSocketProxy();
  let port = options.port;
  let config: WebConfig = LOCAL_WEB_CONFIG;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://web.invalid');
    const { pathname, search } = url;
    if (pathname.startsWith('/api/local/') && !isLoopbackAddress(req.socket.remoteAddress)) {
      // The stage's own maintenance routes (POST /local/sweep): not something a listener needs.
      return sendError(res, 403, 'FORBIDDEN', `${pathname} is for this machine only`);
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return proxyHttp(
        req,
        res,
        upstreamUrl(upstream.httpApi, pathname.slice(4), search),
        'session-management',
      );
    }
    if (pathname === '/token') {
      // The socket's peer, never a header: anyone on the LAN could send X-Forwarded-For: 127.0.0.1.
      if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
        return refuseToken(res, port);
      }
      const token = new URL(upstream.tokenUrl);
      return proxyHttp(req, res, upstreamUrl(token.origin, token.pathname, search), 'the token issuer');
    }
    if (pathname === '/ws') {
      return sendError(res, 426, 'UPGRADE_REQUIRED', '/ws is the WebSocket API: connect with a WebSocket');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} ${pathname}: only GET and HEAD here`);
    }
    if (pathname === '/config.json') {
      const body = JSON.stringify(config);
      res.writeHead(200, {
        'content-type': JSON_TYPE,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    serveStatic(req, res, distDir, pathname).catch((error: unknown) => {
      sendError(res, 500, 'INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://web.invalid');
    if (url.pathname !== '/ws') {
      const body = errorBody('NOT_FOUND', `no WebSocket at ${url.pathname}: the WebSocket API is /ws`);
      return refuseUpgrade(socket, 404, { 'content-type': JSON_TYPE }, body);
    }
    websockets.handleUpgrade(req, socket, head, upstreamUrl(upstream.websocket, '/', url.search));
  };

  const servers: Server[] = [];
  const serve = async (host: string, wanted: number) => {
    const server = createServer(onRequest);
    server.on('upgrade', onUpgrade);
    servers.push(server);
    return listen(server, wanted, host);
  };
  const stop = async () => {
    websockets.closeAll();
    await Promise.all(servers.map(close));
  };
  try {
    port = await serve('127.0.0.1', options.port);
    if (options.lanAddress) {
      await serve(options.lanAddress, port);
      config = { ...LOCAL_WEB_CONFIG, listenerOrigin: `http://${options.lanAddress}:${port}` };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ...(options.lanAddress ? { lanUrl: `http://${options.lanAddress}:${port}` } : {}),
    stop,
  };
}
