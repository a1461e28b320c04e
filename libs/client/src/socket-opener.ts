import type { WebSocketFactory } from './socket';
import { ContractSocket } from './socket';
import type { Timers } from './timers';

export interface SocketOpenerOptions {
  WebSocket: WebSocketFactory;
  /** The URL to open, asked for on every open so a fresh token goes into it. */
  url: () => Promise<string> | string;
  timers: Timers;
  /** How long a handshake may take (default 15 000 ms). */
  connectTimeoutMs?: number;
}

/**
 * `url` with `params` added to its query string.
 *
 * @example
 * withQuery('ws://h?sessionId=s', { resumeConnectionId: 'c1' }); // 'ws://h?sessionId=s&resumeConnectionId=c1'
 */
export function withQuery(url: string, params: Record<string, string>): string {
  const extra = new URLSearchParams(params).toString();
  if (!extra) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${extra}`;
}

/**
 * Opens the sockets of one connection: a fresh URL each time, the connection's own query
 * parameters added, and a handshake that takes too long abandoned.
 *
 * @example
 * const opener = new SocketOpener({ WebSocket, url: () => signedUrl(), timers });
 * const socket = await opener.open({ resumeConnectionId: 'c1' }, (s) => s.on('message', handle));
 */
export class SocketOpener {
  constructor(private readonly options: SocketOpenerOptions) {}

  /**
   * Creates a socket, hands it to `claim` before it opens (the server's greeting may come with the
   * open event, so its listeners must be there), and opens it; rejects when the handshake fails.
   */
  async open(
    params: Record<string, string>,
    claim: (socket: ContractSocket) => void,
  ): Promise<ContractSocket> {
    const url = withQuery(await this.options.url(), params);
    const socket = new ContractSocket(this.options.WebSocket);
    claim(socket);
    const timeoutMs = this.options.connectTimeoutMs ?? 15_000;
    const timer = this.options.timers.setTimeout(
      () => socket.close(4000, `no handshake within ${timeoutMs} ms`),
      timeoutMs,
    );
    try {
      await socket.open(url);
    } finally {
      this.options.timers.clearTimeout(timer);
    }
    return socket;
  }
}
