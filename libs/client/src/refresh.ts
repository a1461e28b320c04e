import { Disposers } from './disposers';
import { TypedEmitter } from './emitter';
import { errorOf } from './reconnecting-socket';
import { ReplacedSocket } from './replaced-socket';
import type { ContractSocket } from './socket';
import type { Timers } from './timers';

/** The refresh part of ConnectionTuning. */
export interface RefreshTuning {
  /** How long a connection refresh may take before the old connection is kept (default 10 000 ms). */
  refreshTimeoutMs?: number;
  /**
   * A refresh the server asks for starts after a random delay of up to this (default 120 000 ms), so
   * an audience that joined together does not reconnect all at once; a `connectionWarning` (5 minutes
   * after the request, 15 before API Gateway closes the socket) starts it at once. 0 = at once.
   */
  refreshSpreadMs?: number;
}

/** What the refresh needs of the connection it switches. */
export interface RefreshHost {
  /** The server's id of the current connection, once known. */
  connectionId(): string | undefined;
  /** True while the connection is open: a refresh starts only then. */
  isOpen(): boolean;
  /** The socket in use now. */
  current(): ContractSocket | undefined;
  /** Opens the replacement, naming the connection it replaces; `claim` runs before it opens. */
  openReplacement(
    previousConnectionId: string,
    claim: (socket: ContractSocket) => void,
  ): Promise<ContractSocket>;
  /** Makes `socket` the current one; returns the one it replaces. */
  adopt(socket: ContractSocket): ContractSocket | undefined;
  /** The current socket changed: restart what runs per socket (the heartbeat). */
  switched(): void;
  /** Both sockets are gone: report the drop and reconnect unless closed. */
  lost(code: number, reason: string): void;
}

export interface RefreshOptions extends RefreshTuning {
  timers: Timers;
  /** 0 ≤ x < 1; default Math.random. */
  random?: () => number;
}

export interface RefreshEvents {
  refreshing: () => void;
  refreshed: (connectionId: string) => void;
  refreshFailed: (reason: string) => void;
  /** The switch is over (done, given up or kept): queued work can be sent. */
  ready: () => void;
}

/**
 * The two-socket switch of a connection refresh: on the server's request (after a random spread)
 * a second socket names the connection it replaces, sends `refreshConnection`, and becomes current
 * on `connectionRefreshComplete`; the one it replaced is listened to for a grace period.
 *
 * @example
 * const refresh = new Refresh(host, { timers, refreshSpreadMs: 0 });
 * refresh.on('refreshed', (id) => console.log('now', id));
 * refresh.schedule(); // on connectionRefreshRequired
 */
export class Refresh extends TypedEmitter<RefreshEvents> {
  private pending: ContractSocket | undefined;
  /** From the refresh's start until it is done or given up (the replacement may not exist yet). */
  private underway = false;
  private requestId: string | undefined;
  private currentClosedDuringRefresh = false;
  private count = 0;
  private readonly replaced: ReplacedSocket<ContractSocket>;
  private readonly cleanup: Disposers<'spread' | 'timeout'>;

  constructor(
    private readonly host: RefreshHost,
    private readonly options: RefreshOptions,
  ) {
    super();
    this.replaced = new ReplacedSocket(options.timers);
    this.cleanup = new Disposers(options.timers);
  }

  /** True while a second socket is being switched to. */
  get switching(): boolean {
    return this.pending !== undefined;
  }

  /** True when nothing of a refresh stands between a message and the socket that stays. */
  get settled(): boolean {
    return !this.switching && !this.currentClosedDuringRefresh;
  }

  isPending(socket: ContractSocket): boolean {
    return socket === this.pending;
  }

  /** The socket a refresh is replacing, or has replaced and still listens to. */
  isBeingReplaced(socket: ContractSocket): boolean {
    return (socket === this.host.current() && this.pending !== undefined) || this.replaced.holds(socket);
  }

  /** True for the requestId of this refresh's `refreshConnection`. */
  answers(requestId: string): boolean {
    return this.requestId !== undefined && requestId === this.requestId;
  }

  /** The server asked for a refresh: starts it after its random spread delay (at once when the spread is 0). */
  schedule(): void {
    if (this.cleanup.has('spread') || this.pending) return;
    const spreadMs = this.options.refreshSpreadMs ?? 120_000;
    const delayMs = Math.floor((this.options.random ?? Math.random)() * spreadMs);
    const start = (): void => {
      const id = this.host.connectionId();
      if (id !== undefined) void this.run(id);
    };
    if (delayMs <= 0) start();
    else this.cleanup.timeout('spread', start, delayMs);
  }

