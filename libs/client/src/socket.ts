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

/** The life of one physical socket. */
export type SocketState = 'idle' | 'connecting' | 'open' | 'closed';

export interface SocketEvents {
  message: (message: ServerMessage) => void;
  /**
   * A frame that was not a valid server message (not JSON, an unknown type, a field missing or of
   * the wrong type — the contract's schema of its type); it is dropped, never thrown.
   */
  invalidMessage: (reason: string) => void;
  /** The socket closed after it had opened. */
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

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  // Binary frames are not part of the contract (ws may hand over Buffers for text in some modes).
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  return undefined;
}

/**
 * One physical WebSocket connection speaking the LingoCast contract: JSON text frames out,
 * validated server messages in. A malformed frame is reported as `invalidMessage`, never thrown.
 */
export class ContractSocket extends TypedEmitter<SocketEvents> {
  private socket: WebSocketLike | undefined;
  private currentState: SocketState = 'idle';
  private abandon: ((reason: string) => void) | undefined;

  constructor(private readonly WebSocketImpl: WebSocketFactory) {
    super();
  }

  get state(): SocketState {
    return this.currentState;
  }

  /** Opens the connection; rejects if it closes before opening (refused handshake) or is aborted. */
  open(url: string): Promise<void> {
    this.currentState = 'connecting';
    return new Promise<void>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new this.WebSocketImpl(url) as WebSocketLike;
      } catch (error) {
        this.currentState = 'closed';
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.socket = socket;
      this.abandon = (reason) => {
        this.currentState = 'closed';
        reject(new Error(reason));
      };
      socket.onopen = () => {
        this.abandon = undefined;
        this.currentState = 'open';
        resolve();
      };
      // Always listen for errors (an unhandled 'error' kills a Node process); the close that follows
      // carries the outcome.
      socket.onerror = () => undefined;
      socket.onclose = (event) => {
        const wasOpen = this.currentState === 'open';
        this.currentState = 'closed';
        this.abandon = undefined;
        if (!wasOpen) reject(new Error(`connection refused or failed (close code ${event.code})`));
        else this.emit('close', event.code, event.reason);
      };
      socket.onmessage = (event) => this.receive(event.data);
    });
  }

  /** Sends one client message; false when the socket is not open. */
  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the socket; an open() still waiting is rejected. */
  close(code = 1000, reason = 'client closed'): void {
    this.abandon?.(`connection abandoned: ${reason}`);
    try {
      this.socket?.close(code, reason);
    } catch {
      // already closing, or an implementation that refuses the code: nothing more to do
    }
  }

  /** Stops reporting anything from this socket (it is being replaced), then closes it. */
  retire(reason: string): void {
    const socket = this.socket;
    if (socket) {
      socket.onmessage = null;
      socket.onclose = null;
      socket.onopen = null;
      socket.onerror = () => undefined;
    }
    this.close(1000, reason);
    this.currentState = 'closed';
  }

  private receive(data: unknown): void {
    const text = frameText(data);
    if (text === undefined) {
      this.emit('invalidMessage', 'a binary frame');
      return;
    }
    let parsed: ReturnType<typeof parseServerMessage>;
    try {
      parsed = parseServerMessage(text);
    } catch (error) {
      this.emit('invalidMessage', error instanceof Error ? error.message : String(error));
      return;
    }
    if (!parsed.ok) {
      this.emit('invalidMessage', parsed.message);
      return;
    }
    this.emit('message', parsed.value);
  }
}
