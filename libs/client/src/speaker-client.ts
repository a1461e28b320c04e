import type {
  AudioQualityWarningMessage,
  ClientMessage,
  ConnectionWarningMessage,
  ErrorMessage,
  QualityTier,
  ServerMessage,
  Session,
  SessionStatusMessage,
} from '@lingocast/contract';
import { toBase64 } from './base64';
import { TypedEmitter } from './emitter';
import { LingoCastError, PendingRequests } from './requests';
import type { WebSocketFactory } from './socket';
import { ContractSocket, resolveWebSocket } from './socket';

export interface SpeakerClientOptions {
  /** The HTTP API, e.g. `http://127.0.0.1:4200`. */
  httpUrl: string;
  /** The WebSocket API, e.g. `ws://127.0.0.1:4201`. */
  websocketUrl: string;
  /** Called on every (re)connect and request, so tokens can be refreshed. */
  tokenProvider: () => Promise<string> | string;
  WebSocket?: WebSocketFactory;
  requestTimeoutMs?: number;
}

export interface SpeakerEvents {
  sessionCreated: (session: Session) => void;
  connected: (sessionId: string) => void;
  audioAck: (sequenceNumber: number) => void;
  paused: () => void;
  resumed: () => void;
  connectionWarning: (message: ConnectionWarningMessage) => void;
  audioQualityWarning: (message: AudioQualityWarningMessage) => void;
  error: (error: ErrorMessage) => void;
  message: (message: ServerMessage) => void;
  disconnected: (code: number, reason: string) => void;
  listenerError: (error: unknown) => void;
}

/**
 * The speaker's side: create a session over HTTP, connect, stream PCM audio, control the broadcast.
 *
 * @example
 * const speaker = new SpeakerClient({ httpUrl, websocketUrl, tokenProvider: () => token, WebSocket });
 * const session = await speaker.createSession({ sourceLanguage: 'en' });
 * await speaker.connect(session.sessionId);
 * speaker.sendAudio(pcmChunk);
 */
export class SpeakerClient extends TypedEmitter<SpeakerEvents> {
  private readonly socket: ContractSocket;
  private readonly requests: PendingRequests;
  private sequenceNumber = 0;
  private sessionId: string | undefined;

  constructor(private readonly options: SpeakerClientOptions) {
    super();
    this.socket = new ContractSocket(resolveWebSocket(options.WebSocket));
    this.requests = new PendingRequests(options.requestTimeoutMs ?? 10_000);
    this.socket.on('message', (message) => this.receive(message));
    this.socket.on('close', (code, reason) => {
      this.requests.failAll('the connection closed');
      this.emit('disconnected', code, reason);
    });
  }

  /** Creates a session (POST /sessions). */
  async createSession(request: { sourceLanguage: string; qualityTier?: QualityTier }): Promise<Session> {
    const token = await this.options.tokenProvider();
    const response = await fetch(`${this.options.httpUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as
      Session | { error: { code: LingoCastError['code']; message: string } };
    if (!response.ok || 'error' in body) {
      const error =
        'error' in body ? body.error : { code: 'HTTP_ERROR' as const, message: `HTTP ${response.status}` };
      throw new LingoCastError(error.code, error.message);
    }
    this.emit('sessionCreated', body);
    return body;
  }

  /** Opens the speaker's WebSocket for a session it owns. */
  async connect(sessionId: string): Promise<void> {
    const token = await this.options.tokenProvider();
    const url = `${this.options.websocketUrl}?sessionId=${encodeURIComponent(sessionId)}&token=${encodeURIComponent(token)}`;
    await this.socket.open(url);
    this.sessionId = sessionId;
    this.emit('connected', sessionId);
  }

  /** Sends one chunk of 16 kHz mono PCM16LE audio (≤ 24 KB raw); returns its sequence number. */
  sendAudio(pcm: Uint8Array, format: { sampleRate?: number } = {}): number {
    const sequenceNumber = this.sequenceNumber;
    const sent = this.socket.send({
      action: 'sendAudio',
      sequenceNumber,
      audio: toBase64(pcm),
      ...(format.sampleRate ? { sampleRate: format.sampleRate } : {}),
    });
    if (!sent) throw new LingoCastError('NOT_CONNECTED', 'the speaker is not connected');
    this.sequenceNumber += 1;
    return sequenceNumber;
  }

  pause(): Promise<ServerMessage> {
    return this.request({ action: 'pauseBroadcast' });
  }

  resume(): Promise<ServerMessage> {
    return this.request({ action: 'resumeBroadcast' });
  }

  mute(): Promise<ServerMessage> {
    return this.request({ action: 'muteBroadcast' });
  }

  unmute(): Promise<ServerMessage> {
    return this.request({ action: 'unmuteBroadcast' });
  }

  setVolume(volume: number): Promise<ServerMessage> {
    return this.request({ action: 'setVolume', volume });
  }

  async getStatus(): Promise<SessionStatusMessage> {
    return (await this.request({ action: 'getSessionStatus' })) as SessionStatusMessage;
  }

  /** Ends the session for everyone and closes the connection. */
  async endSession(): Promise<void> {
    await this.request({ action: 'endSession' });
    this.socket.close();
  }

  close(): void {
    this.socket.close();
  }

  get currentSessionId(): string | undefined {
    return this.sessionId;
  }

  private async request(message: ClientMessage): Promise<ServerMessage> {
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    if (!this.socket.send({ ...message, requestId })) {
      this.requests.failAll('the speaker is not connected');
    }
    return reply;
  }

  private receive(message: ServerMessage): void {
    this.requests.settle(message);
    this.emit('message', message);
    switch (message.type) {
      case 'audioAck':
        this.emit('audioAck', message.sequenceNumber);
        break;
      case 'broadcastPaused':
        this.emit('paused');
        break;
      case 'broadcastResumed':
        this.emit('resumed');
        break;
      case 'connectionWarning':
        this.emit('connectionWarning', message);
        break;
      case 'audioQualityWarning':
        this.emit('audioQualityWarning', message);
        break;
      case 'error':
        this.emit('error', message);
        break;
      default:
        break;
    }
  }
}
