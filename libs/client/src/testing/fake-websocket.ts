import type { WebSocketLike } from '../socket';

/** An in-memory WebSocket: tests open, feed and close it by hand. */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    const wasOpen = this.readyState === 1;
    this.readyState = 3;
    if (wasOpen || code !== 1000) this.onclose?.({ code, reason });
  }

  /** The server accepts the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The connection drops without a close handshake (network gone, server killed). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  /** The server refuses the handshake. */
  refuse(code = 1006): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code, reason: 'refused' });
  }

  /** A frame from the server. */
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  /** Sent messages with this action. */
  sentActions(action: string): Array<Record<string, unknown>> {
    return this.sentMessages().filter((message) => message['action'] === action);
  }

  sentMessages(): Array<Record<string, unknown>> {
    return this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
  }
}
