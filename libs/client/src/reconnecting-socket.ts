import type { ClientMessage } from '@lingocast/contract';
import type { BackoffOptions } from './backoff';
import { Backoff } from './backoff';
import { Disposers } from './disposers';
import { TypedEmitter } from './emitter';
import type { ContractSocket } from './socket';
import type { Timers } from './timers';

/** Where a client's connection is: the typed state both clients expose. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The reconnect part of ConnectionTuning. */
export interface ReconnectTuning {
  /** Reconnect when the socket drops unexpectedly (default true). */
  reconnect?: boolean;
  /** Give up after this many failed attempts in a row (default 10), then emit `reconnectFailed`. */
  maxReconnectAttempts?: number;
  /** Backoff between attempts (default 500 ms doubling to 30 s, half jitter, reset after 10 s up). */
  backoff?: BackoffOptions;
}

export interface ReconnectingSocketOptions extends ReconnectTuning {
  /** Opens the next socket; `claim` makes it the current one before it opens. */
  connect: (claim: (socket: ContractSocket) => void) => Promise<ContractSocket>;
  timers: Timers;
  /** 0 ≤ x < 1, spreads a refused crowd; default Math.random. */
  random?: () => number;
}

export interface ReconnectingSocketEvents {
  state: (state: ConnectionState, previous: ConnectionState) => void;
  /** The current socket closed; `willReconnect` tells whether a reconnect follows. */
  disconnected: (code: number, reason: string, willReconnect: boolean) => void;
  reconnected: (attempts: number) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  refused: (code: string, retryAfterSeconds: number) => void;
  /** A socket is open after `open()` or a reconnect. */
  ready: () => void;
}

/** The `action` of the `error` with which the server refuses a new socket on the socket itself. */
const CONNECT_ACTION = '$connect';

/** Codes with which the server refuses a new socket on the socket itself, with a `retryAfter`. */
const REFUSED_CODES: ReadonlySet<string> = new Set(['RATE_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE']);

/** The most a refused crowd is spread beyond the server's retryAfter, so it does not come back at once. */
const MAX_REFUSAL_SPREAD_MS = 10_000;

/** `error` as an Error. */
export const errorOf = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * True for an error about `$connect` that says when to come back: the server refusing the socket
 * (on a socket it has not greeted; on a greeted one the same codes answer an action).
 *
 * @example
 * refusesConnect({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 5, action: '$connect' }); // true
 */
export function refusesConnect(message: { code: string; retryAfter?: number; action?: string }): boolean {
  return (
    message.action === CONNECT_ACTION &&
    REFUSED_CODES.has(message.code) &&
    typeof message.retryAfter === 'number'
  );
}

/**
 * The socket that reconnects, apart from the protocol (socket.io-client's Manager, partysocket):
 * the state union, backoff with jitter after unexpected drops, a limit of attempts, and the wait a
 * refused connect asks for.
 *
 * @example
 * const link = new ReconnectingSocket({ connect: (claim) => opener.open({}, claim), timers });
 * link.on('state', (state) => console.log(state));
 * await link.open();
 */
export class ReconnectingSocket extends TypedEmitter<ReconnectingSocketEvents> {
  private currentState: ConnectionState = 'closed';
  private socket: ContractSocket | undefined;
  private closedForGood = false;
  private serverWillClose = false;
  private lastError: Error | undefined;
  /** The server's retryAfter of a refused connect, in ms: the next reconnect waits at least this. */
  private refusedForMs = 0;
  private readonly backoff: Backoff;
  private readonly cleanup: Disposers<'reconnect'>;

