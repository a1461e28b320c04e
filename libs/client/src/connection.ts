import type { ClientMessage, ServerMessage } from '@lingocast/contract';
import type { BackoffOptions } from './backoff';
import { Backoff } from './backoff';
import { TypedEmitter } from './emitter';
import type { WebSocketFactory } from './socket';
import { ContractSocket } from './socket';
import type { TimerHandle, Timers } from './timers';

/** Where a client's connection is: the typed state both clients expose. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Tuning shared by both clients; every field has a sensible default. */
export interface ConnectionTuning {
  /** Reconnect when the socket drops unexpectedly (default true). */
  reconnect?: boolean;
  /** Give up after this many failed attempts in a row (default 10), then emit `reconnectFailed`. */
  maxReconnectAttempts?: number;
  /** Backoff between attempts (default 500 ms doubling to 30 s, half jitter, reset after 10 s up). */
  backoff?: BackoffOptions;
  /** Heartbeat period (default 30 000 ms; 0 turns it off). A heartbeat left unanswered for a whole period drops the socket. */
  heartbeatIntervalMs?: number;
  /** How long a connection refresh may take before the old connection is kept (default 10 000 ms). */
  refreshTimeoutMs?: number;
  /**
   * A refresh the server asks for starts after a random delay of up to this (default 120 000 ms), so
   * an audience that joined together does not reconnect all at once; a `connectionWarning` (5 minutes
   * after the request, 15 before API Gateway closes the socket) starts it at once. 0 = at once.
   */
  refreshSpreadMs?: number;
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
 * How long the socket a refresh replaced is still listened to. The server closes it right after
 * confirming the refresh; whatever was sent to it before that still arrives and is used (the
 * clients drop what comes twice).
 */
export const REPLACED_SOCKET_GRACE_MS = 5_000;

/** The `action` of the `error` with which the server refuses a new socket on the socket itself. */
const CONNECT_ACTION = '$connect';

/** Codes with which the server refuses a new socket on the socket itself, with a `retryAfter`. */
const REFUSED_CODES: ReadonlySet<string> = new Set(['RATE_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE']);

/** The most a refused crowd is spread beyond the server's retryAfter, so it does not come back at once. */
const MAX_REFUSAL_SPREAD_MS = 10_000;

const errorOf = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** `url` with `params` added to its query string. */
function withQuery(url: string, params: Record<string, string>): string {
  const extra = new URLSearchParams(params).toString();
  if (!extra) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${extra}`;
}

/**
 * A connection that stays up: reconnects with backoff and jitter after unexpected drops, sends
 * heartbeats, and refreshes itself onto a second socket when the server asks
 * (`connectionRefreshRequired` → `refreshConnection` on the new socket → `connectionRefreshComplete`
 * → swap). Used by SpeakerClient and ListenerClient; exported for custom clients.
 */
export class ManagedConnection extends TypedEmitter<ConnectionEvents> {
  private currentState: ConnectionState = 'closed';
  private current: ContractSocket | undefined;
  private pending: ContractSocket | undefined;
  /** The socket a refresh replaced, listened to until the server closes it or the grace ends. */
  private replaced: { socket: ContractSocket; timer: TimerHandle } | undefined;
  private refreshRequestId: string | undefined;
  private currentClosedDuringRefresh = false;
  private id: string | undefined;
  private stopped = false;
  private serverWillClose = false;
  private heartbeatTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private refreshTimer: TimerHandle | undefined;
  /** A requested refresh waiting for its spread delay. */
  private refreshDelayTimer: TimerHandle | undefined;
  private awaitingHeartbeat = false;
  private refreshCount = 0;
  private lastError: Error | undefined;
  /** Sockets the server greeted (`sessionJoined`): an error on them answers an action, not the connect. */
  private readonly greeted = new WeakSet<ContractSocket>();
  /** The server's retryAfter of a refused connect, in ms: the next reconnect waits at least this. */
  private refusedForMs = 0;
  private readonly backoff: Backoff;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The server's id of the current connection (from `sessionJoined`), once known. */
  get connectionId(): string | undefined {
    return this.id;
  }

  /** True while a refresh is switching sockets (callers queue what must not be lost). */
  get switching(): boolean {
    return this.pending !== undefined;
  }

  /** True when a message sent now goes out on a socket that stays. */
  get ready(): boolean {
    return this.currentState === 'open' && !this.switching && !this.currentClosedDuringRefresh;
  }

  /** Opens the first socket; rejects (and stays closed) when it cannot. */
  async open(): Promise<void> {
    this.stopped = false;
    this.serverWillClose = false;
    this.setState('connecting');
    try {
      const socket = await this.openSocket();
      if (this.stopped) {
        socket.retire('closed while connecting');
        throw new Error('the client was closed while connecting');
      }
    } catch (error) {
      this.current = undefined;
      this.setState('closed');
      throw errorOf(error);
    }
    this.backoff.reset();
    this.backoff.succeeded(this.options.timers.now());
    this.startHeartbeat();
    this.setState('open');
    this.emit('ready');
  }

  /** Sends on the current socket; false when there is none open. */
  send(message: ClientMessage): boolean {
    if (this.currentState !== 'open' || !this.current) return false;
    return this.current.send(message);
  }

  /** The server announced it will close the socket (session ended): do not reconnect then. */
  expectServerClose(): void {
    this.serverWillClose = true;
  }

  /** Closes for good: no reconnect. */
  close(code = 1000, reason = 'client closed'): void {
    this.stopped = true;
    this.clearTimers();
    this.pending?.retire(reason);
    this.pending = undefined;
    this.retireReplaced();
    const socket = this.current;
    const previous = this.currentState;
    this.setState('closed');
    if (socket && socket.state === 'open') socket.close(code, reason);
    else if (socket) {
      socket.retire(reason);
      if (previous !== 'closed') this.emit('disconnected', code, reason, false);
    }
  }

  private setState(state: ConnectionState): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.emit('state', state, previous);
  }

  /**
   * Creates a socket wired to this connection, makes it current, and opens it (with a timeout). A
   * refresh names the connection it replaces, so the server swaps them at the handshake (and a
   * listener of a full session is not refused); a reconnect names the last connection, so the
   * server takes over its row if the old socket's `$disconnect` never ran (the server was killed).
   */
  private async openSocket(asPending = false): Promise<ContractSocket> {
    const id = this.id;
    const url = withQuery(
      await this.options.url(),
      id === undefined ? {} : asPending ? { previousConnectionId: id } : { resumeConnectionId: id },
    );
    const socket = new ContractSocket(this.options.WebSocket);
    socket.on('message', (message) => this.receive(socket, message));
    socket.on('invalidMessage', (reason) => this.emit('invalidMessage', reason));
    socket.on('close', (code, reason) => this.socketClosed(socket, code, reason));
    if (asPending) this.pending = socket;
    else {
      // A new connection (first or reconnect) needs no refresh that the one before it was waiting for.
      this.cancelScheduledRefresh();
      this.current = socket;
    }
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

  private receive(socket: ContractSocket, message: ServerMessage): void {
    if (socket === this.current) this.awaitingHeartbeat = false;
    switch (message.type) {
      case 'sessionJoined':
        this.greeted.add(socket);
        if (socket === this.pending) return; // the replacement's greeting; its id comes with the swap
        this.id = message.connectionId;
        break;
      case 'connectionRefreshRequired':
        if (socket === this.current) {
          this.id = message.connectionId;
          this.scheduleRefresh();
        }
        break;
      case 'connectionWarning':
        // The server asks for a refresh once; a warning means that refresh failed, never came or is
        // still waiting for its spread delay: start it now, while there is time before API Gateway closes the socket.
        if (socket === this.current && this.id !== undefined) {
          this.cancelScheduledRefresh();
          void this.refresh(this.id);
        }
        break;
      case 'connectionRefreshComplete':
        if (socket === this.pending) this.swap(socket, message.connectionId);
        // late, for a replacement kept after the timeout: it still names the new connection
        else if (socket === this.current) this.id = message.connectionId;
        break;
      case 'sessionEnded':
        this.serverWillClose = true;
        break;
      case 'error':
        if (this.isConnectRefusal(socket, message)) {
          this.refusedAtConnect(socket, message.code, message.retryAfter ?? 0);
          break;
        }
        if (message.code === 'CONNECTION_NOT_REGISTERED') {
          // The server holds no row for this socket (removed while it was opening, or swept): it will
          // refuse everything sent on it, so drop it. Its close reconnects, or ends the refresh it was.
          socket.close(4001, 'the server does not know this connection');
          // The socket a refresh is replacing (or has replaced): its row has moved to the new one, so
          // a heartbeat sent on it meanwhile is refused. Expected; not the application's business.
          if (this.isBeingReplaced(socket)) return;
        }
        if (this.refreshRequestId !== undefined && message.requestId === this.refreshRequestId) {
          this.refreshFailed(`${message.code}: ${message.message}`);
          return;
        }
        break;
      default:
        break;
    }
    this.emit('message', message);
  }

  /** An error about `$connect` on a socket the server has not greeted, saying when to come back. */
  private isConnectRefusal(
    socket: ContractSocket,
    message: { code: string; retryAfter?: number; action?: string },
  ): boolean {
    return (
      socket === this.current &&
      !this.greeted.has(socket) &&
      message.action === CONNECT_ACTION &&
      REFUSED_CODES.has(message.code) &&
      typeof message.retryAfter === 'number'
    );
  }

  /** Waits out the server's retryAfter (plus a random spread) before the next attempt, which the close starts. */
  private refusedAtConnect(socket: ContractSocket, code: string, retryAfterSeconds: number): void {
    const retryAfterMs = retryAfterSeconds * 1000;
    const spreadMs = Math.min(retryAfterMs / 2, MAX_REFUSAL_SPREAD_MS);
    this.refusedForMs = retryAfterMs + Math.floor((this.options.random ?? Math.random)() * spreadMs);
    this.lastError = new Error(`${code}: refused by the server; retry after ${retryAfterSeconds} s`);
    this.emit('refused', code, retryAfterSeconds);
    socket.close(4429, `${code}; retrying after ${retryAfterSeconds} s`);
  }

  private socketClosed(socket: ContractSocket, code: number, reason: string): void {
    if (socket === this.pending) {
      this.refreshFailed(`the new connection closed (code ${code})`);
      return;
    }
    if (socket === this.replaced?.socket) {
      this.options.timers.clearTimeout(this.replaced.timer);
      this.replaced = undefined;
      return;
    }
    if (socket !== this.current) return;
    this.stopHeartbeat();
    if (this.pending) {
      // The server closes the old connection while it completes the refresh: wait for the new one.
      this.currentClosedDuringRefresh = true;
      return;
    }
    const willReconnect = !this.stopped && !this.serverWillClose && this.options.reconnect !== false;
    this.emit('disconnected', code, reason, willReconnect);
    if (!willReconnect) {
      this.stopped = true;
      this.clearTimers();
      this.setState('closed');
      return;
    }
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const max = this.options.maxReconnectAttempts ?? 10;
    if (this.backoff.attempts >= max) {
      const attempts = this.backoff.attempts;
      this.stopped = true;
      this.setState('closed');
      this.emit('reconnectFailed', attempts, this.lastError);
      return;
    }
    // A refused connect waits for the server's retryAfter, however short the backoff would be.
    const delay = Math.max(this.backoff.next(this.options.timers.now()), this.refusedForMs);
    this.refusedForMs = 0;
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.openSocket();
    } catch (error) {
      this.lastError = errorOf(error);
      if (!this.stopped) this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      this.current?.retire('closed while reconnecting');
      return;
    }
    const attempts = this.backoff.attempts;
    this.backoff.succeeded(this.options.timers.now());
    this.lastError = undefined;
    this.startHeartbeat();
    this.setState('open');
    this.emit('reconnected', attempts);
    this.emit('ready');
  }

  /** Starts the requested refresh after its random spread delay (at once when the spread is 0). */
  private scheduleRefresh(): void {
    if (this.refreshDelayTimer !== undefined || this.pending) return;
    const spreadMs = this.options.refreshSpreadMs ?? 120_000;
    const delayMs = Math.floor((this.options.random ?? Math.random)() * spreadMs);
    const start = (): void => {
      if (this.id !== undefined) void this.refresh(this.id);
    };
    if (delayMs <= 0) {
      start();
      return;
    }
    this.refreshDelayTimer = this.options.timers.setTimeout(() => {
      this.refreshDelayTimer = undefined;
      start();
    }, delayMs);
  }

  private cancelScheduledRefresh(): void {
    if (this.refreshDelayTimer !== undefined) this.options.timers.clearTimeout(this.refreshDelayTimer);
    this.refreshDelayTimer = undefined;
  }

  private async refresh(previousConnectionId: string): Promise<void> {
    if (this.pending || this.currentState !== 'open') return;
    this.currentClosedDuringRefresh = false;
    this.emit('refreshing');
    this.refreshCount += 1;
    const requestId = `refresh-${this.refreshCount}`;
    const timeoutMs = this.options.refreshTimeoutMs ?? 10_000;
    this.refreshTimer = this.options.timers.setTimeout(
      () => this.refreshTimedOut(`no connectionRefreshComplete within ${timeoutMs} ms`),
      timeoutMs,
    );
    let socket: ContractSocket;
    try {
      socket = await this.openSocket(true);
    } catch (error) {
      this.refreshFailed(errorOf(error).message); // a no-op when the refresh already timed out
      return;
    }
    if (socket === this.current) return; // swapped already: the server confirmed the refresh at the handshake
    if (!this.isPending(socket)) {
      socket.retire('refresh abandoned');
      return;
    }
    this.refreshRequestId = requestId;
    socket.send({ action: 'refreshConnection', previousConnectionId, requestId });
  }

  private isBeingReplaced(socket: ContractSocket): boolean {
    return (socket === this.current && this.pending !== undefined) || socket === this.replaced?.socket;
  }

  private isPending(socket: ContractSocket): boolean {
    return socket === this.pending;
  }

  private swap(socket: ContractSocket, connectionId: string): void {
    this.id = connectionId;
    this.adopt(socket);
    this.emit('refreshed', connectionId);
    this.emit('ready');
  }

  /** Makes the refresh's new socket current; the one it replaces is listened to for the grace period. */
  private adopt(socket: ContractSocket): void {
    this.clearRefresh();
    const old = this.current;
    this.current = socket;
    this.pending = undefined;
    this.currentClosedDuringRefresh = false;
    if (old) this.retireLater(old);
    this.startHeartbeat();
  }

  private retireLater(socket: ContractSocket): void {
    this.retireReplaced();
    const timer = this.options.timers.setTimeout(() => this.retireReplaced(), REPLACED_SOCKET_GRACE_MS);
    this.replaced = { socket, timer };
  }

  private retireReplaced(): void {
    if (!this.replaced) return;
    this.options.timers.clearTimeout(this.replaced.timer);
    this.replaced.socket.retire('connection refreshed');
    this.replaced = undefined;
  }

  /**
   * No confirmation in time. A replacement whose handshake succeeded is kept all the same: the server
   * moves the connection's row to the new socket during its `$connect` (a refused refresh refuses the
   * handshake), so only the greeting is late, and the old socket is the one it no longer knows.
   */
  private refreshTimedOut(reason: string): void {
    const socket = this.pending;
    if (!socket || socket.state !== 'open') {
      this.refreshFailed(reason);
      return;
    }
    this.adopt(socket);
    this.emit('refreshFailed', `${reason}; kept the new connection, which the server has taken over`);
    this.emit('ready');
  }

  private refreshFailed(reason: string): void {
    const wasRefreshing = this.refreshTimer !== undefined || this.pending !== undefined;
    if (!wasRefreshing) return;
    this.clearRefresh();
    const socket = this.pending;
    this.pending = undefined;
    this.emit('refreshFailed', reason);
    if (!this.currentClosedDuringRefresh) {
      socket?.retire('refresh failed');
      this.emit('ready');
      return;
    }
    this.currentClosedDuringRefresh = false;
    if (socket && socket.state === 'open') {
      // The old connection is gone but the new one is up: keep it.
      this.current?.retire('replaced');
      this.current = socket;
      this.startHeartbeat();
      this.emit('ready');
      return;
    }
    socket?.retire('refresh failed');
    this.emit('disconnected', 1006, reason, !this.stopped);
    if (this.stopped) return;
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private clearRefresh(): void {
    if (this.refreshTimer !== undefined) this.options.timers.clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.refreshRequestId = undefined;
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const period = this.options.heartbeatIntervalMs ?? 30_000;
    if (period <= 0) return;
    this.awaitingHeartbeat = false;
    const beat = (): void => {
      const socket = this.current;
      if (!socket || this.currentState !== 'open') return;
      if (this.awaitingHeartbeat) {
        // Nothing came back for a whole period: the connection is dead even if no close arrived.
        this.heartbeatTimer = undefined;
        socket.retire('no heartbeat reply');
        this.socketClosed(socket, 4001, 'no heartbeat reply');
        return;
      }
      this.awaitingHeartbeat = true;
      socket.send({ action: 'heartbeat' });
      this.heartbeatTimer = this.options.timers.setTimeout(beat, period);
    };
    this.heartbeatTimer = this.options.timers.setTimeout(beat, period);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) this.options.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private clearTimers(): void {
    this.stopHeartbeat();
    this.clearRefresh();
    this.cancelScheduledRefresh();
    if (this.reconnectTimer !== undefined) this.options.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }
}
