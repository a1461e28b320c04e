import type {
  ClientMessage,
  QualityTier,
  ServerMessage,
  Session,
  SessionStatusMessage,
} from '@lingocast/contract';
import type { OutgoingChunk } from './audio-outbox';
import { AudioOutbox } from './audio-outbox';
import { toBase64 } from './base64';
import type { ConnectionState, ConnectionTuning } from './connection';
import { ManagedConnection } from './connection';
import { TypedEmitter } from './emitter';
import { isSession, requestJson } from './http';
import { CurrentPartials } from './live-partials';
import { LingoCastError, PendingRequests } from './requests';
import type { WebSocketFactory } from './socket';
import { resolveWebSocket } from './socket';
import type { Timers } from './timers';
import { systemTimers } from './timers';
import type { EmitClientEvent } from './client-events';
import { relayConnection, relaySessionMessage } from './client-events';
import type { SpeakerEvents } from './speaker-events';
import { SPEAKER_DEPRECATED_NAMES } from './speaker-events';
import type { TokenProvider } from './token-provider';

export type { SpeakerEvents } from './speaker-events';

export interface SpeakerClientOptions extends ConnectionTuning {
  /** The HTTP API, e.g. `http://127.0.0.1:4200`. */
  httpUrl: string;
  /** The WebSocket API, e.g. `ws://127.0.0.1:4201`. */
  websocketUrl: string;
  /** Called on every (re)connect and HTTP request, so tokens can be refreshed. */
  tokenProvider: TokenProvider;
  /** The WebSocket constructor: `ws` in Node; the browser's by default. */
  WebSocket?: WebSocketFactory;
  /** How long a control action waits for its reply (default 10 000 ms). */
  requestTimeoutMs?: number;
  /** Audio kept while unacknowledged or waiting for a connection, in ms of 16 kHz PCM16 (default 30 000). */
  maxQueuedAudioMs?: number;
  /** Timers and clock (tests inject fakes). */
  timers?: Timers;
  /** `fetch` for the HTTP API (default: the global one). */
  fetch?: typeof fetch;
}

/** Sequence numbers of transcripts remembered to drop repeats (a refresh may deliver one twice). */
const MAX_REMEMBERED_TRANSCRIPTS = 512;
/** 16 kHz mono PCM16: bytes per millisecond. */
const BYTES_PER_MS = 32;
const AUDIO_REQUEST_PREFIX = 'audio-';
/**
 * Re-sent chunks go out this far apart: ≈ 14 a second, so with live audio (4 a second) the speaker
 * stays under the server's default 20 chunks a second instead of being refused as a burst.
 */
export const RESEND_SPACING_MS = 70;
/** Refusals of a chunk that are worth retrying. */
const TRANSIENT_AUDIO_ERRORS: ReadonlySet<string> = new Set([
  'RATE_LIMIT_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
]);

/**
 * The speaker's side: create a session over HTTP, connect, stream PCM audio, control the broadcast.
 * Audio is kept until the server acknowledges it: across a reconnect or a connection refresh, the
 * unacknowledged chunks are sent again with their sequence numbers (the server stores a chunk once),
 * so nothing is lost or duplicated. At most `maxQueuedAudioMs` of audio is kept; beyond that
 * `sendAudio` throws `QUEUE_FULL`.
 *
 * @example
 * const speaker = new SpeakerClient({ httpUrl, websocketUrl, tokenProvider: () => token, WebSocket });
 * const session = await speaker.createSession({ sourceLanguage: 'en' });
 * await speaker.connect(session.sessionId);
 * speaker.sendAudio(pcmChunk);
 */
export class SpeakerClient extends TypedEmitter<SpeakerEvents> {
  private readonly timers: Timers;
  private readonly requests: PendingRequests;
  private readonly outbox: AudioOutbox;
  private connection: ManagedConnection | undefined;
  private sequenceNumber = 0;
  private sessionId: string | undefined;
  private paused = false;
  private readonly transcriptsSeen = new Set<number>();
  private readonly partials = new CurrentPartials();

  /** This client's `emit` for the events both clients have. */
  private readonly emitClientEvent: EmitClientEvent = (event, ...args) => this.emit(event, ...args);

