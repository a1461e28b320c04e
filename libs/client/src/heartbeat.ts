import type { ClientMessage } from '@lingocast/contract';
import { Disposers } from './disposers';
import type { Timers } from './timers';

/** What the heartbeat sends on. */
export interface HeartbeatSocket {
  send(message: ClientMessage): boolean;
}

export interface HeartbeatOptions<Socket extends HeartbeatSocket> {
  timers: Timers;
  /** Period in ms; 0 or less turns the heartbeat off. */
  periodMs: number;
  /** The open socket to beat on now, or undefined when there is none (the heartbeat then stops). */
  target: () => Socket | undefined;
  /** Nothing came back on `socket` for a whole period: it is dead even if no close arrived. */
  onSilence: (socket: Socket) => void;
}

/**
 * Sends `heartbeat` every period on the current socket and reports a socket that answered nothing
 * (no frame at all) for a whole period.
 *
 * @example
 * const heartbeat = new Heartbeat({ timers, periodMs: 30_000, target: () => socket, onSilence: drop });
 * heartbeat.start();
 * socket.on('message', () => heartbeat.answered());
 */
export class Heartbeat<Socket extends HeartbeatSocket> {
  private awaitingReply = false;
  private readonly cleanup: Disposers<'beat'>;

  constructor(private readonly options: HeartbeatOptions<Socket>) {
    this.cleanup = new Disposers(options.timers);
  }

  /** (Re)starts the period: the first heartbeat goes out one period from now. */
  start(): void {
    this.stop();
    if (this.options.periodMs <= 0) return;
    this.awaitingReply = false;
    this.schedule();
  }

  /** Something arrived on the current socket: it is alive. */
  answered(): void {
    this.awaitingReply = false;
  }

  stop(): void {
    this.cleanup.dispose();
  }

  private schedule(): void {
    this.cleanup.timeout('beat', () => this.beat(), this.options.periodMs);
  }

  private beat(): void {
    const socket = this.options.target();
    if (!socket) return;
    if (this.awaitingReply) {
      this.options.onSilence(socket);
      return;
    }
    this.awaitingReply = true;
    socket.send({ action: 'heartbeat' });
    this.schedule();
  }
}
