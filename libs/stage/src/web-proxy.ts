import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { STATUS_CODES, request } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';

// Per connection, not end to end (RFC 9110 §7.6.1): a proxy never forwards them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** The request's headers a proxy passes on: all but hop-by-hop ones and those `Connection` names. */
export function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name),
    ),
  );
}

/** The `{ error: { code, message } }` body every error of the web server has. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Sends a JSON error with a code and a message for people. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(errorBody(code, message));
}

/**
 * Relays one HTTP request to `target` (method, headers, body) and its response back (status,
 * headers, body), streaming both ways. An upstream that does not answer gets a 502 naming `what`.
 *
 * @example
 * proxyHttp(req, res, new URL('http://127.0.0.1:4200/sessions?x=1'), 'session-management');
 */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: URL, what: string): void {
  const upstream = request(target, {
    method: req.method ?? 'GET',
    headers: {
      ...forwardedHeaders(req.headers),
      host: target.host,
      'x-forwarded-for': req.socket.remoteAddress ?? '',
      'x-forwarded-host': req.headers.host ?? '',
      'x-forwarded-proto': 'http',
    },
  });
  upstream.on('response', (response) => {
    res.writeHead(response.statusCode ?? 502, response.statusMessage, forwardedHeaders(response.headers));
    response.pipe(res);
    response.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    sendError(
      res,
      502,
      'UPSTREAM_UNAVAILABLE',
      `${what} is not answering (${error.message}); try again shortly`,
    );
  });
  // The browser went away: stop the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Close codes a peer may send in a close frame (1005 and 1006 only ever describe a close). */
function sendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999)
  );
}

/** Ends `to` the way `from` ended: the same code and reason, or abruptly when it was abrupt. */
function closeLike(to: WebSocket, code: number, reason: Buffer): void {
  if (to.readyState === WebSocket.CLOSED) return;
  if (sendableCloseCode(code)) to.close(code, reason);
  else if (code === 1005) to.close();
  else to.terminate();
}

function rawResponse(status: number, headers: Record<string, string>, body: Buffer): Buffer {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries({
    ...headers,
    'content-length': String(body.length),
    connection: 'close',
  }))
    lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]);
}

/**
 * Refuses an upgrade request on its raw socket with an HTTP response (a WebSocket handshake that
 * fails is answered in plain HTTP, before any frame).
 *
 * @example
 * refuseUpgrade(socket, 404, { 'content-type': 'application/json' }, errorBody('NOT_FOUND', 'no WebSocket here'));
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(rawResponse(status, headers, Buffer.isBuffer(body) ? body : Buffer.from(body)));
}

/** The checks ws makes before accepting: done first, so no upstream is opened for a client ws would refuse. */
function isWebSocketHandshake(req: IncomingMessage): boolean {
  const key = req.headers['sec-websocket-key'];
  return (
    req.method === 'GET' &&
    String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    typeof key === 'string' &&
    /^[+/0-9A-Za-z]{22}==$/.test(key) &&
    ['8', '13'].includes(String(req.headers['sec-websocket-version']))
  );
}

// Headers of the browser's handshake the upstream may care about; the rest (keys, extensions) are per hop.
const HANDSHAKE_HEADERS = ['origin', 'user-agent', 'accept-language', 'cookie', 'authorization'];

/** Relays WebSocket connections: each client is accepted only once its upstream connection opened. */
export interface WebSocketProxy {
  /** Opens `target` for this upgrade request, then accepts the client and relays frames and closes. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: URL): void;
  /** Ends every relayed connection abruptly (the stage is stopping). */
  closeAll(): void;
}

/**
 * A WebSocket proxy: text and binary frames, close codes and reasons relayed both ways; an abrupt
 * close on one side ends the other abruptly; a refused upstream handshake refuses the client's with
 * the same status and body; an upstream that does not answer refuses it with 502.
 *
 * @example
 * const proxy = createWebSocketProxy();
 * server.on('upgrade', (req, socket, head) => proxy.handleUpgrade(req, socket, head, new URL('ws://127.0.0.1:4201/')));
 */
export function createWebSocketProxy(options: { handshakeTimeoutMs?: number } = {}): WebSocketProxy {
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (_offered, req) => chosenProtocol.get(req) ?? false,
  });
  const live = new Set<WebSocket>();

  const bridge = (client: WebSocket, upstream: WebSocket) => {
    live.add(client).add(upstream);
    client.on('message', (data, isBinary) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    client.on('close', (code, reason) => {
      live.delete(client);
      closeLike(upstream, code, reason);
    });
    upstream.on('close', (code, reason) => {
      live.delete(upstream);
      closeLike(client, code, reason);
    });
    // An error is followed by 'close' (code 1006), which ends the other side.
    client.on('error', () => undefined);
  };

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, target: URL) => {
    if (!isWebSocketHandshake(req)) {
      return refuseUpgrade(
        socket,
        400,
        { 'content-type': 'application/json; charset=utf-8' },
        errorBody('BAD_HANDSHAKE', 'not a WebSocket handshake (GET, Upgrade: websocket, version 13, a key)'),
      );
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((protocol) => protocol.trim())
      .filter(Boolean);
    const headers: Record<string, string> = { 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    for (const name of HANDSHAKE_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = new WebSocket(target, offered, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
    });
    let settled = false;
    const clientGone = () => {
      if (!settled) upstream.terminate();
    };
    socket.on('error', () => undefined);
    socket.once('close', clientGone);
    upstream.on('error', (error) => {
      if (settled) return; // after open, 'close' (1006) follows and ends the client
      settled = true;
      refuseUpgrade(
        socket,
        502,
        { 'content-type': 'application/json; charset=utf-8' },
        errorBody('UPSTREAM_UNAVAILABLE', `the WebSocket API is not answering (${error.message})`),
      );
    });
    upstream.once('unexpected-response', (_request, response) => {
      settled = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => socket.destroy());
      response.on('end', () => {
        const relayed: Record<string, string> = {};
        for (const name of ['content-type', 'cache-control', 'retry-after']) {
          const value = response.headers[name];
          if (typeof value === 'string') relayed[name] = value;
        }
        refuseUpgrade(socket, response.statusCode ?? 502, relayed, Buffer.concat(chunks));
        upstream.terminate();
      });
    });
    upstream.once('open', () => {
      settled = true;
      socket.off('close', clientGone);
      if (socket.destroyed) return void upstream.terminate();
      if (upstream.protocol) chosenProtocol.set(req, upstream.protocol);
      server.handleUpgrade(req, socket, head, (client) => bridge(client, upstream));
    });
  };

  return {
    handleUpgrade,
    closeAll: () => {
      for (const socket of live) socket.terminate();
      live.clear();
    },
  };
}
