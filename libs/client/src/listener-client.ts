import type { ClientMessage, ServerMessage, SessionJoinedMessage } from '@lingocast/contract';
import { MAX_REPLAY_RECENT } from '@lingocast/contract';
import { AudioAssembler, captionInAudio } from './audio-assembler';
import type { ConnectionState, ConnectionTuning } from './connection';
import { ManagedConnection } from './connection';
import type { Disposer } from './emitter';
import { TypedEmitter } from './emitter';
import type { EmitClientEvent } from './client-events';
import { relayConnection, relaySessionMessage } from './client-events';
import type { ListenerEvents } from './listener-events';
import { LISTENER_DEPRECATED_NAMES } from './listener-events';
import { CurrentPartials } from './live-partials';
import type { UtteranceMessage } from './replay-tracker';
import { ReplayTracker } from './replay-tracker';
import { LingoCastError, PendingRequests } from './requests';
import type { WebSocketFactory } from './socket';
import { resolveWebSocket } from './socket';
import type { TimerHandle, Timers } from './timers';
import { systemTimers } from './timers';

export type { ListenerEvents } from './listener-events';

export interface ListenerClientOptions extends ConnectionTuning {
  /** The WebSocket API, e.g. `ws://127.0.0.1:4201`. */
  websocketUrl: string;
  /** The WebSocket constructor: `ws` in Node; the browser's by default. */
  WebSocket?: WebSocketFactory;
  /** How long `join` and `changeLanguage` wait for their reply (default 10 000 ms). */
  requestTimeoutMs?: number;
  /** Timers and clock (tests inject fakes). */
  timers?: Timers;
  /** Captions only: the server sends no `translatedAudio` to this listener (default false). */
  captionsOnly?: boolean;
  /**
   * Live captions: the server also sends `transcriptPartial` (the words heard so far, in the source
   * language) while the speaker talks (default false: each one is a message per listener).
   */
  liveCaptions?: boolean;
  /** How long live utterances are held waiting for a replay's `replayComplete` (default 5 000 ms). */
  replayTimeoutMs?: number;
  /** How long a missing utterance number is waited for, once a later one came, before it is asked for (default 3 000 ms). */
  gapTimeoutMs?: number;
}

export interface JoinOptions {
  /** Overrides the client's `captionsOnly` option from this join on. */
  captionsOnly?: boolean;
  /** Overrides the client's `liveCaptions` option from this join on. */
  liveCaptions?: boolean;
  /**
   * A late joiner's history: after the first join, ask for the last `history` captions of the
   * replay window (1…20), delivered as ordinary `transcript` events before live ones.
   */
  history?: number;
}

const MAX_REMEMBERED_CAPTIONS = 512;

/**
 * A listener: join a session in a language, receive translated speech and captions. After a drop it
 * reconnects with backoff and re-joins the same session in its current language.
 *
 * @example
 * const listener = new ListenerClient({ websocketUrl, WebSocket });
 * listener.on('audioReceived', ({ audio }) => play(audio));
 * await listener.join('golden-eagle-427', 'es');
 */
export class ListenerClient extends TypedEmitter<ListenerEvents> {
  private readonly timers: Timers;
  private readonly requests: PendingRequests;
  private readonly assembler = new AudioAssembler();
  private readonly captionsSeen = new Set<string>();
  private readonly tracker: ReplayTracker;
  /** True once the current session greeted this client: later greetings are re-joins. */
  private greeted = false;
  private connection: ManagedConnection | undefined;
  private sessionId: string | undefined;
  private language: string | undefined;
  private captionsOnlyMode: boolean;
  private liveCaptionsMode: boolean;
  /** True once live captions were named (option, join or switch): every connect names them from then on. */
  private liveCaptionsNamed: boolean;
  private readonly partials = new CurrentPartials();

  /** This client's `emit` for the events both clients have. */
  private readonly emitClientEvent: EmitClientEvent = (event, ...args) => this.emit(event, ...args);

