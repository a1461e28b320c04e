import type { ConsolePorts, MicrophonePort, SpeakerPort } from './controller';
import { ConsoleController, END_DRAIN_MS, STATUS_POLL_MS, TICK_MS } from './controller';
import type { Level } from './level';
import { COPY_FEEDBACK_MS } from './share';

/** Timers run by hand. */
class ManualClock {
  time = 1_000_000;
  private nextId = 1;
  private timers = new Map<number, { at: number; every?: number; callback: () => void }>();
  now = () => this.time;
  setInterval = (callback: () => void, ms: number) => this.add(callback, ms, ms);
  setTimeout = (callback: () => void, ms: number) => this.add(callback, ms);
  clearInterval = (handle: unknown) => this.timers.delete(handle as number);
  clearTimeout = (handle: unknown) => this.timers.delete(handle as number);
  get pending(): number {
    return this.timers.size;
  }
  private add(callback: () => void, ms: number, every?: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback, ...(every ? { every } : {}) });
    return id;
  }
  /** Moves time forward, running what falls due (intervals repeatedly). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.time = timer.at;
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.callback();
      await flush();
    }
    this.time = end;
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

type Listener = (...args: never[]) => void;

/** A SpeakerClient stand-in: actions resolve unless told otherwise; the test emits its events. */
class FakeSpeaker implements SpeakerPort {
  queuedAudioMs = 0;
  state: SpeakerPort['state'] = 'closed';
  readonly sent: Uint8Array[] = [];
  readonly calls: string[] = [];
  private listeners = new Map<string, Set<Listener>>();
  createResult: Promise<Awaited<ReturnType<SpeakerPort['createSession']>>> = Promise.resolve({
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    qualityTier: 'standard',
    broadcastState: { muted: false, volume: 1 },
  });
  connectResult: Promise<void> = Promise.resolve();
  actionResult: Promise<unknown> = Promise.resolve({});
  drainResult = Promise.resolve(true);
  endResult: Promise<void> = Promise.resolve();
  status = {
    listenerCount: 2,
    languageDistribution: { es: 2 } as Record<string, number>,
    broadcastState: { paused: false, muted: false, volume: 1 },
  };
  createRequest: unknown;

  constructor(readonly tokenProvider: () => Promise<string>) {}

