import type { ConnectionState } from './connection';
import { connection, opened } from './testing/connection-harness';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

// Heartbeat, reconnects and closing; the refresh: connection-refresh.spec.ts and connection-replaced-socket.spec.ts;
// refused connects: connection-refused.spec.ts.

describe('ManagedConnection', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('sends a heartbeat every period and stays up while the server answers', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);

    // Act
    timers.advance(30_000);
    socket.receive({ type: 'heartbeatAck', timestamp: 1 });
    timers.advance(30_000);
    socket.receive({ type: 'heartbeatAck', timestamp: 2 });

    // Assess
    expect(socket.sentActions('heartbeat')).toHaveLength(2);
    expect(managed.state).toBe('open');
  });

  it('treats a heartbeat left unanswered for a whole period as a dead connection and reconnects', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);
    const dropped: number[] = [];
    managed.on('disconnected', (code) => dropped.push(code));

    // Act
    timers.advance(60_000);
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(dropped).toEqual([4001]);
    expect(managed.state).toBe('reconnecting');
    expect(FakeWebSocket.latest()).not.toBe(socket);
  });

  it('grows the delay between failed attempts and starts over after a stable connection', async () => {
    // Prepare
    const managed = connection(timers, { heartbeatIntervalMs: 0 });
    const first = await opened(managed);
    const states: ConnectionState[] = [];
    managed.on('state', (state) => states.push(state));

    // Act: two failed attempts (100 ms, 200 ms), a success at 400 ms, a stable hour, another drop.
    first.drop();
    timers.advance(100);
    await flushPromises();
    FakeWebSocket.latest().refuse();
    await flushPromises();
    timers.advance(200);
    await flushPromises();
    FakeWebSocket.latest().refuse();
    await flushPromises();
    timers.advance(399);
    await flushPromises();
    const beforeThird = FakeWebSocket.instances.length;
    timers.advance(1);
    await flushPromises();
    FakeWebSocket.latest().accept();
    await flushPromises();
    timers.advance(3_600_000);
    FakeWebSocket.latest().drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(beforeThird).toBe(3);
    expect(FakeWebSocket.instances).toHaveLength(5);
    expect(states).toEqual(['reconnecting', 'open', 'reconnecting']);
  });

  it('counts a failing URL provider as a failed attempt', async () => {
    // Prepare
    let calls = 0;
    const managed = connection(timers, {
      maxReconnectAttempts: 1,
      url: () => {
        calls += 1;
        if (calls > 1) throw new Error('token service down');
        return 'ws://ws.test';
      },
    });
    const socket = await opened(managed);
    const failures: string[] = [];
    managed.on('reconnectFailed', (_attempts, error) => failures.push(error?.message ?? ''));

    // Act
    socket.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(failures).toEqual(['token service down']);
    expect(managed.state).toBe('closed');
  });

  it('abandons a handshake that takes too long', async () => {
    // Prepare
    const managed = connection(timers, { connectTimeoutMs: 1_000 });
    const opening = managed.open();
    await flushPromises();

    // Act
    timers.advance(1_000);

    // Assess
    await expect(opening).rejects.toThrow(/handshake/);
    expect(managed.state).toBe('closed');
  });

  it('does not reconnect when told not to', async () => {
    const managed = connection(timers, { reconnect: false });
    const socket = await opened(managed);
    socket.drop();
    expect(managed.state).toBe('closed');
    expect(timers.pending).toBe(0);
  });

  it('reports CONNECTION_NOT_REGISTERED on the only socket, and reconnects', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);
    const errors: string[] = [];
    managed.on('message', (message) => {
      if (message.type === 'error') errors.push(message.code);
    });

    // Act
    socket.receive({
      type: 'error',
      timestamp: 3,
      code: 'CONNECTION_NOT_REGISTERED',
      message: 'unknown',
      requestId: 'hb-1',
    });
    await flushPromises();

    // Assess
    expect(errors).toEqual(['CONNECTION_NOT_REGISTERED']);
    expect(managed.state).toBe('reconnecting');
  });

  it('drops a socket the server says it does not know, and reconnects', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);
    const dropped: Array<[number, boolean]> = [];
    managed.on('disconnected', (code, _reason, willReconnect) => dropped.push([code, willReconnect]));

    // Act
    socket.receive({
      type: 'error',
      timestamp: 2,
      code: 'CONNECTION_NOT_REGISTERED',
      message: 'this connection is not registered; reconnect',
      requestId: 'heartbeat-1',
    });
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(dropped).toEqual([[4001, true]]);
    expect(managed.state).toBe('reconnecting');
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('closes for good, also while a reconnect is waiting', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);
    socket.drop();

    // Act
    managed.close();
    timers.advance(10_000);

    // Assess
    expect(managed.state).toBe('closed');
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(managed.send({ action: 'heartbeat' })).toBe(false);
  });
});