  constructor(private readonly options: ListenerClientOptions) {
    super(LISTENER_DEPRECATED_NAMES);
    this.captionsOnlyMode = options.captionsOnly ?? false;
    this.liveCaptionsMode = options.liveCaptions ?? false;
    this.liveCaptionsNamed = options.liveCaptions !== undefined;
    this.timers = options.timers ?? systemTimers;
    this.requests = new PendingRequests(options.requestTimeoutMs ?? 10_000, this.timers);
    this.tracker = new ReplayTracker({
      timers: this.timers,
      ...(options.replayTimeoutMs === undefined ? {} : { replayTimeoutMs: options.replayTimeoutMs }),
      ...(options.gapTimeoutMs === undefined ? {} : { gapTimeoutMs: options.gapTimeoutMs }),
      nextRequestId: () => this.requests.nextId(),
      send: (request, requestId) => this.sendWhenOpen({ action: 'replay', ...request, requestId }),
      deliver: (message) => this.deliverUtterance(message),
      onMissed: (missed) => this.emit('utterancesMissed', missed),
    });
  }

  /** Where the connection is: `connecting | open | reconnecting | closed`. */
  get state(): ConnectionState {
    return this.connection?.state ?? 'closed';
  }

  /** The language the listener hears now. */
  get targetLanguage(): string | undefined {
    return this.language;
  }

  /** True when the listener receives captions only (no audio is sent to it). */
  get captionsOnly(): boolean {
    return this.captionsOnlyMode;
  }

  /** True when the listener gets live captions (`transcriptPartial`) while the speaker talks. */
  get liveCaptions(): boolean {
    return this.liveCaptionsMode;
  }

  /** The newest utterance number up to which everything was delivered (what a re-join asks after). */
  get deliveredUpTo(): number | undefined {
    return this.tracker.deliveredUpTo;
  }

  /**
   * Connects to a session; resolves with `sessionJoined`. `captionsOnly` (or the client's option)
   * asks the server for captions without audio; `history` asks for the last few captions.
   * Joining the same session again asks for what was missed, as a reconnect does.
   *
   * @example
   * await listener.join('golden-eagle-427', 'es', { captionsOnly: true, history: 3 });
   */
  async join(
    sessionId: string,
    targetLanguage: string,
    options: JoinOptions = {},
  ): Promise<SessionJoinedMessage> {
    const { history } = options;
    if (history !== undefined && !(Number.isInteger(history) && history >= 1 && history <= MAX_REPLAY_RECENT))
      throw new LingoCastError(
        'INVALID_PARAMETERS',
        `history is a whole number from 1 to ${MAX_REPLAY_RECENT}`,
      );
    this.connection?.close(1000, 'joining again');
    if (sessionId !== this.sessionId) {
      this.tracker.reset();
      this.partials.reset();
      this.greeted = false;
    }
    this.sessionId = sessionId;
    this.language = targetLanguage;
    if (options.captionsOnly !== undefined) this.captionsOnlyMode = options.captionsOnly;
    if (options.liveCaptions !== undefined) {
      this.liveCaptionsMode = options.liveCaptions;
      this.liveCaptionsNamed = true;
    }
    const connection = new ManagedConnection({
      ...this.options,
      WebSocket: resolveWebSocket(this.options.WebSocket),
      timers: this.timers,
      url: () => {
        const query = new URLSearchParams({ sessionId, targetLanguage: this.language ?? targetLanguage });
        // Named both ways, as it is now: a refresh racing setCaptionsOnly on the old socket would
        // otherwise inherit the old row's mode (the server copies it unless the connect names one).
        query.set('captionsOnly', String(this.captionsOnlyMode));
        // Named only once asked for, so a client that never uses live captions connects as before.
        if (this.liveCaptionsNamed) query.set('liveCaptions', String(this.liveCaptionsMode));
        return `${this.options.websocketUrl}?${query.toString()}`;
      },
    });
    this.connection = connection;
    const joined = this.waitForJoin();
    connection.on('message', (message) => this.receive(message, history));
    relayConnection(connection, this.emitClientEvent, () => {
      this.requests.failAll('the connection closed');
      this.tracker.interrupted();
    });
    // A refresh asks nothing: the old socket stays open until the new one is greeted and the fan-out
    // follows a refreshed connection, so the switch loses nothing (a hole would be asked for anyway).
    try {
      await connection.open();
    } catch (error) {
      joined.cancel();
      throw error;
    }
    this.emit('connected', sessionId);
    return joined.promise;
  }

