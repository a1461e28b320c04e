import type { ClientMessage, ServerMessage } from '@lingocast/contract';
import { TypedEmitter } from './emitter';
import { Heartbeat } from './heartbeat';
import type { ConnectionState, ReconnectTuning } from './reconnecting-socket';
import { ReconnectingSocket, refusesConnect } from './reconnecting-socket';
import type { RefreshTuning } from './refresh';
import { Refresh } from './refresh';
import type { ContractSocket, WebSocketFactory } from './socket';
import { SocketOpener } from './socket-opener';
import type { Timers } from './timers';

export type { ConnectionState } from './reconnecting-socket';
export { REPLACED_SOCKET_GRACE_MS } from './replaced-socket';

/** Tuning shared by both clients; every field has a sensible default. */
export interface ConnectionTuning extends ReconnectTuning, RefreshTuning {
  /** Heartbeat period (default 30 000 ms; 0 turns it off). A heartbeat left unanswered for a whole period drops the socket. */
  heartbeatIntervalMs?: number;
  /** How long a handshake may take (default 15 000 ms). */
  connectTimeoutMs?: number;
}

export interface ConnectionOptions extends ConnectionTuning {
  WebSocket: WebSocketFactory;
  /**
   * The URL to open, asked for on every (re)connect so a fresh token goes into it. The connection
   * adds `previousConnectionId` (a refresh) or `resumeConnectionId` (a reconnect) itself.
   */
  url: () => Promise<string> | string;
  timers: Timers;
  /** 0 ≤ x < 1; default Math.random (tests fix it). */
  random?: () => number;
}

export interface ConnectionEvents {
  state: (state: ConnectionState, previous: ConnectionState) => void;
  message: (message: ServerMessage) => void;
  invalidMessage: (reason: string) => void;
  /** The socket closed; `willReconnect` tells whether a reconnect follows. */
  disconnected: (code: number, reason: string, willReconnect: boolean) => void;
  reconnected: (attempts: number) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  refreshing: () => void;
  refreshed: (connectionId: string) => void;
  refreshFailed: (reason: string) => void;
  /**
   * The server accepted the socket only to refuse it (RATE_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE):
   * the next attempt waits at least `retryAfterSeconds` (e.g. a page shows "busy, retrying").
   */
  refused: (code: string, retryAfterSeconds: number) => void;
  /** A socket is open and no switch is under way: queued work can be sent. */
  ready: () => void;
  listenerError: (error: unknown) => void;
}

/**
 * A connection that stays up: reconnects with backoff and jitter after unexpected drops, sends
 * heartbeats, and refreshes itself onto a second socket when the server asks
 * (`connectionRefreshRequired` → `refreshConnection` on the new socket → `connectionRefreshComplete`
 * → swap). Used by SpeakerClient and ListenerClient; exported for custom clients.
 *
 * It composes small parts and routes the protocol's messages between them: `ReconnectingSocket`
 * (state, backoff, the refused-connect wait), `Heartbeat`, `Refresh` (the two-socket switch and
 * the replaced socket's grace) and `SocketOpener` (URL, query, handshake timeout).
 *
 * @example
 * const connection = new ManagedConnection({ WebSocket, url: () => signedUrl(), timers: systemTimers });
 * connection.on('message', (message) => console.log(message.type));
 * await connection.open();
 */
export class ManagedConnection extends TypedEmitter<ConnectionEvents> {
  private id: string | undefined;
  /** Sockets the server greeted (`sessionJoined`): an error on them answers an action, not the connect. */
  private readonly greeted = new WeakSet<ContractSocket>();
  private readonly opener: SocketOpener;
  private readonly link: ReconnectingSocket;
  private readonly heartbeat: Heartbeat<ContractSocket>;
  private readonly refresh: Refresh;

  constructor(options: ConnectionOptions) {
    super();
    this.opener = new SocketOpener(options);
    this.link = new ReconnectingSocket({ ...options, connect: (claim) => this.openCurrent(claim) });
    this.heartbeat = new Heartbeat({
      timers: options.timers,
      periodMs: options.heartbeatIntervalMs ?? 30_000,
      target: () => (this.link.state === 'open' ? this.link.current : undefined),
      onSilence: (socket) => {
        socket.retire('no heartbeat reply');
        this.socketClosed(socket, 4001, 'no heartbeat reply');
      },
    });
    this.refresh = new Refresh(
      {
        connectionId: () => this.id,
        isOpen: () => this.link.state === 'open',
        current: () => this.link.current,
        openReplacement: (previousConnectionId, claim) =>
          this.opener.open({ previousConnectionId }, (socket) => {
            this.wire(socket);
            claim(socket);
          }),
        adopt: (socket) => this.link.adopt(socket),
        switched: () => this.heartbeat.start(),
        lost: (code, reason) => this.link.lost(code, reason),
      },
      options,
    );
    this.forwardEvents();
  }

  get state(): ConnectionState {
    return this.link.state;
  }

  /** The server's id of the current connection (from `sessionJoined`), once known. */
  get connectionId(): string | undefined {
    return this.id;
  }

  /** True while a refresh is switching sockets (callers queue what must not be lost). */
  get switching(): boolean {
    return this.refresh.switching;
  }