  /** Forgets a refresh waiting for its spread delay (a new connection needs none). */
  cancelScheduled(): void {
    this.cleanup.dispose('spread');
  }

  /**
   * Starts a refresh now. The server asks for one once; a `connectionWarning` means it failed, never
   * came or still waits for its spread delay, while there is time before API Gateway closes the socket.
   */
  hurry(previousConnectionId: string): void {
    this.cancelScheduled();
    void this.run(previousConnectionId);
  }

  /** The server confirmed the refresh on the replacement: it becomes current. */
  completed(socket: ContractSocket, connectionId: string): void {
    this.adopt(socket);
    this.emit('refreshed', connectionId);
    this.emit('ready');
  }

  /** A socket closed: handles the replacement and the replaced one (true), leaves any other (false). */
  closed(socket: ContractSocket, code: number): boolean {
    if (socket === this.pending) {
      this.fail(`the new connection closed (code ${code})`);
      return true;
    }
    return this.replaced.closed(socket);
  }

  /** The current socket closed: during a switch the server closing the old one is expected (true). */
  currentClosed(): boolean {
    if (!this.pending) return false;
    this.currentClosedDuringRefresh = true;
    return true;
  }

  /** Gives the refresh up; the old socket, or the new one when the old is gone, stays (or a reconnect follows). */
  fail(reason: string): void {
    if (!this.underway && this.pending === undefined) return;
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
      this.host.current()?.retire('replaced');
      this.host.adopt(socket);
      this.host.switched();
      this.emit('ready');
      return;
    }
    socket?.retire('refresh failed');
    this.host.lost(1006, reason);
  }

  /** Stops the timers of a refresh (the connection closed); the replaced socket keeps its grace. */
  clearTimers(): void {
    this.clearRefresh();
    this.cancelScheduled();
  }

  /** The connection is closing: timers stop, the replacement and the replaced socket are closed. */
  stop(reason: string): void {
    this.clearTimers();
    this.pending?.retire(reason);
    this.pending = undefined;
    this.replaced.release();
  }

  private async run(previousConnectionId: string): Promise<void> {
    if (this.pending || !this.host.isOpen()) return;
    this.currentClosedDuringRefresh = false;
    this.emit('refreshing');
    this.count += 1;
    const requestId = `refresh-${this.count}`;
    const timeoutMs = this.options.refreshTimeoutMs ?? 10_000;
    this.underway = true;
    this.cleanup.timeout(
      'timeout',
      () => this.timedOut(`no connectionRefreshComplete within ${timeoutMs} ms`),
      timeoutMs,
    );
    let socket: ContractSocket;
    try {
      socket = await this.host.openReplacement(previousConnectionId, (opening) => {
        this.pending = opening;
      });
    } catch (error) {
      this.fail(errorOf(error).message); // a no-op when the refresh already timed out
      return;
    }
    if (socket === this.host.current()) return; // swapped already: the server confirmed the refresh at the handshake
    if (!this.isPending(socket)) {
      socket.retire('refresh abandoned');
      return;
    }
    this.requestId = requestId;
    socket.send({ action: 'refreshConnection', previousConnectionId, requestId });
  }

  /**
   * No confirmation in time. A replacement whose handshake succeeded is kept all the same: the server
   * moves the connection's row to the new socket during its `$connect` (a refused refresh refuses the
   * handshake), so only the greeting is late, and the old socket is the one it no longer knows.
   */
  private timedOut(reason: string): void {
    const socket = this.pending;
    if (!socket || socket.state !== 'open') {
      this.fail(reason);
      return;
    }
    this.adopt(socket);
    this.emit('refreshFailed', `${reason}; kept the new connection, which the server has taken over`);
    this.emit('ready');
  }

  /** Makes the replacement current; the one it replaces is listened to for the grace period. */
  private adopt(socket: ContractSocket): void {
    this.clearRefresh();
    const old = this.host.adopt(socket);
    this.pending = undefined;
    this.currentClosedDuringRefresh = false;
    if (old) this.replaced.hold(old);
    this.host.switched();
  }

  private clearRefresh(): void {
    this.cleanup.dispose('timeout');
    this.underway = false;
    this.requestId = undefined;
  }
}
