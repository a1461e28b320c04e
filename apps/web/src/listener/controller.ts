import type { ReceivedAudio, TranscriptMessage } from '@lingocast/client';
import type { WebConfig } from '../shared/config';
import type { ConnectionSignal, ListenerConnection, ListenerPorts, PlayerPort } from './ports';
import { codeOf, messageOf } from './ports';
import { savePreference } from './preferences';
import type { CaptionView, ListenerEvent, ListenerState, Theme } from './state';
import { reduce, stepScale } from './state';
import type { TranscriptFile } from './transcript';
import { plainTextTranscript, webVttTranscript } from './transcript';

/** How often a paused session (before joining) is checked again. */
export const PAUSED_RECHECK_MS = 5000;
/** How often "seconds behind live" is refreshed while live. */
export const BEHIND_LIVE_POLL_MS = 1000;
/** Captions of the talk so far a listener gets on arrival (the replay window's newest). */
export const ARRIVAL_HISTORY = 3;

type Subscriber = (state: ListenerState) => void;

/**
 * Runs the listener page: feeds events to the state machine and performs the effects each state
 * needs (config, session check, WebSocket, player, wake lock, storage). Components call its methods.
 *
 * @example
 * const controller = new ListenerController(initialState({ sessionId, wantedLanguages }), ports);
 * controller.subscribe(render);
 * controller.start();
 */
export class ListenerController {
  private current: ListenerState;
  private readonly subscribers = new Set<Subscriber>();
  private config: WebConfig | undefined;
  private connection: ListenerConnection | undefined;
  private player: PlayerPort | undefined;
  private recheckTimer: unknown;
  private behindTimer: unknown;
  private readonly startedAt: number;
  private disposed = false;
  private volume = 1;
  private audioCount = 0;

  constructor(
    initial: ListenerState,
    private readonly ports: ListenerPorts,
  ) {
    this.current = initial;
    this.startedAt = ports.timers.now();
  }

  get state(): ListenerState {
    return this.current;
  }

  /** Utterances of audio the server sent this page (none in captions-only mode). */
  get audioReceived(): number {
    return this.audioCount;
  }

  /** Calls `subscriber` with every new state; returns the unsubscribe. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Loads the configuration, then checks the session. */
  start(): void {
    this.enter(this.current.phase);
  }

  /** The "Try again" / "Check now" buttons. */
  retry(): void {
    this.dispatch({ type: 'retry' });
  }

  /** "Tap to listen": unlocks audio inside the tap (autoplay policy), then joins. */
  tap(): void {
    if (this.current.phase !== 'ready-to-tap') return;
    if (!this.current.captionsOnly) this.unlockAudio();
    this.dispatch({ type: 'tapped' });
  }

  /** "Tap to resume" after the audio was interrupted. */
  resumeAudio(): void {
    this.unlockAudio();
  }

  chooseLanguage(language: string): void {
    const before = this.current;
    this.dispatch({ type: 'languageChosen', language });
    if (this.current === before) return;
    savePreference(this.ports.storage, 'language', language);
    const pending = this.current.pendingLanguage;
    if (!pending || !this.connection) return;
    this.connection.changeLanguage(pending).then(
      () => this.dispatch({ type: 'languageChanged', language: pending }),
      () => this.dispatch({ type: 'languageChangeFailed' }),
    );
  }

  /** Captions only (no audio downloaded) or audio and captions; switchable live. */
  chooseCaptionsOnly(on: boolean): void {
    if (on === this.current.captionsOnly) return;
    // Turning audio on is a click: unlock inside it, before any await.
    if (!on && this.isConnected()) this.unlockAudio();
    this.dispatch({ type: 'captionsOnlyChosen', on });
    savePreference(this.ports.storage, 'captionsOnly', on);
    this.connection?.setCaptionsOnly(on).catch(() => this.dispatch({ type: 'captionsOnlyFailed', on }));
  }

