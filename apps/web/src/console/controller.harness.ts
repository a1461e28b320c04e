// The console controller's test harness: a clock run by hand, a fake speaker client and a fake microphone,
// shared by the controller's specs (one per seam: sign-in, session, microphone, broadcast, sharing).
import type { ConsolePorts, MicrophonePort, SpeakerPort } from './controller';
import { ConsoleController } from './controller';
import type { Level } from './level';

/** Timers run by hand. */
export class ManualClock {
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

export const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

type Listener = (...args: never[]) => void;

/** A SpeakerClient stand-in: actions resolve unless told otherwise; the test emits its events. */
export class FakeSpeaker implements SpeakerPort {
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

export class FakeMicrophone implements MicrophonePort {
  captures: Array<{
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
    onEnded: () => void;
    stopped: boolean;
  }> = [];
  failWith: unknown;
  devices = [{ deviceId: 'usb', label: 'USB microphone' }];
  list = async () => this.devices;
  capture = async (options: {
    deviceId?: string;
    onChunk: (pcm: Uint8Array) => void;
    onLevel: (level: Level) => void;
    onEnded: () => void;
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

export interface Harness {
  controller: ConsoleController;
  clock: ManualClock;
  microphone: FakeMicrophone;
  speakers: FakeSpeaker[];
  ports: ConsolePorts;
  copied: string[];
}

export function harness(overrides: Partial<ConsolePorts> = {}): Harness {
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

export function only(speakers: FakeSpeaker[]): FakeSpeaker {
  const [speaker] = speakers;
  if (!speaker || speakers.length !== 1) throw new Error(`expected one speaker, got ${speakers.length}`);
  return speaker;
}

/** Signed in, languages loaded, a session created and connected. */
export async function withSession(
  overrides: Partial<ConsolePorts> = {},
): Promise<Harness & { speaker: FakeSpeaker }> {
  const h = harness(overrides);
  h.controller.start();
  await h.controller.signIn('Ana');
  await flush();
  await h.controller.createSession();
  return { ...h, speaker: only(h.speakers) };
}