  constructor(private readonly options: SpeakerClientOptions) {
    super(SPEAKER_DEPRECATED_NAMES);
    this.timers = options.timers ?? systemTimers;
    this.requests = new PendingRequests(options.requestTimeoutMs ?? 10_000, this.timers);
    this.outbox = new AudioOutbox((options.maxQueuedAudioMs ?? 30_000) * BYTES_PER_MS, this.timers);
  }

  /** Where the connection is: `connecting | open | reconnecting | closed`. */
  get state(): ConnectionState {
    return this.connection?.state ?? 'closed';
  }

  get currentSessionId(): string | undefined {
    return this.sessionId;
  }

  /** Bytes of audio not yet acknowledged by the server. */
  get queuedAudioBytes(): number {
    return this.outbox.bytes;
  }

  /** Milliseconds of audio (16 kHz PCM16) not yet acknowledged by the server. */
  get queuedAudioMs(): number {
    return this.outbox.bytes / BYTES_PER_MS;
  }

  /** Creates a session (POST /sessions). */
  async createSession(request: { sourceLanguage: string; qualityTier?: QualityTier }): Promise<Session> {
    const token = await this.options.tokenProvider();
    const body = await requestJson(this.options.fetch ?? fetch, `${this.options.httpUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
    if (!isSession(body)) throw new LingoCastError('INVALID_RESPONSE', 'POST /sessions answered no session');
    this.emit('sessionCreated', body);
    return body;
  }

  /** Opens the speaker's WebSocket for a session it owns; the token provider is asked on every (re)connect. */
  async connect(sessionId: string): Promise<void> {
    this.connection?.close(1000, 'connecting again');
    if (sessionId !== this.sessionId) this.partials.reset();
    const connection = new ManagedConnection({
      ...this.options,
      WebSocket: resolveWebSocket(this.options.WebSocket),
      timers: this.timers,
      url: async () => {
        const token = await this.options.tokenProvider();
        return `${this.options.websocketUrl}?sessionId=${encodeURIComponent(sessionId)}&token=${encodeURIComponent(token)}`;
      },
    });
    this.connection = connection;
    this.sessionId = sessionId;
    connection.on('message', (message) => this.receive(message));
    relayConnection(connection, this.emitClientEvent, () => this.requests.failAll('the connection closed'));
    connection.on('ready', () => this.flush());
    await connection.open();
    this.emit('connected', sessionId);
  }

  /**
   * Sends one chunk of 16 kHz mono PCM16LE audio (≤ 24 KB raw); returns its sequence number. While
   * the connection is switching or reconnecting the chunk is queued and sent when it is back.
   */
  sendAudio(pcm: Uint8Array, format: { sampleRate?: number } = {}): number {
    if (!this.connection || this.connection.state === 'closed')
      throw new LingoCastError('NOT_CONNECTED', 'the speaker is not connected');
    if (this.paused)
      throw new LingoCastError(
        'SESSION_NOT_ACTIVE',
        'the broadcast is paused: resume() before sending audio',
      );
    if (!this.outbox.fits(pcm.length))
      throw new LingoCastError(
        'QUEUE_FULL',
        `more than ${this.outbox.maxBytes / BYTES_PER_MS} ms of audio is waiting for acknowledgement`,
      );
    const chunk: OutgoingChunk = {
      sequenceNumber: this.sequenceNumber,
      audio: toBase64(pcm),
      bytes: pcm.length,
      sampleRate: format.sampleRate,
    };
    this.sequenceNumber += 1;
    this.outbox.add(chunk);
    if (this.connection.ready) this.transmit(chunk);
    return chunk.sequenceNumber;
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
    const reply = await this.request({ action: 'getSessionStatus' });
    if (reply.type !== 'sessionStatus')
      throw new LingoCastError('INVALID_RESPONSE', `expected sessionStatus, got ${reply.type}`);
    return reply;
  }

  /**
   * Resolves once the server has acknowledged every chunk sent so far (true), or after `timeoutMs`
   * or a close with some still unacknowledged (false). Never rejects.
   *
   * @example
   * speaker.sendAudio(lastChunk);
   * if (!(await speaker.drain(5_000))) console.warn(`${speaker.queuedAudioBytes} bytes not stored`);
   */
  drain(timeoutMs = 10_000): Promise<boolean> {
    return this.outbox.drain(timeoutMs);
  }

  /**
   * Ends the session for everyone and closes the connection. Audio sent before is given up to
   * `drainTimeoutMs` to be acknowledged first, so the speaker's last words are not cut off.
   */
  async endSession(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    if (this.outbox.size > 0) await this.drain(options.drainTimeoutMs ?? 10_000);
    this.connection?.expectServerClose();
    await this.request({ action: 'endSession' });
    this.close();
  }

  /** Closes the connection for good (no reconnect). Unacknowledged audio is dropped. */
  close(): void {
    this.connection?.close();
    this.outbox.clear();
  }

  private transmit(chunk: OutgoingChunk): void {
    this.connection?.send({
      action: 'sendAudio',
      sequenceNumber: chunk.sequenceNumber,
      audio: chunk.audio,
      ...(chunk.sampleRate ? { sampleRate: chunk.sampleRate } : {}),
      requestId: `${AUDIO_REQUEST_PREFIX}${chunk.sequenceNumber}`,
    });
  }

  /**
   * Sends every unacknowledged chunk, in order (after a reconnect or a refresh), paced below the
   * server's per-speaker chunk rate so a long backlog is not refused as a burst.
   */
  private flush(): void {
    const backlog = this.outbox.backlog();
    backlog.forEach((chunk, index) => {
      if (index === 0) this.transmit(chunk);
      else this.timers.setTimeout(() => this.retransmit(chunk.sequenceNumber), index * RESEND_SPACING_MS);
    });
  }

  /** Sends a chunk again if it is still unacknowledged and the connection is up. */
  private retransmit(sequenceNumber: number): void {
    const chunk = this.outbox.get(sequenceNumber);
    if (chunk && this.connection?.ready) this.transmit(chunk);
  }

  private firstTranscript(sequenceNumber: number): boolean {
    if (this.transcriptsSeen.has(sequenceNumber)) return false;
    this.transcriptsSeen.add(sequenceNumber);
    if (this.transcriptsSeen.size > MAX_REMEMBERED_TRANSCRIPTS) {
      const oldest = this.transcriptsSeen.values().next().value;
      if (oldest !== undefined) this.transcriptsSeen.delete(oldest);
    }
    return true;
  }

  private async request(message: ClientMessage): Promise<ServerMessage> {
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    if (!this.connection?.send({ ...message, requestId })) {
      this.requests.fail(requestId, new LingoCastError('NOT_CONNECTED', 'the speaker is not connected'));
    }
    return reply;
  }

  private receive(message: ServerMessage): void {
    this.requests.settle(message);
    this.emit('message', message);
    switch (message.type) {
      case 'audioAck':
        if (this.outbox.acknowledge(message.sequenceNumber)) this.emit('audioAck', message.sequenceNumber);
        break;
      case 'sessionJoined':
        this.paused = message.broadcastState.paused;
        break;
      case 'broadcastPaused':
        this.paused = true;
        break;
      case 'broadcastResumed':
        this.paused = false;
        break;
      case 'audioQualityWarning':
        this.emit('audioQualityWarning', message);
        break;
      case 'transcript':
        this.partials.finalized(message.sequenceNumber);
        if (this.firstTranscript(message.sequenceNumber)) this.emit('transcript', message);
        break;
      case 'transcriptPartial':
        if (this.partials.admit(message)) this.emit('transcriptPartial', message);
        break;
      case 'error': {
        const refused = message.requestId.startsWith(AUDIO_REQUEST_PREFIX)
          ? Number(message.requestId.slice(AUDIO_REQUEST_PREFIX.length))
          : Number.NaN;
        if (Number.isInteger(refused)) {
          // Transient refusals (rate limit, service hiccup) are retried; anything else will never
          // be stored, so the chunk is dropped.
          if (TRANSIENT_AUDIO_ERRORS.has(message.code)) {
            const delayMs = (message.retryAfter ?? 1) * 1000;
            this.timers.setTimeout(() => this.retransmit(refused), delayMs);
          } else {
            this.outbox.acknowledge(refused);
          }
        }
        this.emit('error', message);
        break;
      }
      default:
        break;
    }
    relaySessionMessage(message, this.emitClientEvent);
  }
}
