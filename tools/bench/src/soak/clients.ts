import WebSocket from 'ws';
import { LingoCastError } from '@lingocast/client';
import type { ErrorMessage, ServerMessage, WebSocketFactory } from '@lingocast/client';

// What the soak bench counts on the clients: heartbeats timed on the socket, lifecycle events, errors.

export type Role = 'speaker' | 'listener';

/** A latency and when it was measured (performance.now()). */
export interface Timed {
  at: number;
  ms: number;
}

/** Counts by label (errors by code, lifecycle events), printed sorted. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(label: string, count = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + count);
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  /** `label n, label n, …` of the labels starting with `prefix`, or `none`. */
  format(prefix = ''): string {
    const rows = [...this.counts]
      .filter(([label]) => label.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return rows.length === 0
      ? 'none'
      : rows.map(([label, n]) => `${label.slice(prefix.length)} ${n}`).join(', ');
  }
}

/** Heartbeats as the client library sends them, timed on the socket itself: sent → `heartbeatAck`. */
export interface HeartbeatStats {
  acks: Timed[];
  sent: number;
  /** Sent while the socket's previous heartbeat had no ack (answered by an error, or not at all). */
  unanswered: number;
  /** The socket closed with a heartbeat unanswered (a refresh retires the old socket, or the end of the run). */
  pendingAtClose: number;
}

type SendArgs = Parameters<WebSocket['send']>;
type SendCallback = (error?: Error) => void;

/**
 * The `ws` WebSocket with the heartbeats the client sends on it timed. One heartbeat is in flight
 * per socket at most (the client sends the next one a period later), and the ack carries no
 * requestId: the first `heartbeatAck` after a heartbeat answers it.
 */
export function timedWebSocket(stats: HeartbeatStats): WebSocketFactory {
  return class TimedWebSocket extends WebSocket {
    private heartbeatSentAt: number | undefined;

    constructor(url: string) {
      super(url);
      this.on('message', (data: WebSocket.RawData) => {
        // Acks are tiny; the size check spares decoding every translatedAudio frame.
        if (this.heartbeatSentAt === undefined || !Buffer.isBuffer(data) || data.length > 200) return;
        if (!data.toString('utf8').includes('"type":"heartbeatAck"')) return;
        const now = performance.now();
        stats.acks.push({ at: now, ms: now - this.heartbeatSentAt });
        this.heartbeatSentAt = undefined;
      });
      this.on('close', () => {
        if (this.heartbeatSentAt !== undefined) stats.pendingAtClose += 1;
      });
    }

    override send(
      data: SendArgs[0],
      optionsOrCallback?: SendArgs[1] | SendCallback,
      callback?: SendCallback,
    ): void {
      // The clients send JSON text: a heartbeat is `{"action":"heartbeat"}`.
      if (typeof data === 'string' && data.startsWith('{"action":"heartbeat"')) {
        if (this.heartbeatSentAt !== undefined) stats.unanswered += 1;
        this.heartbeatSentAt = performance.now();
        stats.sent += 1;
      }
      if (typeof optionsOrCallback === 'function') super.send(data, optionsOrCallback);
      else super.send(data, optionsOrCallback ?? {}, callback);
    }
  };
}

/** The events both clients emit under the same names, for counting. */
interface CommonEvents {
  message: (message: ServerMessage) => void;
  connectionRefreshed: (connectionId: string) => void;
  reconnected: (attempts: number) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  error: (error: ErrorMessage) => void;
  invalidMessage: (reason: string) => void;
}

interface Watchable {
  on<K extends keyof CommonEvents>(event: K, listener: CommonEvents[K]): () => void;
}

/** When connections last changed (refresh asked, done, warned, reconnected), and when refreshes completed. */
export interface Churn {
  last: number;
  refreshesDone: number[];
}

/** Counts a client's lifecycle events and errors under `role`. */
export function watch(client: Watchable, role: Role, tally: Tally, churn: Churn): void {
  const changed = (label: string) => {
    tally.add(`${role}: ${label}`);
    churn.last = performance.now();
  };
  client.on('message', (message) => {
    if (
      message.type === 'connectionRefreshRequired' ||
      message.type === 'connectionWarning' ||
      message.type === 'connectionTimeout' ||
      message.type === 'sessionEnded'
    )
      changed(message.type);
  });
  client.on('connectionRefreshed', () => {
    changed('refresh completed');
    churn.refreshesDone.push(performance.now());
  });
  client.on('reconnected', () => changed('reconnected'));
  client.on('reconnectFailed', () => changed('reconnect failed'));
  client.on('error', (error) => tally.add(`error: ${role} ${error.action ?? ''} ${error.code}`));
  client.on('invalidMessage', () => tally.add(`error: ${role} invalid message`));
}

export const codeOf = (error: unknown): string =>
  error instanceof LingoCastError
    ? error.code
    : error instanceof Error
      ? error.message.slice(0, 80)
      : String(error);