  constructor(private readonly options: ReconnectingSocketOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
    this.cleanup = new Disposers(options.timers);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The socket in use (open, opening, or the one that just closed). */
  get current(): ContractSocket | undefined {
    return this.socket;
  }

  /** True once closed for good: by `close()`, a drop that is not retried, or attempts given up. */
  get stopped(): boolean {
    return this.closedForGood;
  }

  /** Opens the first socket; rejects (and stays closed) when it cannot. */
  async open(): Promise<void> {
    this.closedForGood = false;
    this.serverWillClose = false;
    this.setState('connecting');
    try {
      const socket = await this.attempt();
      if (this.closedForGood) {
        socket.retire('closed while connecting');
        throw new Error('the client was closed while connecting');
      }
    } catch (error) {
      this.socket = undefined;
      this.setState('closed');
      throw errorOf(error);
    }
    this.backoff.reset();
    this.backoff.succeeded(this.options.timers.now());
    this.setState('open');
    this.emit('ready');
  }

  /** Sends on the current socket; false when there is none open. */
  send(message: ClientMessage): boolean {
    if (this.currentState !== 'open' || !this.socket) return false;
    return this.socket.send(message);
  }

  /** The server announced it will close the socket (session ended): do not reconnect then. */
  expectServerClose(): void {
    this.serverWillClose = true;
  }

  /** Makes `socket` (a refresh's) the current one; returns the one it replaces. */
  adopt(socket: ContractSocket): ContractSocket | undefined {
    const previous = this.socket;
    this.socket = socket;
    return previous;
  }

  /** The current socket closed: reconnects unless closed for good, told not to, or the server ended it. */
  dropped(code: number, reason: string): void {
    const willReconnect = !this.closedForGood && !this.serverWillClose && this.options.reconnect !== false;
    this.emit('disconnected', code, reason, willReconnect);
    if (!willReconnect) {
      this.closedForGood = true;
      this.cleanup.dispose();
      this.setState('closed');
      return;
    }
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  /** Every socket is gone (a refresh failed after the old one closed): reconnects unless closed for good. */
  lost(code: number, reason: string): void {
    this.emit('disconnected', code, reason, !this.closedForGood);
    if (this.closedForGood) return;
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  /** Waits out the server's retryAfter (plus a random spread) before the next attempt, which the close starts. */
  refusedAtConnect(socket: ContractSocket, code: string, retryAfterSeconds: number): void {
    const retryAfterMs = retryAfterSeconds * 1000;
    const spreadMs = Math.min(retryAfterMs / 2, MAX_REFUSAL_SPREAD_MS);
    this.refusedForMs = retryAfterMs + Math.floor((this.options.random ?? Math.random)() * spreadMs);
    this.lastError = new Error(`${code}: refused by the server; retry after ${retryAfterSeconds} s`);
    this.emit('refused', code, retryAfterSeconds);
    socket.close(4429, `${code}; retrying after ${retryAfterSeconds} s`);
  }

  /** Closes for good: no reconnect. */
  close(code: number, reason: string): void {
    this.closedForGood = true;
    this.cleanup.dispose();
    const socket = this.socket;
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

  private attempt(): Promise<ContractSocket> {
    return this.options.connect((socket) => {
      this.socket = socket;
    });
  }

  private scheduleReconnect(): void {
    const max = this.options.maxReconnectAttempts ?? 10;
    if (this.backoff.attempts >= max) {
      const attempts = this.backoff.attempts;
      this.closedForGood = true;
      this.setState('closed');
      this.emit('reconnectFailed', attempts, this.lastError);
      return;
    }
    // A refused connect waits for the server's retryAfter, however short the backoff would be.
    const delay = Math.max(this.backoff.next(this.options.timers.now()), this.refusedForMs);
    this.refusedForMs = 0;
    this.cleanup.timeout('reconnect', () => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.closedForGood) return;
    try {
      await this.attempt();
    } catch (error) {
      this.lastError = errorOf(error);
      if (!this.closedForGood) this.scheduleReconnect();
      return;
    }
    if (this.closedForGood) {
      this.socket?.retire('closed while reconnecting');
      return;
    }
    const attempts = this.backoff.attempts;
    this.backoff.succeeded(this.options.timers.now());
    this.lastError = undefined;
    this.setState('open');
    this.emit('reconnected', attempts);
    this.emit('ready');
  }
}
