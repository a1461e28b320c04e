import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/**
 * How a cut looks to the two ends. `reset`: every proxied socket is reset (TCP RST, no WebSocket
 * close frame) and new connections are reset at once, as a dead access point does. `black-hole`:
 * sockets stay open but nothing gets through either way and new connections hang, as a lift or a
 * tunnel does; the client notices only when its heartbeat goes unanswered.
 */
export type CutMode = 'reset' | 'black-hole';

/** What the proxy did so far, for a test to check that its cut really happened. */
export interface ProxyCounts {
  /** Connections passed through to the target. */
  forwarded: number;
  /** Connections that arrived while cut (reset or held, never forwarded). */
  refused: number;
  /** Proxied sockets a cut ended or froze. */
  cutSockets: number;
}

interface Link {
  client: Socket;
  upstream: Socket;
}

/** Writes what `from` reads into `to` while `open()` says so, pausing `from` while `to` is full. */
function forward(from: Socket, to: Socket, open: () => boolean): void {
  from.on('data', (data: Buffer) => {
    if (!open() || to.destroyed) return; // black-holed: read and dropped, so the sender never blocks
    if (!to.write(data)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.on('end', () => {
    if (open()) to.end();
  });
}

/**
 * A loopback TCP proxy in front of one port that a test cuts and restores, for clients that must
 * survive a network that goes away without saying so.
 *
 * @example
 * const proxy = await CuttableProxy.start(new URL(endpoints().websocket));
 * const listener = new ListenerClient({ websocketUrl: proxy.url('ws'), WebSocket });
 * proxy.cut(); // RST on every socket, new connections reset
 * proxy.restore(); // connections get through again
 * await proxy.close();
 */
export class CuttableProxy {
  readonly counts: ProxyCounts = { forwarded: 0, refused: 0, cutSockets: 0 };
  private readonly links = new Set<Link>();
  /** Black-holed links and connections held while black-holed: reset on restore. */
  private readonly frozen = new Set<Socket>();
  private mode: CutMode | undefined;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a free loopback port and forwards to `target` (a URL's hostname and port). */
  static async start(target: { hostname: string; port: string | number }): Promise<CuttableProxy> {
    const server = createServer({ allowHalfOpen: false });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new CuttableProxy(server, { host: target.hostname, port: Number(target.port) });
  }

  /** The loopback port the proxy listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `ws://127.0.0.1:<port>` (or another scheme): the address clients use instead of the target's. */
  url(scheme = 'ws'): string {
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  /** True between cut() and restore(). */
  get isCut(): boolean {
    return this.mode !== undefined;
  }

  /** Proxied sockets open now. */
  get openLinks(): number {
    return this.links.size;
  }

  /** Cuts every proxied socket (see CutMode) and keeps new connections from getting through. */
  cut(mode: CutMode = 'reset'): void {
    this.mode = mode;
    for (const link of this.links) {
      this.counts.cutSockets += 1;
      if (mode === 'reset') {
        this.links.delete(link);
        link.client.resetAndDestroy();
        link.upstream.resetAndDestroy();
      } else {
        this.frozen.add(link.client);
        this.frozen.add(link.upstream);
      }
    }
  }

  /**
   * Lets connections through again. Black-holed sockets are reset first (the address behind them
   * is gone, as after a NAT rebinding): only new connections carry traffic.
   */
  restore(): void {
    this.mode = undefined;
    for (const socket of this.frozen) socket.resetAndDestroy();
    this.frozen.clear();
  }

  /** Stops listening and destroys every socket. */
  async close(): Promise<void> {
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    for (const socket of this.frozen) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined); // a reset client: its close event cleans up
    if (this.mode === 'reset') {
      this.counts.refused += 1;
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'black-hole') {
      this.counts.refused += 1;
      this.frozen.add(client);
      client.on('data', () => undefined); // read and dropped: the handshake never gets an answer
      client.once('close', () => this.frozen.delete(client));
      return;
    }
    this.counts.forwarded += 1;
    const upstream = createConnection({ host: this.target.host, port: this.target.port });
    const link: Link = { client, upstream };
    this.links.add(link);
    upstream.on('error', () => undefined); // the target went away: close follows
    const open = () => !this.frozen.has(client);
    forward(client, upstream, open);
    forward(upstream, client, open);
    const end = () => {
      this.links.delete(link);
      this.frozen.delete(client);
      this.frozen.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end);
    upstream.once('close', end);
  }
}
