import { ListenerClient } from './listener-client';
import { SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

const SESSION = { timestamp: 2, sessionId: 'golden-eagle-427' };

const JOINED = {
  ...SESSION,
  type: 'sessionJoined',
  connectionId: 'c-1',
  sourceLanguage: 'en',
  status: 'active',
  broadcastState: { paused: false, muted: false, volume: 1 },
  listenerCount: 1,
};

/** The broadcast's state changes, as the server sends them to the speaker and the listeners. */
const BROADCAST = [
  { ...SESSION, type: 'broadcastPaused' },
  { ...SESSION, type: 'broadcastResumed' },
  { ...SESSION, type: 'broadcastMuted' },
  { ...SESSION, type: 'broadcastUnmuted' },
  { ...SESSION, type: 'volumeChanged', volume: 0.5 },
];

function options(timers: ManualTimers) {
  return {
    websocketUrl: 'ws://ws.test',
    WebSocket: FakeWebSocket,
    timers,
    backoff: { minMs: 100, jitter: 0 },
  };
}

describe('event names (one convention, the old names kept)', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('gives the listener the names of the convention, each old name right after its new one', async () => {
    // Prepare
    const timers = new ManualTimers();
    const client = new ListenerClient(options(timers));
    const seen: string[] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        seen.push([name, ...args.filter((arg) => typeof arg !== 'object')].join(' '));
    for (const name of [
      'connected',
      'broadcastPaused',
      'sessionPaused',
      'broadcastResumed',
      'sessionResumed',
      'broadcastMuted',
      'sessionMuted',
      'broadcastUnmuted',
      'sessionUnmuted',
      'volumeChanged',
      'connectionWarning',
      'disconnected',
      'disconnect',
      'stateChanged',
      'stateChange',
    ] as const)
      client.on(name, record(name));

    // Act
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    socket.receive({ ...JOINED, role: 'listener', targetLanguage: 'es' });
    await joining;
    for (const message of BROADCAST) socket.receive(message);
    socket.receive({ type: 'connectionWarning', timestamp: 3, remainingMinutes: 15 });
    client.close();

    // Assess
    expect(seen).toEqual([
      'stateChanged connecting closed',
      'stateChange connecting closed',
      'stateChanged open connecting',
      'stateChange open connecting',
      'connected golden-eagle-427',
      'broadcastPaused',
      'sessionPaused',
      'broadcastResumed',
      'sessionResumed',
      'broadcastMuted',
      'sessionMuted',
      'broadcastUnmuted',
      'sessionUnmuted',
      'volumeChanged 0.5',
      'connectionWarning',
      'stateChanged closed open',
      'stateChange closed open',
      'disconnected 1000 client closed false',
      'disconnect 1000 client closed false',
    ]);
  });

  it('gives the speaker the names of the convention, each old name right after its new one', async () => {
    // Prepare
    const timers = new ManualTimers();
    const client = new SpeakerClient({
      ...options(timers),
      httpUrl: 'http://api.test',
      tokenProvider: () => 't',
    });
    const seen: string[] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        seen.push(
          [name, ...args.map((arg) => (typeof arg === 'object' ? (arg as { type: string }).type : arg))].join(
            ' ',
          ),
        );
    for (const name of [
      'sessionJoined',
      'sessionEnded',
      'broadcastPaused',
      'paused',
      'broadcastResumed',
      'resumed',
      'broadcastMuted',
      'broadcastUnmuted',
      'volumeChanged',
      'stateChanged',
      'stateChange',
    ] as const)
      client.on(name, record(name));

    // Act
    const connecting = client.connect('golden-eagle-427');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    await connecting;
    socket.receive({ ...JOINED, role: 'speaker' });
    for (const message of BROADCAST) socket.receive(message);
    socket.receive({ ...SESSION, type: 'sessionEnded', reason: 'speaker ended' });

    // Assess
    expect(seen).toEqual([
      'stateChanged connecting closed',
      'stateChange connecting closed',
      'stateChanged open connecting',
      'stateChange open connecting',
      'sessionJoined sessionJoined',
      'broadcastPaused',
      'paused',
      'broadcastResumed',
      'resumed',
      'broadcastMuted',
      'broadcastUnmuted',
      'volumeChanged 0.5',
      'sessionEnded sessionEnded',
    ]);
  });
});
