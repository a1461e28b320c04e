import type {
  ErrorMessage,
  ServerMessage,
  SessionEndedMessage,
  SessionJoinedMessage,
  TranscriptMessage,
} from '@lingocast/contract';
import type { ReceivedAudio } from './audio-assembler';
import { AudioAssembler } from './audio-assembler';
import { TypedEmitter } from './emitter';
import { LingoCastError, PendingRequests } from './requests';
import type { WebSocketFactory } from './socket';
import { ContractSocket, resolveWebSocket } from './socket';

export interface ListenerClientOptions {
  /** The WebSocket API, e.g. `ws://127.0.0.1:4201`. */
  websocketUrl: string;
  WebSocket?: WebSocketFactory;
  requestTimeoutMs?: number;
}

export interface ListenerEvents {
  sessionJoined: (message: SessionJoinedMessage) => void;
  /** One utterance's translated speech, complete (parts joined). */
  audioReceived: (audio: ReceivedAudio) => void;
  transcript: (message: TranscriptMessage) => void;
  sessionEnded: (message: SessionEndedMessage) => void;
  sessionPaused: () => void;
  sessionResumed: () => void;
  error: (error: ErrorMessage) => void;
  message: (message: ServerMessage) => void;
  disconnect: (code: number, reason: string) => void;
  listenerError: (error: unknown) => void;
}

/**
 * A listener: join a session in a language, receive translated speech and captions.
 *
 * @example
 * const listener = new ListenerClient({ websocketUrl, WebSocket });
 * listener.on('audioReceived', ({ audio }) => play(audio));
 * await listener.join('golden-eagle-427', 'es');
 */
export class ListenerClient extends TypedEmitter<ListenerEvents> {
  private readonly socket: ContractSocket;
  private readonly requests: PendingRequests;
  private readonly assembler = new AudioAssembler();

  constructor(private readonly options: ListenerClientOptions) {
    super();
    this.socket = new ContractSocket(resolveWebSocket(options.WebSocket));
    this.requests = new PendingRequests(options.requestTimeoutMs ?? 10_000);
    this.socket.on('message', (message) => this.receive(message));
    this.socket.on('close', (code, reason) => {
      this.requests.failAll('the connection closed');
      this.emit('disconnect', code, reason);
    });
  }

  /** Connects to a session; resolves with `sessionJoined`. */
  async join(sessionId: string, targetLanguage: string): Promise<SessionJoinedMessage> {
    const joined = new Promise<SessionJoinedMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LingoCastError('TIMEOUT', 'no sessionJoined')),
        this.options.requestTimeoutMs ?? 10_000,
      );
      (timer as { unref?: () => void }).unref?.();
      this.once('sessionJoined', (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    const query = `sessionId=${encodeURIComponent(sessionId)}&targetLanguage=${encodeURIComponent(targetLanguage)}`;
    await this.socket.open(`${this.options.websocketUrl}?${query}`);
    return joined;
  }

  /** Switches to another language; the next utterances arrive in it. */
  async changeLanguage(targetLanguage: string): Promise<void> {
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    this.socket.send({ action: 'changeLanguage', targetLanguage, requestId });
    await reply;
  }

  close(): void {
    this.socket.close();
  }

  private receive(message: ServerMessage): void {
    this.requests.settle(message);
    this.emit('message', message);
    switch (message.type) {
      case 'sessionJoined':
        this.emit('sessionJoined', message);
        break;
      case 'translatedAudio': {
        const complete = this.assembler.add(message);
        if (complete) this.emit('audioReceived', complete);
        break;
      }
      case 'transcript':
        this.emit('transcript', message);
        break;
      case 'sessionEnded':
        this.emit('sessionEnded', message);
        break;
      case 'broadcastPaused':
        this.emit('sessionPaused');
        break;
      case 'broadcastResumed':
        this.emit('sessionResumed');
        break;
      case 'error':
        this.emit('error', message);
        break;
      default:
        break;
    }
  }
}