  /**
   * Live captions as spoken: the speaker's own words, shown while they talk, before the caption.
   * Remembered, switchable live, and asked for again after a reconnect if the server lost it.
   */
  chooseLiveCaptions(on: boolean): void {
    if (on === this.current.liveCaptions) return;
    this.dispatch({ type: 'liveCaptionsChosen', on });
    savePreference(this.ports.storage, 'liveCaptions', on);
    this.applyLiveCaptions(on);
  }

  /** Hides "you missed about …" (the listener read it). */
  dismissMissed(): void {
    this.dispatch({ type: 'missedDismissed' });
  }

  jumpToLive(): void {
    this.player?.jumpToLive();
    this.dispatch({ type: 'behindLive', ms: 0 });
  }

  chooseCaptionView(view: CaptionView): void {
    this.dispatch({ type: 'captionViewChosen', view });
    savePreference(this.ports.storage, 'captionView', view);
  }

  stepTextSize(step: 1 | -1): void {
    this.dispatch({ type: 'textScaleChosen', scale: stepScale(this.current.textScale, step) });
    savePreference(this.ports.storage, 'textScale', this.current.textScale);
  }

  chooseTheme(theme: Theme): void {
    this.dispatch({ type: 'themeChosen', theme });
    savePreference(this.ports.storage, 'theme', theme);
  }

  /** The captions received so far as a file (plain text or WebVTT), in the current caption view. */
  transcript(kind: 'text' | 'vtt'): TranscriptFile {
    const { sessionId, captions, captionView } = this.current;
    return kind === 'text'
      ? plainTextTranscript(sessionId, captions, captionView)
      : webVttTranscript(sessionId, captions, captionView);
  }

