import type { ClientMessage, ServerMessage } from '@lingocast/contract';
import { parseServerMessage } from '@lingocast/validation';
import { TypedEmitter } from './emitter';

/** The part of the WebSocket API the clients use: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/**
 * A WebSocket constructor: the browser's `WebSocket`, or `ws` in Node. Typed loosely because the
 * two declare their event types differently; both provide what WebSocketLike describes.
 */
export type WebSocketFactory = new (url: string) => object;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed';

export interface SocketEvents {
  open: () => void;
  message: (message: ServerMessage) => void;
  /** A frame that was not a valid server message; it is dropped, never thrown. */
  invalidMessage: (reason: string) => void;
  close: (code: number, reason: string) => void;
  listenerError: (error: unknown) => void;
}

const OPEN = 1;

/** Finds the WebSocket implementation: the one given, or the platform's. */
export function resolveWebSocket(given?: WebSocketFactory): WebSocketFactory {
  if (given) return given;
  const globalSocket = (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
  if (!globalSocket)
    throw new Error('no WebSocket implementation: pass `WebSocket` (e.g. from the ws package) in Node');
  return globalSocket;
}

/**
 * One WebSocket connection speaking the LingoCast contract: JSON text frames out, validated
 * server messages in.
 */
export class ContractSocket extends TypedEmitter<SocketEvents> {
  private socket: WebSocketLike | undefined;
  private currentState: ConnectionState = 'idle';

  constructor(private readonly WebSocketImpl: WebSocketFactory) {
    super();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Opens the connection; rejects if it closes before opening (refused handshake). */
  open(url: string): Promise<void> {
    this.currentState = 'connecting';
    const socket = new this.WebSocketImpl(url) as WebSocketLike;
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      socket.onopen = () => {
        this.currentState = 'open';
        this.emit('open');
        resolve();
      };
      socket.onerror = () => undefined; // the close event that follows carries the outcome
      socket.onclose = (event) => {
        const wasOpen = this.currentState === 'open';
        this.currentState = 'closed';
        if (!wasOpen) reject(new Error(`connection refused or failed (close code ${event.code})`));
        else this.emit('close', event.code, event.reason);
      };
      socket.onmessage = (event) => this.receive(event.data);
    });
  }

  /** Sends one client message; false when the socket is not open. */
  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(code = 1000, reason = 'client closed'): void {
    this.socket?.close(code, reason);
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : String(data);
    const parsed = parseServerMessage(text);
    if (parsed.ok) this.emit('message', parsed.value);
    else this.emit('invalidMessage', parsed.message);
  }
}