  createSession(request: { sourceLanguage: string; qualityTier?: 'standard' | 'premium' }) {
    this.createRequest = request;
    return this.createResult;
  }
  async connect() {
    this.calls.push('connect');
    await this.connectResult;
    this.state = 'open';
  }
  sendAudio(pcm: Uint8Array) {
    if (pcm.length === 0) throw Object.assign(new Error('full'), { code: 'QUEUE_FULL' });
    this.sent.push(pcm);
    return this.sent.length - 1;
  }
  private action(name: string) {
    this.calls.push(name);
    return this.actionResult;
  }
  pause = () => this.action('pause');
  resume = () => this.action('resume');
  mute = () => this.action('mute');
  unmute = () => this.action('unmute');
  setVolume = (volume: number) => this.action(`volume ${volume}`);
  getStatus = async () => {
    this.calls.push('status');
    return this.status;
  };
  drain = (timeoutMs?: number) => {
    this.calls.push(`drain ${timeoutMs}`);
    return this.drainResult;
  };
  endSession = async (options?: { drainTimeoutMs?: number }) => {
    this.calls.push(`end ${options?.drainTimeoutMs}`);
    return this.endResult;
  };
  close = () => {
    this.calls.push('close');
    this.state = 'closed';
  };
  on(event: string, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

class FakeMicrophone implements MicrophonePort {
  captures: Array<{
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
    stopped: boolean;
  }> = [];
  failWith: unknown;
  devices = [{ deviceId: 'usb', label: 'USB microphone' }];
  list = async () => this.devices;
  capture = async (options: {
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
  }) => {
    if (this.failWith) throw this.failWith;
    const capture = { ...options, stopped: false };
    this.captures.push(capture);
    return {
      stop: async () => {
        capture.stopped = true;
      },
    };
  };
  problemOf = (error: unknown) => ((error as { kind?: 'denied' }).kind ?? 'failed') as 'denied' | 'failed';
  get last() {
    const capture = this.captures.at(-1);
    if (!capture) throw new Error('no capture started');
    return capture;
  }
}

interface Harness {
  controller: ConsoleController;
  clock: ManualClock;
  microphone: FakeMicrophone;
  speakers: FakeSpeaker[];
  ports: ConsolePorts;
  copied: string[];
}

function harness(overrides: Partial<ConsolePorts> = {}): Harness {
  const clock = new ManualClock();
  const microphone = new FakeMicrophone();
  const speakers: FakeSpeaker[] = [];
  const copied: string[] = [];
  const ports: ConsolePorts = {
    auth: { kind: 'local', tokenUrl: 'http://127.0.0.1:4000/token' },
    httpUrl: 'http://127.0.0.1:4000/api',
    preferredLanguages: ['en-GB'],
    localToken: jest.fn(async (_url: string, name: string) => `token-of-${name}`),
    signInWithPassword: jest.fn(async () => 'cognito-token'),
    completeNewPassword: jest.fn(async () => 'cognito-token-2'),
    getLanguages: jest.fn(async () => ({
      sourceLanguages: ['en', 'es'],
      qualityTiers: ['standard', 'premium'],
    })),
    createSpeaker: (tokenProvider) => {
      const speaker = new FakeSpeaker(tokenProvider);
      speakers.push(speaker);
      return speaker;
    },
    microphone,
    copyText: async (text) => {
      copied.push(text);
    },
    clock,
    ...overrides,
  };
  const controller = new ConsoleController(ports);
  return { controller, clock, microphone, speakers, ports, copied };
}

function only(speakers: FakeSpeaker[]): FakeSpeaker {
  const [speaker] = speakers;
  if (!speaker || speakers.length !== 1) throw new Error(`expected one speaker, got ${speakers.length}`);
  return speaker;
}

/** Signed in, languages loaded, a session created and connected. */
async function withSession(
  overrides: Partial<ConsolePorts> = {},
): Promise<Harness & { speaker: FakeSpeaker }> {
  const h = harness(overrides);
  h.controller.start();
  await h.controller.signIn('Ana');
  await flush();
  await h.controller.createSession();
  return { ...h, speaker: only(h.speakers) };
}

describe('the console controller', () => {
  describe('starting', () => {
    it('loads the languages with the browser’s preference, and the microphones', async () => {
      const { controller } = harness();

      controller.start();
      await flush();

      expect(controller.session.state.options).toEqual({
        kind: 'loaded',
        sourceLanguages: ['en', 'es'],
        qualityTiers: ['standard', 'premium'],
      });
      expect(controller.session.state.sourceLanguage).toBe('en');
      expect(controller.microphone.state.devices).toEqual([{ deviceId: 'usb', label: 'USB microphone' }]);
    });

    it('says the language list failed, and loads it again on request', async () => {
      const getLanguages = jest.fn().mockRejectedValueOnce(new TypeError('Failed to fetch'));
      getLanguages.mockResolvedValueOnce({ sourceLanguages: ['en'], qualityTiers: ['standard'] });
      const { controller } = harness({
        getLanguages,
        microphone: { ...new FakeMicrophone(), list: () => Promise.reject(new Error('no')) },
      });

      controller.start();
      await flush();
      expect(controller.session.state.options).toEqual({
        kind: 'failed',
        problem: { code: 'NETWORK', during: 'languages' },
      });
      expect(controller.microphone.state.devices).toEqual([]);

      await controller.loadLanguages();
      expect(controller.session.state.options.kind).toBe('loaded');
    });

    it('stops its timers and the connection on dispose', async () => {
      const { controller, clock, speaker } = await withSession();
      expect(clock.pending).toBe(2); // the tick and the status poll

      controller.dispose();

      expect(clock.pending).toBe(0);
      expect(speaker.calls).toContain('close');
    });
  });

  describe('signing in', () => {
    it('gets a token from the local issuer with the name', async () => {
      const { controller, ports } = harness();

      await controller.signIn('  Ana ');

      expect(ports.localToken).toHaveBeenCalledWith('http://127.0.0.1:4000/token', 'Ana');
      expect(controller.signInStore.state).toEqual({ kind: 'signed-in', mode: 'local', username: 'Ana' });
    });

    it('asks the local issuer for a name it accepts, and says when none is left', async () => {
      const { controller, ports } = harness();

      await controller.signIn('Ana García');
      expect(ports.localToken).toHaveBeenCalledWith('http://127.0.0.1:4000/token', 'Ana.Garcia');
      expect(controller.signInStore.state).toMatchObject({ kind: 'signed-in', username: 'Ana García' });

      controller.signOut();
      await controller.signIn('李雷');
      expect(controller.signInStore.state).toMatchObject({ kind: 'error', error: 'name-rejected' });
    });

    it('does nothing for a blank name, and shows an unreachable issuer', async () => {
      const localToken = jest
        .fn()
        .mockRejectedValue(Object.assign(new Error('HTTP 502'), { code: 'HTTP_ERROR' }));
      const { controller } = harness({ localToken });

      await controller.signIn(' ');
      expect(localToken).not.toHaveBeenCalled();
      await controller.signIn('Ana');

      expect(controller.signInStore.state).toMatchObject({
        kind: 'error',
        error: 'unreachable',
        detail: 'HTTP 502',
      });
    });

    it('signs in with Cognito, through the new-password step when the password is temporary', async () => {
      const challenge = Object.assign(new Error('a new password is required'), {
        code: 'AUTH_NEW_PASSWORD_REQUIRED',
        session: 'challenge-session',
        username: 'ana-sub',
      });
      const signInWithPassword = jest.fn().mockRejectedValue(challenge);
      const completeNewPassword = jest.fn().mockResolvedValue('new-token');
      const { controller } = harness({
        auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client' },
        signInWithPassword,
        completeNewPassword,
      });

      await controller.signIn('ana', 'Temp-1');
      expect(signInWithPassword).toHaveBeenCalledWith('ana', 'Temp-1');
      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        challenge: { session: 'challenge-session', username: 'ana-sub' },
      });

      await controller.submitNewPassword('New-pass-1', 'Other');
      expect(completeNewPassword).not.toHaveBeenCalled();
      await controller.submitNewPassword('New-pass-1', 'New-pass-1');

      expect(completeNewPassword).toHaveBeenCalledWith(
        { session: 'challenge-session', username: 'ana-sub' },
        'New-pass-1',
      );
      expect(controller.signInStore.state.kind).toBe('signed-in');
    });

    it('shows a wrong password, and a new password the pool refuses', async () => {
      const signInWithPassword = jest
        .fn()
        .mockRejectedValueOnce(
          Object.assign(new Error('Incorrect username or password.'), { code: 'AUTH_WRONG_PASSWORD' }),
        )
        .mockRejectedValueOnce(
          Object.assign(new Error('x'), { code: 'AUTH_NEW_PASSWORD_REQUIRED', session: 's', username: '' }),
        );
      const completeNewPassword = jest.fn().mockRejectedValue(
        Object.assign(new Error('Password not long enough'), {
          code: 'AUTH_FAILED',
          cognitoType: 'InvalidPasswordException',
        }),
      );
      const { controller } = harness({
        auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client' },
        signInWithPassword,
        completeNewPassword,
      });

      await controller.signIn('ana', 'bad');
      expect(controller.signInStore.state).toMatchObject({ kind: 'error', error: 'wrong-password' });
      await controller.signIn('ana', 'Temp-1');
      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        challenge: { username: 'ana' },
      });
      await controller.submitNewPassword('short', 'short');

      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        error: 'password-rejected',
        detail: 'Password not long enough',
      });
    });

    it('signs out only when no session is running', async () => {
      const { controller } = await withSession();

      controller.signOut();
      expect(controller.signInStore.state.kind).toBe('signed-in');

      controller.askToEnd();
      await controller.confirmEnd();
      controller.signOut();
      expect(controller.signInStore.state).toEqual({ kind: 'idle', mode: 'local', username: 'Ana' });
    });
  });

  describe('creating a session', () => {
    it('creates with the chosen language and tier, connects, and polls the audience while connected', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.controller.chooseLanguage('es');
      h.controller.chooseTier('premium');

      await h.controller.createSession();
      const speaker = only(h.speakers);

      expect(speaker.createRequest).toEqual({ sourceLanguage: 'es', qualityTier: 'premium' });
      await expect(speaker.tokenProvider()).resolves.toBe('token-of-Ana');
      expect(h.controller.session.state).toMatchObject({
        phase: 'created',
        session: { sessionId: 'golden-eagle-427' },
        connection: 'live',
      });
      await flush();
      expect(h.controller.session.state.audience).toEqual({
        listenerCount: 2,
        byLanguage: [{ language: 'es', count: 2 }],
      });

      speaker.status = { ...speaker.status, listenerCount: 3, languageDistribution: { es: 2, fr: 1 } };
      await h.clock.advance(STATUS_POLL_MS);
      expect(h.controller.session.state.audience?.listenerCount).toBe(3);

      speaker.emit('stateChange', 'reconnecting');
      const polls = speaker.calls.filter((call) => call === 'status').length;
      await h.clock.advance(STATUS_POLL_MS * 2);
      expect(speaker.calls.filter((call) => call === 'status')).toHaveLength(polls);
      expect(h.controller.session.state.connection).toBe('reconnecting');
      speaker.emit('stateChange', 'open');
      await flush();
      expect(speaker.calls.filter((call) => call === 'status')).toHaveLength(polls + 1);
    });

    it('fetches a new local token when the old one is near its end', async () => {
      const { speaker, clock, ports } = await withSession();

      await clock.advance(51 * 60_000);
      await speaker.tokenProvider();

      expect(ports.localToken).toHaveBeenCalledTimes(2);
    });

    it('shows a refusal, and sends the speaker back to sign in when the token was refused', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.createResult = Promise.reject(Object.assign(new Error('expired'), { code: 'UNAUTHORIZED' }));
        return speaker;
      };

      await h.controller.createSession();

      expect(h.controller.session.state).toMatchObject({
        phase: 'none',
        problem: { code: 'UNAUTHORIZED', during: 'create' },
      });
      expect(h.controller.signInStore.state).toMatchObject({ kind: 'idle', error: 'session-expired' });
    });

    it('keeps how long to wait from a rate limit', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.createResult = Promise.reject(
          Object.assign(new Error('slow down'), { code: 'RATE_LIMIT_EXCEEDED', retryAfter: 4 }),
        );
        return speaker;
      };

      await h.controller.createSession();
      expect(h.controller.session.state.problem).toEqual({
        code: 'RATE_LIMIT_EXCEEDED',
        during: 'create',
        retryAfter: 4,
      });
      await h.controller.createSession(); // not signed out: it may try again
      expect(h.controller.signInStore.state.kind).toBe('signed-in');
    });

    it('reports a connection that could not be opened', async () => {
      const h = harness();
      h.controller.start();
      await h.controller.signIn('Ana');
      await flush();
      h.ports.createSpeaker = (tokenProvider) => {
        const speaker = new FakeSpeaker(tokenProvider);
        speaker.connectResult = Promise.reject(Object.assign(new Error('closed'), { code: 'NOT_CONNECTED' }));
        return speaker;
      };

      await h.controller.createSession();

      expect(h.controller.session.state).toMatchObject({
        phase: 'created',
        connection: 'offline',
        problem: { code: 'NOT_CONNECTED', during: 'connect' },
      });
    });
  });

  describe('the speaker client’s events', () => {
    it('shows a connection refresh from its request until it completes', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('message', { type: 'connectionRefreshRequired' });
      expect(controller.session.state.connection).toBe('refreshing');
      speaker.emit('connectionRefreshed', 'new-id');
      expect(controller.session.state.connection).toBe('live');
    });

    it('adds recognised speech to the transcript and warnings to the list', async () => {
      const { controller, speaker, clock } = await withSession();

      speaker.emit('transcript', { sequenceNumber: 0, sourceText: 'the church meets' });
      speaker.emit('audioQualityWarning', { issue: 'clipping' });

      expect(controller.session.state.transcript).toEqual([{ sequenceNumber: 0, text: 'the church meets' }]);
      expect(controller.session.state.warnings).toEqual([{ issue: 'clipping', receivedAt: clock.time }]);
      controller.dismissWarning('clipping');
      expect(controller.session.state.warnings).toEqual([]);
    });

    it('shows audio refusals the client will not retry, and nothing for answered actions', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('error', { code: 'RATE_LIMIT_EXCEEDED', requestId: 'audio-4', retryAfter: 1 });
      speaker.emit('error', { code: 'SESSION_NOT_ACTIVE', requestId: 'abc-3' });
      expect(controller.session.state.problem).toBeUndefined();

      speaker.emit('error', { code: 'AUDIO_OUT_OF_ORDER', requestId: 'audio-5' });
      expect(controller.session.state.problem).toEqual({ code: 'AUDIO_OUT_OF_ORDER', during: 'audio' });
      controller.dismissProblem();
      speaker.emit('error', { code: 'TRANSCRIPTION_FAILED', requestId: '', retryAfter: 2 });
      expect(controller.session.state.problem).toEqual({
        code: 'TRANSCRIPTION_FAILED',
        during: 'audio',
        retryAfter: 2,
      });
    });

    it('follows mute, volume, pause and resume announced by the server', async () => {
      const { controller, speaker } = await withSession();
      await controller.startSpeaking();

      speaker.emit('message', { type: 'broadcastMuted' });
      speaker.emit('message', { type: 'volumeChanged', volume: 0.3 });
      speaker.emit('paused');
      expect(controller.session.state).toMatchObject({ muted: true, volume: 0.3, phase: 'paused' });

      speaker.emit('message', { type: 'broadcastUnmuted' });
      speaker.emit('resumed');
      expect(controller.session.state).toMatchObject({ muted: false, phase: 'live' });
    });

    it('ends when the server ends the session, releasing the microphone and the connection', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.startSpeaking();
      controller.openProjector();

      speaker.emit('message', { type: 'sessionEnded', reason: 'expired' });
      await flush();

      expect(controller.session.state).toMatchObject({
        phase: 'ended',
        ending: { by: 'server', reason: 'expired' },
      });
      expect(controller.share.state.view).toBe('panel');
      expect(microphone.last.stopped).toBe(true);
      expect(speaker.listenerCount()).toBe(0);
    });

    it('says the connection is gone when reconnecting gave up', async () => {
      const { controller, speaker } = await withSession();

      speaker.emit('reconnectFailed');

      expect(controller.session.state).toMatchObject({
        connection: 'offline',
        problem: { code: 'NOT_CONNECTED' },
      });
    });

    it('shows the audio waiting for acknowledgement on each tick', async () => {
      const { controller, speaker, clock } = await withSession();

      speaker.queuedAudioMs = 750;
      await clock.advance(TICK_MS);

      expect(controller.session.state.queuedAudioMs).toBe(750);
    });
  });

  describe('the microphone', () => {
    it('captures after the permission, hands levels to the meter, and lists labelled devices', async () => {
      const { controller, microphone } = harness();
      const levels: Level[] = [];
      const off = controller.onLevel((level) => levels.push(level));

      await expect(controller.checkMicrophone()).resolves.toBe(true);
      microphone.last.onLevel({ rmsDb: -20, peakDb: -6 });
      off();
      microphone.last.onLevel({ rmsDb: -30, peakDb: -6 });

      expect(controller.microphone.state).toMatchObject({ status: 'ready', capturing: true });
      expect(levels).toEqual([{ rmsDb: -20, peakDb: -6 }]);
      await expect(controller.checkMicrophone()).resolves.toBe(true);
      expect(microphone.captures).toHaveLength(1);
    });

    it('shows what the browser refused', async () => {
      const { controller, microphone } = harness();
      microphone.failWith = { kind: 'denied' };

      await expect(controller.checkMicrophone()).resolves.toBe(false);

      expect(controller.microphone.state).toMatchObject({ status: 'denied', capturing: false });
    });

    it('restarts capture on a newly chosen device', async () => {
      const { controller, microphone } = harness();
      await controller.listMicrophones();
      await controller.checkMicrophone();

      await controller.chooseMicrophone('usb');

      expect(microphone.captures).toHaveLength(2);
      expect(microphone.captures[0]?.stopped).toBe(true);
      expect(microphone.last.deviceId).toBe('usb');
      expect(controller.microphone.state).toMatchObject({
        status: 'ready',
        capturing: true,
        deviceId: 'usb',
      });
    });

    it('sends chunks only while live, and reports a full queue once', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.checkMicrophone();
      microphone.last.onChunk(new Uint8Array(8));
      expect(speaker.sent).toHaveLength(0);

      await controller.startSpeaking();
      microphone.last.onChunk(new Uint8Array(8));
      expect(speaker.sent).toHaveLength(1);
      microphone.last.onChunk(new Uint8Array(0));
      const problem = controller.session.state.problem;
      microphone.last.onChunk(new Uint8Array(0));
      expect(problem).toEqual({ code: 'QUEUE_FULL', during: 'audio' });
      expect(controller.session.state.problem).toBe(problem);

      await controller.stopSpeaking();
      expect(controller.session.state.phase).toBe('created');
      expect(microphone.last.stopped).toBe(true);
      expect(controller.microphone.state.capturing).toBe(false);
    });

    it('does not go live when the microphone is refused', async () => {
      const { controller, microphone } = await withSession();
      microphone.failWith = { kind: 'denied' };

      await controller.startSpeaking();

      expect(controller.session.state.phase).toBe('created');
      expect(controller.microphone.state.status).toBe('denied');
    });
  });

  describe('broadcast actions', () => {
    it('pauses, resumes, mutes, unmutes and sets the volume once the server answers', async () => {
      const { controller, speaker } = await withSession();
      await controller.startSpeaking();

      await controller.pause();
      expect(controller.session.state.phase).toBe('paused');
      await controller.resume();
      await controller.mute();
      expect(controller.session.state).toMatchObject({ phase: 'live', muted: true });
      await controller.unmute();
      await controller.setVolume(0.5);

      expect(speaker.calls.filter((call) => !['status', 'connect'].includes(call))).toEqual([
        'pause',
        'resume',
        'mute',
        'unmute',
        'volume 0.5',
      ]);
      expect(controller.session.state).toMatchObject({ muted: false, volume: 0.5 });
      expect(controller.session.state.pending).toBeUndefined();
    });

    it('sends one action at a time and shows why one failed', async () => {
      const { controller, speaker } = await withSession();
      let answer: (value: unknown) => void = () => undefined;
      speaker.actionResult = new Promise((resolve) => (answer = resolve));

      const muting = controller.mute();
      await controller.pause();
      expect(controller.session.state.pending).toBe('mute');
      answer({});
      await muting;
      expect(speaker.calls.filter((call) => call === 'pause')).toHaveLength(0);

      speaker.actionResult = Promise.reject(
        Object.assign(new Error('late'), { code: 'TIMEOUT', retryAfter: 2 }),
      );
      await controller.unmute();
      expect(controller.session.state).toMatchObject({
        muted: true,
        problem: { code: 'TIMEOUT', retryAfter: 2 },
      });
      expect(controller.session.state.pending).toBeUndefined();
    });

    it('sends the latest volume chosen while one was on its way, and only that one', async () => {
      const { controller, speaker } = await withSession();
      let answer: (value: unknown) => void = () => undefined;
      speaker.actionResult = new Promise((resolve) => (answer = resolve));

      const first = controller.setVolume(0.8);
      await controller.setVolume(0.6);
      await controller.setVolume(0.4);
      speaker.actionResult = Promise.resolve({});
      answer({});
      await first;

      expect(speaker.calls.filter((call) => call.startsWith('volume'))).toEqual(['volume 0.8', 'volume 0.4']);
      expect(controller.session.state.volume).toBe(0.4);
    });

    it('does nothing without a session', async () => {
      const { controller } = harness();

      await controller.pause();
      await controller.startSpeaking();

      expect(controller.session.state.phase).toBe('none');
    });
  });

  describe('ending', () => {
    it('stops the microphone, drains the audio, then ends for everyone', async () => {
      const { controller, speaker, microphone } = await withSession();
      await controller.startSpeaking();

      await controller.confirmEnd();
      expect(speaker.calls).not.toContain(`drain ${END_DRAIN_MS}`);
      controller.askToEnd();
      controller.cancelEnd();
      controller.askToEnd();
      await controller.confirmEnd();

      expect(microphone.last.stopped).toBe(true);
      expect(speaker.calls.slice(-3)).toEqual([`drain ${END_DRAIN_MS}`, 'end 0', 'close']);
      expect(controller.session.state).toMatchObject({
        phase: 'ended',
        ending: { by: 'speaker', drained: true },
      });
      speaker.emit('message', { type: 'sessionEnded', reason: 'ended by the speaker' });
      expect(controller.session.state.ending).toEqual({ by: 'speaker', drained: true });

      controller.startOver();
      expect(controller.session.state.phase).toBe('none');
    });

    it('says when the last audio could not be delivered', async () => {
      const { controller, speaker } = await withSession();
      speaker.drainResult = Promise.resolve(false);

      controller.askToEnd();
      await controller.confirmEnd();

      expect(controller.session.state.ending).toEqual({ by: 'speaker', drained: false });
    });

    it('goes back to the session when ending fails', async () => {
      const { controller, speaker } = await withSession();
      speaker.endResult = Promise.reject(Object.assign(new Error('closed'), { code: 'NOT_CONNECTED' }));

      controller.askToEnd();
      await controller.confirmEnd();

      expect(controller.session.state).toMatchObject({
        phase: 'created',
        problem: { code: 'NOT_CONNECTED', during: 'end' },
      });
    });
  });

  describe('sharing', () => {
    it('copies the link and says so for a few seconds', async () => {
      const { controller, copied, clock } = harness();

      await controller.copyLink('http://x/listen/a-b-123');
      expect(copied).toEqual(['http://x/listen/a-b-123']);
      expect(controller.share.state.copy).toBe('copied');
      await controller.copyLink('http://x/listen/a-b-123');
      await clock.advance(COPY_FEEDBACK_MS);

      expect(controller.share.state.copy).toBe('idle');
    });

    it('says when the browser refused to copy', async () => {
      const { controller } = harness({ copyText: () => Promise.reject(new Error('denied')) });

      await controller.copyLink('http://x/listen/a-b-123');

      expect(controller.share.state.copy).toBe('failed');
    });

    it('opens and closes the projector view, following the browser’s full screen', () => {
      const { controller } = harness();

      controller.openProjector();
      controller.fullscreenChanged(true);
      expect(controller.share.state).toMatchObject({ view: 'projector', fullscreen: true });
      controller.fullscreenChanged(false);
      expect(controller.share.state.view).toBe('panel');
      controller.openProjector();
      controller.closeProjector();
      expect(controller.share.state.view).toBe('panel');
    });
  });
});