  /** Leaves the session and stops every timer (page unload). */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.connection?.close();
    this.ports.keepAwake(false);
  }

  private isConnected(): boolean {
    return ['connecting', 'live', 'reconnecting'].includes(this.current.phase);
  }

  private dispatch(event: ListenerEvent): void {
    if (this.disposed) return;
    const previous = this.current;
    const next = reduce(previous, event);
    if (next === previous) return;
    this.current = next;
    if (next.phase !== previous.phase) this.enter(next.phase, previous.phase);
    for (const subscriber of this.subscribers) subscriber(next);
  }

  private enter(phase: ListenerState['phase'], from?: ListenerState['phase']): void {
    this.clearTimers();
    switch (phase) {
      case 'joining':
        void this.loadConfig();
        break;
      case 'checking':
        void this.checkSession();
        break;
      case 'paused':
        this.recheckTimer = this.ports.timers.setTimeout(() => this.retry(), PAUSED_RECHECK_MS);
        break;
      case 'connecting':
        this.join();
        break;
      case 'live':
        this.ports.keepAwake(true);
        this.behindTimer = this.ports.timers.setInterval(() => this.pollBehindLive(), BEHIND_LIVE_POLL_MS);
        if (this.player && !this.current.captionsOnly)
          this.dispatch({ type: 'audioState', state: this.player.state });
        break;
      case 'ready-to-tap':
      case 'reconnecting':
        break;
      default:
        // ended, not-found, full, error: nothing more to receive.
        if (from && ['connecting', 'live', 'reconnecting'].includes(from)) {
          this.connection?.close();
          this.connection = undefined;
        }
        this.ports.keepAwake(false);
        break;
    }
  }

  private clearTimers(): void {
    if (this.recheckTimer !== undefined) this.ports.timers.clearTimeout(this.recheckTimer);
    if (this.behindTimer !== undefined) this.ports.timers.clearInterval(this.behindTimer);
    this.recheckTimer = undefined;
    this.behindTimer = undefined;
  }

  private async loadConfig(): Promise<void> {
    try {
      this.config = await this.ports.loadConfig();
      this.dispatch({ type: 'configLoaded' });
    } catch (error) {
      this.dispatch({ type: 'configFailed', detail: messageOf(error) });
    }
  }

  private async checkSession(): Promise<void> {
    const config = this.config;
    if (!config) return;
    try {
      const [session, languages] = await Promise.all([
        this.ports.checkSession(config.httpUrl, this.current.sessionId),
        this.ports.listLanguages(config.httpUrl),
      ]);
      this.dispatch({ type: 'sessionChecked', session, languages });
    } catch (error) {
      if (codeOf(error) === 'SESSION_NOT_FOUND') this.dispatch({ type: 'sessionNotFound' });
      else this.dispatch({ type: 'checkFailed', code: codeOf(error), detail: messageOf(error) });
    }
  }

  private join(): void {
    const config = this.config;
    if (!config) return;
    this.connection?.close();
    const connection = this.ports.connect({
      websocketUrl: config.websocketUrl,
      captionsOnly: this.current.captionsOnly,
      liveCaptions: this.current.liveCaptions,
      history: ARRIVAL_HISTORY,
      onSignal: (signal) => this.signal(connection, signal),
      onTranscript: (message) => this.caption(message),
      onPartial: (partial) => {
        if (this.connection === connection) this.dispatch({ type: 'partial', partial });
      },
      onMissed: (count) => {
        if (this.connection === connection) this.dispatch({ type: 'missed', count });
      },
      onAudio: (audio) => this.audio(audio),
      onVolume: (volume) => {
        this.volume = volume;
        this.player?.setVolume(volume);
      },
    });
    this.connection = connection;
    connection.join(this.current.sessionId, this.current.language).then(
      (joined) => {
        if (this.connection === connection) this.dispatch({ type: 'joined', ...joined });
      },
      (error) => {
        if (this.connection === connection)
          this.dispatch({ type: 'joinFailed', code: codeOf(error), detail: messageOf(error) });
      },
    );
  }

  private signal(connection: ListenerConnection, signal: ConnectionSignal): void {
    if (this.connection !== connection) return;
    this.dispatch(signal);
    // A greeting (a re-join too) says what the server grants: ask again when it is not what was chosen.
    if (
      signal.type === 'joined' &&
      signal.liveCaptions !== undefined &&
      signal.liveCaptions !== this.current.liveCaptions
    )
      this.applyLiveCaptions(this.current.liveCaptions);
  }

  /** Asks the server for the chosen live-captions mode; before a connection, the join asks for it. */
  private applyLiveCaptions(on: boolean): void {
    const connection = this.connection;
    if (!connection) return;
    connection.setLiveCaptions(on).catch((error: unknown) => {
      if (this.connection !== connection || this.current.liveCaptions !== on) return;
      // Between sockets: the next greeting shows what the server has, and the choice is asked again then.
      if (codeOf(error) === 'NOT_CONNECTED' && this.current.phase !== 'live') return;
      this.dispatch({ type: 'liveCaptionsFailed', on });
    });
  }

  private caption(message: TranscriptMessage): void {
    this.dispatch({
      type: 'caption',
      caption: {
        sequenceNumber: message.sequenceNumber,
        sourceLanguage: message.sourceLanguage,
        sourceText: message.sourceText,
        targetLanguage: message.targetLanguage,
        translatedText: message.translatedText,
        receivedAtMs: this.ports.timers.now() - this.startedAt,
        sentAt: message.timestamp,
      },
    });
  }

  private audio(audio: ReceivedAudio): void {
    this.audioCount += 1;
    if (this.current.captionsOnly) return;
    this.player?.enqueue(audio);
  }

  private pollBehindLive(): void {
    if (this.player && !this.current.captionsOnly)
      this.dispatch({ type: 'behindLive', ms: this.player.behindLiveMs });
  }

  private unlockAudio(): void {
    this.player ??= this.ports.createPlayer({
      onStateChange: (state) => this.dispatch({ type: 'audioState', state }),
      onUtteranceStart: () => this.dispatch({ type: 'utteranceStarted' }),
    });
    const player = this.player;
    player.setVolume(this.volume);
    player.unlock().then(
      () => this.dispatch({ type: 'audioState', state: player.state }),
      () => this.dispatch({ type: 'audioState', state: 'suspended' }),
    );
  }
}
