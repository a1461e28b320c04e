// The console's effects: it runs sign-in, the speaker client, the microphone and the timers, and turns what
// they report into events for the four state machines. Every outside thing comes in as a port, so tests fake them.
// Each concern has its own module (auth, speaker-events, microphone-controls, broadcast, audience-poll,
// share-controls); this class composes them and keeps the order of effects between them.
import { AudiencePoll } from './audience-poll';
import { SpeakerAuth } from './auth';
import { BroadcastControls } from './broadcast';
import type { Level } from './level';
import type { MicrophoneEvent, MicrophoneState } from './microphone';
import { initialMicrophone, reduceMicrophone } from './microphone';
import { MicrophoneControls } from './microphone-controls';
import type { ConsolePorts, SpeakerPort } from './ports';
import { errorCode, retryAfterOf } from './problems';
import type { QualityIssue, SessionEvent, SessionState } from './session';
import { initialSession, reduceSession } from './session';
import type { ShareEvent, ShareState } from './share';
import { initialShare, reduceShare } from './share';
import { ShareControls } from './share-controls';
import type { SignInEvent, SignInMode, SignInState } from './sign-in';
import { initialSignIn, reduceSignIn } from './sign-in';
import { listenToSpeaker } from './speaker-events';
import type { Store } from './store';
import { createStore } from './store';

export type { ConsolePorts, MicrophoneCapturePort, MicrophonePort, SpeakerPort } from './ports';
export { STATUS_POLL_MS } from './audience-poll';

/** Unacknowledged audio and stale warnings are looked at this often. */
export const TICK_MS = 500;
/** Ending gives the last audio this long to be acknowledged. */
export const END_DRAIN_MS = 10_000;

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

  private readonly auth: SpeakerAuth;
  private readonly mic: MicrophoneControls;
  private readonly broadcast: BroadcastControls;
  private readonly audience: AudiencePoll;
  private readonly sharing: ShareControls;
  private speaker: SpeakerPort | undefined;
  private speakerDisposers: Array<() => void> = [];
  private tickTimer: unknown;

  constructor(private readonly ports: ConsolePorts) {
    const mode: SignInMode = ports.auth.kind;
    this.signInStore = createStore(reduceSignIn, initialSignIn(mode));
    this.session = createStore(reduceSession, initialSession());
    this.microphone = createStore(reduceMicrophone, initialMicrophone());
    this.share = createStore(reduceShare, initialShare());
    const dispatch = (event: SessionEvent) => this.session.dispatch(event);
    this.auth = new SpeakerAuth(ports, this.signInStore);
    this.mic = new MicrophoneControls(ports.microphone, this.microphone, (pcm) => this.sendChunk(pcm));
    this.broadcast = new BroadcastControls(this.session, () => this.speaker);
    this.audience = new AudiencePoll(ports.clock, () => this.speaker, dispatch);
    this.sharing = new ShareControls(ports, this.share);
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
    this.audience.stop();
    void this.mic.stop();
    this.dropSpeaker();
  }

  // — sign-in —

  signIn(username: string, password?: string): Promise<void> {
    return this.auth.signIn(username, password);
  }

  submitNewPassword(password: string, confirmation: string): Promise<void> {
    return this.auth.submitNewPassword(password, confirmation);
  }

  signOut(): void {
    if (this.isSessionActive()) return;
    this.auth.signOut();
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
    const speaker = this.ports.createSpeaker(() => this.auth.currentToken());
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
      this.audience.start();
    } catch (error) {
      this.session.dispatch({ type: 'connectFailed', code: errorCode(error) });
    }
  }

  private adoptSpeaker(speaker: SpeakerPort): void {
    this.dropSpeaker();
    this.speaker = speaker;
    this.speakerDisposers = listenToSpeaker(speaker, {
      dispatch: (event) => this.session.dispatch(event),
      connectionChanged: (state) => (state === 'open' ? this.audience.start() : this.audience.stop()),
      endedByServer: (reason) => this.endedByServer(reason),
      now: () => this.ports.clock.now(),
    });
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
  listMicrophones(): Promise<void> {
    return this.mic.list();
  }

  /** Asks for the microphone and starts capture (the level meter moves; chunks go out only while live). */
  checkMicrophone(): Promise<boolean> {
    return this.mic.check();
  }

  chooseMicrophone(deviceId: string): Promise<void> {
    return this.mic.choose(deviceId);
  }

  /** Hears every level the capture measures (the meter draws them on animation frames). */
  onLevel(listener: (level: Level) => void): () => void {
    return this.mic.onLevel(listener);
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
    if (!(await this.mic.check())) return;
    this.session.dispatch({ type: 'speakingStarted' });
  }

  async stopSpeaking(): Promise<void> {
    this.session.dispatch({ type: 'speakingStopped' });
    await this.mic.stop();
  }

  pause(): Promise<void> {
    return this.broadcast.pause();
  }

  resume(): Promise<void> {
    return this.broadcast.resume();
  }

  mute(): Promise<void> {
    return this.broadcast.mute();
  }

  unmute(): Promise<void> {
    return this.broadcast.unmute();
  }

  /** Sets the listeners' volume; a value chosen while one is on its way is sent after it (the latest wins). */
  setVolume(volume: number): Promise<void> {
    return this.broadcast.setVolume(volume);
  }

  dismissProblem(): void {
    this.session.dispatch({ type: 'dismissProblem' });
  }

  dismissWarning(issue: QualityIssue): void {
    this.session.dispatch({ type: 'dismissWarning', issue });
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
    await this.mic.stop();
    this.share.dispatch({ type: 'closeProjector' });
    try {
      const drained = speaker ? await speaker.drain(END_DRAIN_MS) : true;
      await speaker?.endSession({ drainTimeoutMs: 0 });
      this.audience.stop();
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
    this.audience.stop();
    void this.mic.stop();
    this.dropSpeaker();
  }

  startOver(): void {
    this.session.dispatch({ type: 'startOver' });
    this.share.dispatch({ type: 'closeProjector' });
  }

  // — sharing —

  copyLink(link: string): Promise<void> {
    return this.sharing.copyLink(link);
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