  /** Switches to another language; the next utterances arrive in it (and so does a re-join after a drop). */
  async changeLanguage(targetLanguage: string): Promise<void> {
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    if (!this.connection?.send({ action: 'changeLanguage', targetLanguage, requestId }))
      this.requests.fail(requestId, new LingoCastError('NOT_CONNECTED', 'the listener is not connected'));
    await reply;
    this.language = targetLanguage;
  }

  /**
   * Switches captions-only mode on or off while joined; resolves once the server confirms
   * (`captionsOnlyChanged`). Rejects with a LingoCastError (`NOT_CONNECTED`, `TIMEOUT`, the server's code).
   *
   * @example
   * await listener.setCaptionsOnly(true); // no more audio is downloaded
   */
  async setCaptionsOnly(on: boolean): Promise<void> {
    if (typeof on !== 'boolean')
      throw new LingoCastError('INVALID_PARAMETERS', 'setCaptionsOnly takes true or false');
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    if (!this.connection?.send({ action: 'setCaptionsOnly', captionsOnly: on, requestId }))
      this.requests.fail(requestId, new LingoCastError('NOT_CONNECTED', 'the listener is not connected'));
    const answer = await reply;
    if (answer.type !== 'captionsOnlyChanged')
      throw new LingoCastError('INVALID_RESPONSE', `expected captionsOnlyChanged, got ${answer.type}`);
  }

  /**
   * Switches live captions on or off while joined: with them on, `transcriptPartial` events bring
   * the words heard so far while the speaker talks. Resolves once the server confirms
   * (`liveCaptionsChanged`); every later (re)connect asks for the same. Rejects with a
   * LingoCastError (`NOT_CONNECTED`, `TIMEOUT`, the server's code).
   *
   * @example
   * listener.on('transcriptPartial', ({ text }) => (liveLine.textContent = text));
   * await listener.setLiveCaptions(true);
   */
  async setLiveCaptions(on: boolean): Promise<void> {
    if (typeof on !== 'boolean')
      throw new LingoCastError('INVALID_PARAMETERS', 'setLiveCaptions takes true or false');
    const requestId = this.requests.nextId();
    const reply = this.requests.wait(requestId);
    if (!this.connection?.send({ action: 'setLiveCaptions', liveCaptions: on, requestId }))
      this.requests.fail(requestId, new LingoCastError('NOT_CONNECTED', 'the listener is not connected'));
    const answer = await reply;
    if (answer.type !== 'liveCaptionsChanged')
      throw new LingoCastError('INVALID_RESPONSE', `expected liveCaptionsChanged, got ${answer.type}`);
  }

  /** Leaves the session (no reconnect). */
  close(): void {
    this.connection?.close();
  }

  get currentSessionId(): string | undefined {
    return this.sessionId;
  }

  /** Sends now, or once the socket the greeting came on has settled open; false without a connection. */
  private sendWhenOpen(message: ClientMessage): boolean {
    const connection = this.connection;
    if (!connection || connection.state === 'closed') return false;
    if (connection.state === 'open') return connection.send(message);
    connection.once('ready', () => connection.send(message));
    return true;
  }