  /** True when a message sent now goes out on a socket that stays. */
  get ready(): boolean {
    return this.link.state === 'open' && this.refresh.settled;
  }

  /** Opens the first socket; rejects (and stays closed) when it cannot. */
  open(): Promise<void> {
    return this.link.open();
  }

  /** Sends on the current socket; false when there is none open. */
  send(message: ClientMessage): boolean {
    return this.link.send(message);
  }

  /** The server announced it will close the socket (session ended): do not reconnect then. */
  expectServerClose(): void {
    this.link.expectServerClose();
  }

  /** Closes for good: no reconnect. */
  close(code = 1000, reason = 'client closed'): void {
    this.heartbeat.stop();
    // The replacement goes first: the current socket's close must not look like a refresh's.
    this.refresh.stop(reason);
    this.link.close(code, reason);
  }

  private forwardEvents(): void {
    this.link.on('state', (state, previous) => {
      // Armed before anyone hears `open`, so a listener that closes at once leaves no timer behind.
      if (state === 'open') this.heartbeat.start();
      this.emit('state', state, previous);
    });
    this.link.on('disconnected', (code, reason, willReconnect) => {
      this.emit('disconnected', code, reason, willReconnect);
      if (willReconnect) return;
      this.heartbeat.stop();
      this.refresh.clearTimers();
    });
    this.link.on('reconnected', (attempts) => this.emit('reconnected', attempts));
    this.link.on('reconnectFailed', (attempts, error) => this.emit('reconnectFailed', attempts, error));
    this.link.on('refused', (code, retryAfterSeconds) => this.emit('refused', code, retryAfterSeconds));
    this.link.on('ready', () => this.emit('ready'));
    this.refresh.on('refreshing', () => this.emit('refreshing'));
    this.refresh.on('refreshed', (connectionId) => this.emit('refreshed', connectionId));
    this.refresh.on('refreshFailed', (reason) => this.emit('refreshFailed', reason));
    this.refresh.on('ready', () => this.emit('ready'));
  }

  /**
   * Opens a first or reconnecting socket. It names the last connection, so the server takes over
   * its row if the old socket's `$disconnect` never ran (the server was killed).
   */
  private openCurrent(claim: (socket: ContractSocket) => void): Promise<ContractSocket> {
    const id = this.id;
    return this.opener.open(id === undefined ? {} : { resumeConnectionId: id }, (socket) => {
      this.wire(socket);
      // A new connection (first or reconnect) needs no refresh that the one before it was waiting for.
      this.refresh.cancelScheduled();
      claim(socket);
    });
  }

  private wire(socket: ContractSocket): void {
    socket.on('message', (message) => this.receive(socket, message));
    socket.on('invalidMessage', (reason) => this.emit('invalidMessage', reason));
    socket.on('close', (code, reason) => this.socketClosed(socket, code, reason));
  }

  private receive(socket: ContractSocket, message: ServerMessage): void {
    const current = socket === this.link.current;
    if (current) this.heartbeat.answered();
    switch (message.type) {
      case 'sessionJoined':
        this.greeted.add(socket);
        if (this.refresh.isPending(socket)) return; // the replacement's greeting; its id comes with the swap
        this.id = message.connectionId;
        break;
      case 'connectionRefreshRequired':
        if (current) {
          this.id = message.connectionId;
          this.refresh.schedule();
        }
        break;
      case 'connectionWarning':
        if (current && this.id !== undefined) this.refresh.hurry(this.id);
        break;
      case 'connectionRefreshComplete':
        if (this.refresh.isPending(socket)) {
          this.id = message.connectionId;
          this.refresh.completed(socket, message.connectionId);
        }
        // late, for a replacement kept after the timeout: it still names the new connection
        else if (current) this.id = message.connectionId;
        break;
      case 'sessionEnded':
        this.link.expectServerClose();
        break;
      case 'error':
        if (current && !this.greeted.has(socket) && refusesConnect(message)) {
          this.link.refusedAtConnect(socket, message.code, message.retryAfter ?? 0);
          break;
        }
        if (message.code === 'CONNECTION_NOT_REGISTERED') {
          // The server holds no row for this socket (removed while it was opening, or swept): it will
          // refuse everything sent on it, so drop it. Its close reconnects, or ends the refresh it was.
          socket.close(4001, 'the server does not know this connection');
          // The socket a refresh is replacing (or has replaced): its row has moved to the new one, so
          // a heartbeat sent on it meanwhile is refused. Expected; not the application's business.
          if (this.refresh.isBeingReplaced(socket)) return;
        }
        if (this.refresh.answers(message.requestId)) {
          this.refresh.fail(`${message.code}: ${message.message}`);
          return;
        }
        break;
      default:
        break;
    }
    this.emit('message', message);
  }

  private socketClosed(socket: ContractSocket, code: number, reason: string): void {
    if (this.refresh.closed(socket, code)) return;
    if (socket !== this.link.current) return;
    this.heartbeat.stop();
    // The server closes the old connection while it completes the refresh: wait for the new one.
    if (this.refresh.currentClosed()) return;
    this.link.dropped(code, reason);
  }
}
