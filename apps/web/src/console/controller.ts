// The console's effects: it runs sign-in, the speaker client, the microphone and the timers, and turns what
// they report into events for the four state machines. Every outside thing comes in as a port, so tests fake them.
import type { Level } from './level';
import type { MicrophoneDevice, MicrophoneEvent, MicrophoneProblem, MicrophoneState } from './microphone';
import { initialMicrophone, reduceMicrophone } from './microphone';
import { errorCode, retryAfterOf, signInErrorOf } from './problems';
import type { QualityIssue, SessionEvent, SessionState } from './session';
import { initialSession, reduceSession } from './session';
import type { ShareEvent, ShareState } from './share';
import { COPY_FEEDBACK_MS, initialShare, reduceShare } from './share';
import type { NewPasswordChallenge, SignInEvent, SignInMode, SignInState } from './sign-in';
import { initialSignIn, localUsername, reduceSignIn } from './sign-in';
import type { Store } from './store';
import { createStore } from './store';

/** The parts of the client library's SpeakerClient the console uses. */
export interface SpeakerPort {
  readonly queuedAudioMs: number;
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  createSession(request: { sourceLanguage: string; qualityTier?: 'standard' | 'premium' }): Promise<{
    sessionId: string;
    sourceLanguage: string;
    qualityTier: string;
    broadcastState: { muted: boolean; volume: number };
  }>;
  connect(sessionId: string): Promise<void>;
  sendAudio(pcm: Uint8Array): number;
  pause(): Promise<unknown>;
  resume(): Promise<unknown>;
  mute(): Promise<unknown>;
  unmute(): Promise<unknown>;
  setVolume(volume: number): Promise<unknown>;
  getStatus(): Promise<{
    listenerCount: number;
    languageDistribution: Record<string, number>;
    broadcastState: { paused: boolean; muted: boolean; volume: number };
  }>;
  drain(timeoutMs?: number): Promise<boolean>;
  endSession(options?: { drainTimeoutMs?: number }): Promise<void>;
  close(): void;
  on(event: 'stateChange', listener: (state: SpeakerPort['state']) => void): () => void;
  on(
    event: 'message',
    listener: (message: { type: string; reason?: string; volume?: number }) => void,
  ): () => void;
  on(event: 'connectionRefreshed' | 'paused' | 'resumed', listener: () => void): () => void;
  on(
    event: 'transcript',
    listener: (message: { sequenceNumber: number; sourceText: string }) => void,
  ): () => void;
  on(event: 'audioQualityWarning', listener: (message: { issue: QualityIssue }) => void): () => void;
  on(
    event: 'error',
    listener: (message: { code: string; requestId: string; retryAfter?: number }) => void,
  ): () => void;
  on(event: 'reconnectFailed', listener: () => void): () => void;
}

export interface MicrophoneCapturePort {
  stop(): Promise<void>;
}

export interface MicrophonePort {
  /** The audio inputs (labels empty before the permission). */
  list(): Promise<MicrophoneDevice[]>;
  /** Starts capture (asks for the permission); levels and chunks come through the callbacks. */
  capture(options: {
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
  }): Promise<MicrophoneCapturePort>;
  /** What a failed capture means for the speaker (the library's microphoneErrorKind). */
  problemOf(error: unknown): MicrophoneProblem;
}

