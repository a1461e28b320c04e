// The listener controller spec's fakes: the player, the connection and the ports, with the page's config.
import type { ReceivedAudio, TranscriptMessage } from '@lingocast/client';
import { safeStorage } from '../shared/storage';
import type { WebConfig } from '../shared/config';
import { ListenerController } from './controller';
import type {
  ConnectOptions,
  ListenerConnection,
  ListenerPorts,
  PlayerCallbacks,
  PlayerPort,
  PlayerState,
} from './ports';
import type { SessionCheck } from './state';
import { initialState } from './state';

export const config: WebConfig = {
  stage: 'local',
  httpUrl: 'http://127.0.0.1:4000/api',
  websocketUrl: 'ws://127.0.0.1:4000/ws',
  auth: { kind: 'local', tokenUrl: 'http://127.0.0.1:4000/token' },
};
export const active: SessionCheck = {
  status: 'active',
  sourceLanguage: 'en',
  listenerCount: 1,
  maxListeners: 10,
  broadcastState: { paused: false, muted: false },
};

export function coded(code: string): Error & { code: string } {
  return Object.assign(new Error(code), { code });
}

export class FakePlayer implements PlayerPort {
  state: PlayerState = 'suspended';
  behindLiveMs = 0;
  unlocks = 0;
  jumps = 0;
  enqueued: ReceivedAudio[] = [];
  failUnlock = false;
  constructor(readonly callbacks: PlayerCallbacks) {}
  async unlock(): Promise<void> {
    this.unlocks += 1;
    if (this.failUnlock) throw new Error('NotAllowedError');
    this.state = 'running';
  }
  jumpToLive(): void {
    this.jumps += 1;
  }
  enqueue(audio: ReceivedAudio): void {
    this.enqueued.push(audio);
  }
  volumes: number[] = [];
  setVolume(volume: number): void {
    this.volumes.push(volume);
  }
}

export class FakeConnection implements ListenerConnection {
  joins: [string, string][] = [];
  languages: string[] = [];
  captionsOnly: boolean[] = [];
  liveCaptions: boolean[] = [];
  closed = 0;
  joinResult: Promise<{ paused: boolean; muted: boolean; language?: string }> = Promise.resolve({
    paused: false,
    muted: false,
  });
  changeResult: Promise<void> = Promise.resolve();
  captionsResult: Promise<void> = Promise.resolve();
  liveCaptionsResult: Promise<void> = Promise.resolve();
  constructor(readonly options: ConnectOptions) {}
  join(sessionId: string, language: string) {
    this.joins.push([sessionId, language]);
    return this.joinResult;
  }
  changeLanguage(language: string) {
    this.languages.push(language);
    return this.changeResult;
  }
  setCaptionsOnly(on: boolean) {
    this.captionsOnly.push(on);
    return this.captionsResult;
  }
  setLiveCaptions(on: boolean) {
    this.liveCaptions.push(on);
    return this.liveCaptionsResult;
  }
  close() {
    this.closed += 1;
  }
}

export function setup(
  options: {
    captionsOnly?: boolean;
    liveCaptions?: boolean;
    check?: () => Promise<SessionCheck>;
    configFails?: boolean;
  } = {},
) {
  const values = new Map<string, string>();
  const storage = safeStorage(() => ({
    getItem: (k: string) => values.get(k) ?? null,
    setItem: (k: string, v: string) => void values.set(k, v),
  }));
  const connections: FakeConnection[] = [];
  const players: FakePlayer[] = [];
  const awake: boolean[] = [];
  let now = 1000;
  const ports: ListenerPorts = {
    loadConfig: jest.fn(async () => {
      if (options.configFails) throw new Error('The page could not reach its server.');
      return config;
    }),
    checkSession: jest.fn(options.check ?? (async () => active)),
    listLanguages: jest.fn(async () => ['es', 'ca', 'fr']),
    connect: (connectOptions) => {
      const connection = new FakeConnection(connectOptions);
      connections.push(connection);
      return connection;
    },
    createPlayer: (callbacks) => {
      const player = new FakePlayer(callbacks);
      players.push(player);
      return player;
    },
    storage,
    keepAwake: (on) => awake.push(on),
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      setInterval: (callback, ms) => setInterval(callback, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
      now: () => now,
    },
  };
  const controller = new ListenerController(
    initialState({
      sessionId: 'golden-eagle-427',
      wantedLanguages: ['es-ES'],
      captionsOnly: options.captionsOnly ?? false,
      liveCaptions: options.liveCaptions ?? false,
    }),
    ports,
  );
  const states: string[] = [];
  controller.subscribe((state) => states.push(state.phase));
  return {
    controller,
    ports,
    storage,
    connections,
    players,
    awake,
    states,
    advanceClock: (ms: number) => (now += ms),
    connection: () => {
      const last = connections[connections.length - 1];
      if (!last) throw new Error('no connection yet');
      return last;
    },
  };
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

export function transcript(sequenceNumber: number): TranscriptMessage {
  return {
    type: 'transcript',
    sessionId: 'golden-eagle-427',
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: 'Hello',
    targetLanguage: 'es',
    translatedText: 'Hola',
  } as TranscriptMessage;
}
