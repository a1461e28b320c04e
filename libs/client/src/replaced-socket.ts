import { Disposers } from './disposers';
import type { Timers } from './timers';

/**
 * How long the socket a refresh replaced is still listened to. The server closes it right after
 * confirming the refresh; whatever was sent to it before that still arrives and is used (the
 * clients drop what comes twice).
 */
export const REPLACED_SOCKET_GRACE_MS = 5_000;

/** What is done with a replaced socket in the end. */
export interface RetirableSocket {
  retire(reason: string): void;
}

/**
 * The socket a refresh replaced, still listened to until the server closes it or the grace period
 * ends (then it is closed here).
 *
 * @example
 * const replaced = new ReplacedSocket(timers);
 * replaced.hold(oldSocket); // retired after REPLACED_SOCKET_GRACE_MS unless the server closes it first
 */
export class ReplacedSocket<Socket extends RetirableSocket> {
  private socket: Socket | undefined;
  private readonly cleanup: Disposers<'grace'>;

  constructor(timers: Timers) {
    this.cleanup = new Disposers(timers);
  }

  /** Listens to `socket` for the grace period; one held before is retired now. */
  hold(socket: Socket): void {
    this.release();
    this.socket = socket;
    this.cleanup.timeout('grace', () => this.release(), REPLACED_SOCKET_GRACE_MS);
  }

  /** True for the socket held now. */
  holds(socket: Socket): boolean {
    return this.socket !== undefined && socket === this.socket;
  }

  /** The server closed `socket`: stop waiting for it. False when it is not the one held. */
  closed(socket: Socket): boolean {
    if (!this.holds(socket)) return false;
    this.cleanup.dispose();
    this.socket = undefined;
    return true;
  }

  /** Retires the held socket now (the grace ended, or the connection is closing). */
  release(): void {
    const socket = this.socket;
    if (!socket) return;
    this.cleanup.dispose();
    this.socket = undefined;
    socket.retire('connection refreshed');
  }
}