  private waitForJoin(): { promise: Promise<SessionJoinedMessage>; cancel: () => void } {
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    const disposers: Disposer[] = [];
    let timer: TimerHandle | undefined;
    const done = (): void => {
      if (timer !== undefined) this.timers.clearTimeout(timer);
      for (const dispose of disposers.splice(0)) dispose();
    };
    const promise = new Promise<SessionJoinedMessage>((resolve, reject) => {
      const arm = (ms: number): void => {
        if (timer !== undefined) this.timers.clearTimeout(timer);
        timer = this.timers.setTimeout(() => {
          done();
          reject(new LingoCastError('TIMEOUT', 'the server did not send sessionJoined'));
        }, ms);
      };
      arm(timeoutMs);
      disposers.push(
        this.once('sessionJoined', (message) => {
          done();
          resolve(message);
        }),
        // A refused connect is tried again after retryAfter (plus up to half of it): wait for that attempt.
        this.on('refused', (_code, retryAfterSeconds) => arm(retryAfterSeconds * 1_500 + timeoutMs)),
      );
    });
    return { promise, cancel: done };
  }

  private firstTime(key: string): boolean {
    if (this.captionsSeen.has(key)) return false;
    this.captionsSeen.add(key);
    if (this.captionsSeen.size > MAX_REMEMBERED_CAPTIONS) {
      const oldest = this.captionsSeen.values().next().value;
      if (oldest !== undefined) this.captionsSeen.delete(oldest);
    }
    return true;
  }

  /** Emits what an utterance message brings, each once; returns its number once it is complete. */
  private deliverUtterance(message: UtteranceMessage): number | undefined {
    if (message.type === 'transcript') {
      if (this.firstTime(`${message.targetLanguage}:${message.sequenceNumber}`))
        this.emit('transcript', message);
      return message.sequenceNumber;
    }
    // The caption rides in every part: the first part to arrive gives it, before the audio is whole.
    const caption = captionInAudio(message);
    if (caption && this.firstTime(`${caption.targetLanguage}:${caption.sequenceNumber}`))
      this.emit('transcript', caption);
    // The assembler ignores parts of an utterance it delivered: its audio is emitted once.
    const complete = this.assembler.add(message);
    if (!complete) return undefined;
    this.emit('audioReceived', complete);
    return complete.sequenceNumber;
  }

  private receive(message: ServerMessage, history: number | undefined): void {
    this.requests.settle(message);
    this.emit('message', message);
    switch (message.type) {
      case 'sessionJoined':
        if (message.targetLanguage) this.language = message.targetLanguage;
        if (message.captionsOnly !== undefined) this.captionsOnlyMode = message.captionsOnly;
        if (message.liveCaptions !== undefined) this.liveCaptionsMode = message.liveCaptions;
        // The session's newest utterance is final: a partial of it (or older) is stale.
        if (message.lastSequenceNumber !== undefined) this.partials.finalized(message.lastSequenceNumber);
        if (this.greeted) this.tracker.rejoined();
        else this.tracker.joined(history, message.lastSequenceNumber);
        this.greeted = true;
        break;
      case 'translatedAudio':
      case 'transcript':
        this.partials.finalized(message.sequenceNumber);
        this.tracker.accept(message);
        break;
      case 'transcriptPartial':
        if (this.liveCaptionsMode && this.partials.admit(message)) this.emit('transcriptPartial', message);
        break;
      case 'replayComplete':
        if (this.tracker.completed(message)) this.emit('replayComplete', message);
        break;
      case 'languageChanged':
        this.language = message.targetLanguage;
        this.tracker.languageChanged();
        this.emit('languageChanged', message);
        break;
      case 'captionsOnlyChanged':
        this.captionsOnlyMode = message.captionsOnly;
        this.emit('captionsOnlyChanged', message.captionsOnly);
        break;
      case 'liveCaptionsChanged':
        this.liveCaptionsMode = message.liveCaptions;
        this.liveCaptionsNamed = true;
        this.emit('liveCaptionsChanged', message.liveCaptions);
        break;
      case 'error':
        this.tracker.failed(message.requestId);
        this.emit('error', message);
        break;
      default:
        break;
    }
    relaySessionMessage(message, this.emitClientEvent);
  }
}