export interface ConsolePorts {
  auth: { kind: 'local'; tokenUrl: string } | { kind: 'cognito'; region: string; clientId: string };
  httpUrl: string;
  /** The browser's languages, to preselect the speaker's. */
  preferredLanguages: readonly string[];
  /** The local token issuer: a name → an ID token. */
  localToken(tokenUrl: string, username: string): Promise<string>;
  /** Cognito USER_PASSWORD_AUTH; rejects with the library's errors (a new-password challenge has `session`). */
  signInWithPassword(username: string, password: string): Promise<string>;
  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<string>;
  getLanguages(): Promise<{ sourceLanguages: string[]; qualityTiers: string[] }>;
  createSpeaker(tokenProvider: () => Promise<string>): SpeakerPort;
  microphone: MicrophonePort;
  copyText(text: string): Promise<void>;
  clock: {
    now(): number;
    setInterval(callback: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
}

/** The audience is asked for this often while connected. */
export const STATUS_POLL_MS = 3_000;
/** Unacknowledged audio and stale warnings are looked at this often. */
export const TICK_MS = 500;
/** Ending gives the last audio this long to be acknowledged. */
export const END_DRAIN_MS = 10_000;

/** The local issuer's tokens last an hour; a new one is fetched after this long. */
const LOCAL_TOKEN_MS = 50 * 60_000;

/**
 * The speaker console's behaviour: four stores (sign-in, session, microphone, share) and the actions the
 * components call. Components render the stores and call these methods, nothing more.
 *
 * @example
 * const console = new ConsoleController(ports);
 * console.start();
 * await console.signIn('Ana');
 * await console.createSession();
 */
export class ConsoleController {
  readonly signInStore: Store<SignInState, SignInEvent>;
  readonly session: Store<SessionState, SessionEvent>;
  readonly microphone: Store<MicrophoneState, MicrophoneEvent>;
  readonly share: Store<ShareState, ShareEvent>;

  private token: { value: string; fetchedAt: number } | undefined;
  private speaker: SpeakerPort | undefined;
  private speakerDisposers: Array<() => void> = [];
  private capture: MicrophoneCapturePort | undefined;
  private readonly levelListeners = new Set<(level: Level) => void>();
  private statusTimer: unknown;
  private tickTimer: unknown;
  private copyTimer: unknown;
  private nextVolume: number | undefined;

  constructor(private readonly ports: ConsolePorts) {
    const mode: SignInMode = ports.auth.kind;
    this.signInStore = createStore(reduceSignIn, initialSignIn(mode));
    this.session = createStore(reduceSession, initialSession());
    this.microphone = createStore(reduceMicrophone, initialMicrophone());
    this.share = createStore(reduceShare, initialShare());
  }

  /** Loads the language list and the microphone list; starts the tick. */
  start(): void {
    void this.loadLanguages();
    void this.listMicrophones();
    this.tickTimer ??= this.ports.clock.setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops timers, capture and the connection (the page is closing). */
  dispose(): void {
    this.ports.clock.clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    this.stopPolling();
    void this.stopCapture();
    this.dropSpeaker();
  }

  // — sign-in —

  async signIn(username: string, password?: string): Promise<void> {
    const state = this.signInStore.dispatch({ type: 'submit', username, ...(password ? { password } : {}) });
    if (state.kind !== 'signing-in') return;
    const { auth } = this.ports;
    try {
      const token =
        auth.kind === 'local'
          ? await this.ports.localToken(auth.tokenUrl, this.localName(state.username))
          : await this.ports.signInWithPassword(state.username, password ?? '');
      this.keepToken(token);
      this.signInStore.dispatch({ type: 'succeeded' });
    } catch (error) {
      const challenge = challengeOf(error, state.username);
      if (challenge) this.signInStore.dispatch({ type: 'newPasswordRequired', challenge });
      else this.signInStore.dispatch({ type: 'failed', error: signInErrorOf(error), ...detailOf(error) });
    }
  }

  async submitNewPassword(password: string, confirmation: string): Promise<void> {
    const state = this.signInStore.dispatch({ type: 'submitNewPassword', password, confirmation });
    if (state.kind !== 'new-password' || !state.submitting) return;
    try {
      this.keepToken(await this.ports.completeNewPassword(state.challenge, password));
      this.signInStore.dispatch({ type: 'succeeded' });
    } catch (error) {
      this.signInStore.dispatch({ type: 'failed', error: signInErrorOf(error, true), ...detailOf(error) });
    }
  }

  signOut(): void {
    if (this.isSessionActive()) return;
    this.token = undefined;
    this.signInStore.dispatch({ type: 'signOut' });
  }

  /** The speaker's token, fetched again from the local issuer when it is old (Cognito's lasts the sign-in). */
  private async currentToken(): Promise<string> {
    const { auth } = this.ports;
    const signIn = this.signInStore.state;
    if (!this.token) throw Object.assign(new Error('not signed in'), { code: 'UNAUTHORIZED' });
    if (auth.kind === 'local' && this.ports.clock.now() - this.token.fetchedAt > LOCAL_TOKEN_MS)
      this.keepToken(await this.ports.localToken(auth.tokenUrl, this.localName(signIn.username)));
    return this.token.value;
  }

  /** The name as the local issuer accepts it (the console keeps showing the name as typed). */
  private localName(name: string): string {
    const username = localUsername(name);
    if (!username)
      throw Object.assign(new Error('no usable characters in the name'), { code: 'AUTH_NAME_REJECTED' });
    return username;
  }

  private keepToken(value: string): void {
    this.token = { value, fetchedAt: this.ports.clock.now() };
  }

  // — creating —

  async loadLanguages(): Promise<void> {
    this.session.dispatch({ type: 'optionsRequested' });
    try {
      const { sourceLanguages, qualityTiers } = await this.ports.getLanguages();
      this.session.dispatch({
        type: 'optionsLoaded',
        sourceLanguages,
        qualityTiers,
        preferredLanguages: this.ports.preferredLanguages,
      });
    } catch (error) {
      this.session.dispatch({ type: 'optionsFailed', code: errorCode(error) });
    }
  }

  chooseLanguage(language: string): void {
    this.session.dispatch({ type: 'chooseLanguage', language });
  }

  chooseTier(tier: string): void {
    this.session.dispatch({ type: 'chooseTier', tier });
  }

  async createSession(): Promise<void> {
    const state = this.session.dispatch({ type: 'create' });
    if (state.phase !== 'creating' || !state.sourceLanguage) return;
    const speaker = this.ports.createSpeaker(() => this.currentToken());
    try {
      const created = await speaker.createSession({
        sourceLanguage: state.sourceLanguage,
        ...(state.qualityTier === 'standard' || state.qualityTier === 'premium'
          ? { qualityTier: state.qualityTier }
          : {}),
      });
      this.adoptSpeaker(speaker);
      this.session.dispatch({
        type: 'created',
        session: {
          sessionId: created.sessionId,
          sourceLanguage: created.sourceLanguage,
          qualityTier: created.qualityTier,
        },
        muted: created.broadcastState.muted,
        volume: created.broadcastState.volume,
      });
      await this.connect(created.sessionId);
    } catch (error) {
      const code = errorCode(error);
      if (this.session.state.phase === 'creating') {
        const retryAfter = retryAfterOf(error);
        this.session.dispatch({ type: 'createFailed', code, ...(retryAfter ? { retryAfter } : {}) });
      }
      if (code === 'UNAUTHORIZED') this.signInStore.dispatch({ type: 'tokenRejected' });
    }
  }

  private async connect(sessionId: string): Promise<void> {
    try {
      await this.speaker?.connect(sessionId);
      this.session.dispatch({ type: 'connectionState', state: 'open' });
      this.startPolling();
    } catch (error) {
      this.session.dispatch({ type: 'connectFailed', code: errorCode(error) });
    }
  }

  private adoptSpeaker(speaker: SpeakerPort): void {
    this.dropSpeaker();
    this.speaker = speaker;
    const dispatch = (event: SessionEvent) => this.session.dispatch(event);
    this.speakerDisposers = [
      speaker.on('stateChange', (state) => {
        dispatch({ type: 'connectionState', state });
        if (state === 'open') this.startPolling();
        else this.stopPolling();
      }),
      speaker.on('message', (message) => {
        if (message.type === 'connectionRefreshRequired') dispatch({ type: 'refreshRequired' });
        else if (message.type === 'sessionEnded') this.endedByServer(message.reason ?? '');
        else if (message.type === 'broadcastMuted') dispatch({ type: 'muted' });
        else if (message.type === 'broadcastUnmuted') dispatch({ type: 'unmuted' });
        else if (message.type === 'volumeChanged' && typeof message.volume === 'number')
          dispatch({ type: 'volumeSet', volume: message.volume });
      }),
      speaker.on('connectionRefreshed', () => dispatch({ type: 'refreshed' })),
      speaker.on('paused', () => dispatch({ type: 'paused' })),
      speaker.on('resumed', () => dispatch({ type: 'resumed' })),
      speaker.on('transcript', (message) =>
        dispatch({ type: 'transcript', sequenceNumber: message.sequenceNumber, text: message.sourceText }),
      ),
      speaker.on('audioQualityWarning', (message) =>
        dispatch({ type: 'qualityWarning', issue: message.issue, at: this.ports.clock.now() }),
      ),
      speaker.on('error', (message) => {
        // Refusals of chunks that the client retries by itself are not the speaker's concern.
        if (message.code === 'RATE_LIMIT_EXCEEDED' && message.requestId.startsWith('audio-')) return;
        if (!message.requestId.startsWith('audio-') && message.requestId !== '') return; // answered through the action's promise
        dispatch({
          type: 'serverError',
          code: message.code,
          ...(message.retryAfter ? { retryAfter: message.retryAfter } : {}),
        });
      }),
      speaker.on('reconnectFailed', () => dispatch({ type: 'connectFailed', code: 'NOT_CONNECTED' })),
    ];
  }

  private dropSpeaker(): void {
    for (const dispose of this.speakerDisposers) dispose();
    this.speakerDisposers = [];
    this.speaker?.close();
    this.speaker = undefined;
  }

  private isSessionActive(): boolean {
    const { phase } = this.session.state;
    return phase === 'created' || phase === 'live' || phase === 'paused' || phase === 'ending';
  }

  // — the microphone —

  /** Lists the inputs again (after the permission, labels appear; on devicechange). */
  async listMicrophones(): Promise<void> {
    try {
      this.microphone.dispatch({ type: 'devicesListed', devices: await this.ports.microphone.list() });
    } catch {
      // Listing is a nicety: capture still works on the default device.
    }
  }

  /** Asks for the microphone and starts capture (the level meter moves; chunks go out only while live). */
  async checkMicrophone(): Promise<boolean> {
    const state = this.microphone.dispatch({ type: 'ask' });
    if (state.capturing) return true;
    if (state.status !== 'asking') return false;
    try {
      const capture = await this.ports.microphone.capture({
        ...(state.deviceId ? { deviceId: state.deviceId } : {}),
        onChunk: (pcm) => this.sendChunk(pcm),
        onLevel: (level) => {
          for (const listener of [...this.levelListeners]) listener(level);
        },
      });
      if (this.microphone.state.status !== 'asking') {
        await capture.stop(); // the device changed meanwhile: the new choice starts its own capture
        return false;
      }
      this.capture = capture;
      this.microphone.dispatch({ type: 'granted' });
      void this.listMicrophones();
      return true;
    } catch (error) {
      this.microphone.dispatch({ type: 'failed', problem: this.ports.microphone.problemOf(error) });
      return false;
    }
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    const wasCapturing = this.microphone.state.capturing;
    const state = this.microphone.dispatch({ type: 'chooseDevice', deviceId });
    if (wasCapturing && !state.capturing) {
      await this.stopCapture(false);
      await this.checkMicrophone();
    }
  }

  /** Hears every level the capture measures (the meter draws them on animation frames). */
  onLevel(listener: (level: Level) => void): () => void {
    this.levelListeners.add(listener);
    return () => this.levelListeners.delete(listener);
  }

  private async stopCapture(release = true): Promise<void> {
    const capture = this.capture;
    this.capture = undefined;
    if (release) this.microphone.dispatch({ type: 'released' });
    await capture?.stop();
  }

  private sendChunk(pcm: Uint8Array): void {
    if (this.session.state.phase !== 'live' || !this.speaker || this.speaker.state === 'closed') return;
    try {
      this.speaker.sendAudio(pcm);
    } catch (error) {
      if (this.session.state.problem?.code !== errorCode(error))
        this.session.dispatch({ type: 'serverError', code: errorCode(error) });
    }
  }

  // — live —

  async startSpeaking(): Promise<void> {
    if (this.session.state.phase !== 'created') return;
    if (!(await this.checkMicrophone())) return;
    this.session.dispatch({ type: 'speakingStarted' });
  }

  async stopSpeaking(): Promise<void> {
    this.session.dispatch({ type: 'speakingStopped' });
    await this.stopCapture();
  }

  pause(): Promise<void> {
    return this.broadcastAction('pause', (speaker) => speaker.pause(), { type: 'paused' });
  }

  resume(): Promise<void> {
    return this.broadcastAction('resume', (speaker) => speaker.resume(), { type: 'resumed' });
  }

  mute(): Promise<void> {
    return this.broadcastAction('mute', (speaker) => speaker.mute(), { type: 'muted' });
  }

  unmute(): Promise<void> {
    return this.broadcastAction('unmute', (speaker) => speaker.unmute(), { type: 'unmuted' });
  }

  /** Sets the listeners' volume; a value chosen while one is on its way is sent after it (the latest wins). */
  async setVolume(volume: number): Promise<void> {
    if (this.session.state.pending === 'volume') {
      this.nextVolume = volume;
      return;
    }
    await this.broadcastAction('volume', (speaker) => speaker.setVolume(volume), {
      type: 'volumeSet',
      volume,
    });
    const next = this.nextVolume;
    this.nextVolume = undefined;
    if (next !== undefined && next !== this.session.state.volume) await this.setVolume(next);
  }

  private async broadcastAction(
    action: 'pause' | 'resume' | 'mute' | 'unmute' | 'volume',
    run: (speaker: SpeakerPort) => Promise<unknown>,
    done: SessionEvent,
  ): Promise<void> {
    const speaker = this.speaker;
    if (!speaker || this.session.state.pending) return;
    if (this.session.dispatch({ type: 'actionStarted', action }).pending !== action) return;
    try {
      await run(speaker);
      this.session.dispatch(done);
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      this.session.dispatch({
        type: 'actionFailed',
        code: errorCode(error),
        ...(retryAfter ? { retryAfter } : {}),
      });
    }
  }

  dismissProblem(): void {
    this.session.dispatch({ type: 'dismissProblem' });
  }

  dismissWarning(issue: QualityIssue): void {
    this.session.dispatch({ type: 'dismissWarning', issue });
  }

  private startPolling(): void {
    if (this.statusTimer !== undefined) return;
    void this.pollStatus();
    this.statusTimer = this.ports.clock.setInterval(() => void this.pollStatus(), STATUS_POLL_MS);
  }

  private stopPolling(): void {
    if (this.statusTimer !== undefined) this.ports.clock.clearInterval(this.statusTimer);
    this.statusTimer = undefined;
  }

  private async pollStatus(): Promise<void> {
    try {
      const status = await this.speaker?.getStatus();
      if (status)
        this.session.dispatch({
          type: 'status',
          listenerCount: status.listenerCount,
          languageDistribution: status.languageDistribution,
          broadcastState: status.broadcastState,
        });
    } catch {
      // A missed poll shows the previous count; the next one comes in a few seconds.
    }
  }

  private tick(): void {
    if (this.speaker) this.session.dispatch({ type: 'queued', ms: this.speaker.queuedAudioMs });
    this.session.dispatch({ type: 'tick', now: this.ports.clock.now() });
  }

  // — ending —

  askToEnd(): void {
    this.session.dispatch({ type: 'askToEnd' });
  }

  cancelEnd(): void {
    this.session.dispatch({ type: 'cancelEnd' });
  }

  /** Stops the microphone, waits for the unacknowledged audio, then ends the session for everyone. */
  async confirmEnd(): Promise<void> {
    if (this.session.dispatch({ type: 'confirmEnd' }).phase !== 'ending') return;
    const speaker = this.speaker;
    await this.stopCapture();
    this.share.dispatch({ type: 'closeProjector' });
    try {
      const drained = speaker ? await speaker.drain(END_DRAIN_MS) : true;
      await speaker?.endSession({ drainTimeoutMs: 0 });
      this.stopPolling();
      this.session.dispatch({ type: 'endFinished', drained });
      this.dropSpeaker();
    } catch (error) {
      this.session.dispatch({ type: 'endFailed', code: errorCode(error) });
    }
  }

  private endedByServer(reason: string): void {
    if (this.session.state.phase === 'ending') return;
    this.session.dispatch({ type: 'endedByServer', reason });
    this.share.dispatch({ type: 'closeProjector' });
    this.stopPolling();
    void this.stopCapture();
    this.dropSpeaker();
  }

  startOver(): void {
    this.session.dispatch({ type: 'startOver' });
    this.share.dispatch({ type: 'closeProjector' });
  }

  // — sharing —

  async copyLink(link: string): Promise<void> {
    try {
      await this.ports.copyText(link);
      this.share.dispatch({ type: 'copied' });
    } catch {
      this.share.dispatch({ type: 'copyFailed' });
    }
    if (this.copyTimer !== undefined) this.ports.clock.clearTimeout(this.copyTimer);
    this.copyTimer = this.ports.clock.setTimeout(() => {
      this.copyTimer = undefined;
      this.share.dispatch({ type: 'copyFeedbackExpired' });
    }, COPY_FEEDBACK_MS);
  }

  openProjector(): void {
    this.share.dispatch({ type: 'openProjector' });
  }

  closeProjector(): void {
    this.share.dispatch({ type: 'closeProjector' });
  }

  fullscreenChanged(active: boolean): void {
    this.share.dispatch({ type: 'fullscreenChanged', active });
  }
}

/** The new-password challenge a sign-in was answered with (the library's NewPasswordRequiredError). */
function challengeOf(error: unknown, username: string): NewPasswordChallenge | undefined {
  if (errorCode(error) !== 'AUTH_NEW_PASSWORD_REQUIRED') return undefined;
  const { session, username: named } = error as { session?: unknown; username?: unknown };
  if (typeof session !== 'string') return undefined;
  return { session, username: typeof named === 'string' && named ? named : username };
}

function detailOf(error: unknown): { detail?: string } {
  return error instanceof Error && error.message ? { detail: error.message } : {};
}
