import type { ConnectionOptions, ConnectionState } from './connection';
import { ManagedConnection, REPLACED_SOCKET_GRACE_MS } from './connection';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

const REFRESH_REQUIRED = {
  type: 'connectionRefreshRequired',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  role: 'listener',
  connectionId: 'old-1',
};

const REFRESH_REFRESHED = {
  type: 'connectionRefreshComplete',
  timestamp: 2,
  sessionId: 'golden-eagle-427',
  role: 'listener',
  connectionId: 'new-1',
};

function connection(timers: ManualTimers, options: Partial<ConnectionOptions> = {}): ManagedConnection {
  return new ManagedConnection({
    WebSocket: FakeWebSocket,
    url: () => 'ws://ws.test?sessionId=s',
    timers,
    backoff: { minMs: 100, maxMs: 800, jitter: 0, stableAfterMs: 1_000 },
    refreshSpreadMs: 0,
    ...options,
  });
}

async function opened(managed: ManagedConnection): Promise<FakeWebSocket> {
  const opening = managed.open();
  await flushPromises();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

async function refreshStarted(managed: ManagedConnection, old: FakeWebSocket): Promise<FakeWebSocket> {
  old.receive(REFRESH_REQUIRED);
  await flushPromises();
  return FakeWebSocket.latest();
}

/** An open connection whose refresh socket has completed its handshake, not yet confirmed. */
async function refreshAccepted(
  managed: ManagedConnection,
): Promise<{ old: FakeWebSocket; fresh: FakeWebSocket }> {
  const old = await opened(managed);
  const fresh = await refreshStarted(managed, old);
  fresh.accept();
  await flushPromises();
  return { old, fresh };
}

/** An open connection refreshed onto a second socket; the server has not closed the first yet. */
async function refreshedOnto(
  managed: ManagedConnection,
): Promise<{ old: FakeWebSocket; fresh: FakeWebSocket }> {
  const sockets = await refreshAccepted(managed);
  sockets.fresh.receive({ ...REFRESH_REFRESHED });
  return sockets;
}

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

  it('swaps to the new socket when the refresh completes, even after the old one closed first', async () => {
    // Prepare
    const managed = connection(timers);
    const old = await opened(managed);
    const events: string[] = [];
    managed.on('disconnected', () => events.push('disconnected'));
    managed.on('refreshed', (id) => events.push(`refreshed:${id}`));

    // Act
    const fresh = await refreshStarted(managed, old);
    expect(managed.ready).toBe(false);
    fresh.accept();
    await flushPromises();
    fresh.receive({ ...REFRESH_REQUIRED, type: 'sessionJoined', connectionId: 'new-1', broadcastState: {} });
    old.close(1001, 'replaced');
    fresh.receive({
      type: 'connectionRefreshComplete',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'listener',
      connectionId: 'new-1',
    });

    // Assess
    expect(fresh.sentActions('refreshConnection')).toEqual([
      expect.objectContaining({ previousConnectionId: 'old-1' }),
    ]);
    expect(events).toEqual(['refreshed:new-1']);
    expect(managed.connectionId).toBe('new-1');
    expect(managed.ready).toBe(true);
    expect(managed.send({ action: 'heartbeat' })).toBe(true);
    expect(fresh.sentActions('heartbeat')).toHaveLength(1);
  });

  it('still delivers what arrives on the replaced socket until the server closes it', async () => {
    // Prepare: a completed refresh; the server has not closed the old socket yet
    const managed = connection(timers);
    const { old, fresh } = await refreshedOnto(managed);
    const received: string[] = [];
    managed.on('message', (message) => received.push(message.type));
    const events: string[] = [];
    managed.on('disconnected', () => events.push('disconnected'));

    // Act: a frame the pipeline posted to the old connection before the swap, then the server's close
    old.receive({ type: 'heartbeatAck', timestamp: 3 });
    old.close(1000, 'refreshed');

    // Assess
    expect(received).toEqual(['heartbeatAck']);
    expect(events).toEqual([]);
    expect(fresh.readyState).toBe(1);
    expect(managed.state).toBe('open');
    expect(timers.pending).toBe(1); // the heartbeat only: the grace timer went with the old socket
  });

  it('drops the socket being replaced without reporting it when the server no longer knows it', async () => {
    // Prepare: a refresh under way; the server has swapped the rows at the new socket's $connect
    const managed = connection(timers);
    const old = await opened(managed);
    const fresh = await refreshStarted(managed, old);
    const received: string[] = [];
    managed.on('message', (message) => received.push(message.type));
    const dropped: boolean[] = [];
    managed.on('disconnected', (_code, _reason, willReconnect) => dropped.push(willReconnect));

    // Act: the heartbeat sent on the old socket is refused; then the refresh completes
    old.receive({
      type: 'error',
      timestamp: 3,
      code: 'CONNECTION_NOT_REGISTERED',
      message: 'unknown',
      requestId: 'hb-1',
    });
    fresh.accept();
    await flushPromises();
    fresh.receive({ ...REFRESH_REFRESHED });

    // Assess
    expect(old.readyState).toBe(3);
    expect(received).toEqual(['connectionRefreshComplete']);
    expect(dropped).toEqual([]);
    expect(managed.connectionId).toBe('new-1');
    expect(managed.state).toBe('open');
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

  it('closes the replaced socket itself when the server has not after the grace period', async () => {
    // Prepare
    const managed = connection(timers);
    const { old, fresh } = await refreshedOnto(managed);

    // Act
    timers.advance(REPLACED_SOCKET_GRACE_MS - 1);
    const openBefore = old.readyState;
    timers.advance(1);

    // Assess
    expect(openBefore).toBe(1);
    expect(old.readyState).toBe(3);
    expect(managed.state).toBe('open');
    expect(fresh.readyState).toBe(1);
  });

  it('closes the replaced socket at once when the client is closed', async () => {
    // Prepare
    const managed = connection(timers);
    const { old, fresh } = await refreshedOnto(managed);

    // Act
    managed.close();

    // Assess
    expect(old.readyState).toBe(3);
    expect(fresh.readyState).toBe(3);
    expect(timers.pending).toBe(0);
  });

  it('names the connection it replaces in the refresh URL, and the last one in a reconnect URL', async () => {
    // Prepare
    const managed = connection(timers);
    const first = await opened(managed);
    expect(first.url).toBe('ws://ws.test?sessionId=s');
    first.receive({ ...REFRESH_REQUIRED, type: 'sessionJoined', connectionId: 'old-1', broadcastState: {} });

    // Act: a refresh, completed, then the new socket drops and the client reconnects
    const fresh = await refreshStarted(managed, first);
    fresh.accept();
    await flushPromises();
    fresh.receive({
      type: 'connectionRefreshComplete',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'listener',
      connectionId: 'new-1',
    });
    fresh.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(fresh.url).toBe('ws://ws.test?sessionId=s&previousConnectionId=old-1');
    expect(FakeWebSocket.latest().url).toBe('ws://ws.test?sessionId=s&resumeConnectionId=new-1');
  });

  it('keeps the new socket when the server confirms the refresh before the open settles', async () => {
    // Prepare
    const managed = connection(timers);
    const old = await opened(managed);
    const fresh = await refreshStarted(managed, old);

    // Act: the handshake's greeting (connectionRefreshComplete) arrives with the open event
    fresh.accept();
    fresh.receive({
      type: 'connectionRefreshComplete',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'listener',
      connectionId: 'new-1',
    });
    await flushPromises();

    // Assess
    expect(managed.connectionId).toBe('new-1');
    expect(fresh.readyState).toBe(1);
    expect(managed.send({ action: 'heartbeat' })).toBe(true);
    expect(fresh.sentActions('heartbeat')).toHaveLength(1);
  });

  it('tries the refresh again when a connectionWarning follows a failed one', async () => {
    // Prepare: a refresh that the server refused, the old socket kept
    const managed = connection(timers);
    const old = await opened(managed);
    const first = await refreshStarted(managed, old);
    first.refuse();
    await flushPromises();
    expect(managed.ready).toBe(true);
    const refreshes: number[] = [];
    managed.on('refreshing', () => refreshes.push(FakeWebSocket.instances.length));

    // Act
    old.receive({ type: 'connectionWarning', timestamp: 3, remainingMinutes: 15 });
    await flushPromises();

    // Assess: a new refresh socket, naming the same old connection
    expect(refreshes).toHaveLength(1);
    expect(FakeWebSocket.latest()).not.toBe(first);
    expect(FakeWebSocket.latest().url).toBe('ws://ws.test?sessionId=s&previousConnectionId=old-1');
  });

  it('keeps the new socket when the server refuses the refresh after closing the old one', async () => {
    // Prepare
    const managed = connection(timers);
    const { old, fresh } = await refreshAccepted(managed);
    const failures: string[] = [];
    managed.on('refreshFailed', (reason) => failures.push(reason));

    // Act
    old.drop();
    const requestId = fresh.sentActions('refreshConnection')[0]?.['requestId'];
    fresh.receive({ type: 'error', timestamp: 2, code: 'FORBIDDEN', message: 'no', requestId });

    // Assess
    expect(failures).toEqual(['FORBIDDEN: no']);
    expect(managed.ready).toBe(true);
    expect(managed.send({ action: 'heartbeat' })).toBe(true);
    expect(fresh.sentActions('heartbeat')).toHaveLength(1);
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

  it('reconnects instead of keeping a refreshed socket the server no longer knows', async () => {
    // Prepare: the old socket closed, then the new one's row was removed before refreshConnection
    const managed = connection(timers);
    const { old, fresh } = await refreshAccepted(managed);
    old.drop();
    const requestId = fresh.sentActions('refreshConnection')[0]?.['requestId'];

    // Act
    fresh.receive({
      type: 'error',
      timestamp: 2,
      code: 'CONNECTION_NOT_REGISTERED',
      message: 'this connection is not registered; reconnect',
      requestId,
    });
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(fresh.readyState).toBe(3);
    expect(managed.state).toBe('reconnecting');
    expect(FakeWebSocket.instances).toHaveLength(3);
  });

  it('spreads a requested refresh over refreshSpreadMs, and a warning starts it at once', async () => {
    // Prepare
    const spread = connection(timers, { refreshSpreadMs: 60_000, random: () => 0.5 });
    const socket = await opened(spread);
    const hurried = connection(timers, { refreshSpreadMs: 60_000, random: () => 0.5 });
    const hurriedSocket = await opened(hurried);
    const before = FakeWebSocket.instances.length;

    // Act
    socket.receive(REFRESH_REQUIRED);
    hurriedSocket.receive({ ...REFRESH_REQUIRED, connectionId: 'old-2' });
    timers.advance(29_999);
    await flushPromises();
    const openedBeforeDelay = FakeWebSocket.instances.length - before;
    hurriedSocket.receive({ type: 'connectionWarning', timestamp: 2, remainingMinutes: 15 });
    await flushPromises();
    const openedByWarning = FakeWebSocket.instances.length - before;
    timers.advance(1);
    await flushPromises();

    // Assess
    expect(openedBeforeDelay).toBe(0);
    expect(openedByWarning).toBe(1);
    expect(FakeWebSocket.instances.length - before).toBe(2);
    expect(FakeWebSocket.latest().url).toContain('previousConnectionId=old-1');
  });

  it('forgets a refresh waiting for its delay once it reconnects anyway', async () => {
    // Prepare
    const managed = connection(timers, {
      refreshSpreadMs: 60_000,
      random: () => 0.5,
      heartbeatIntervalMs: 0,
    });
    const socket = await opened(managed);
    socket.receive(REFRESH_REQUIRED);

    // Act
    socket.drop();
    timers.advance(100);
    await flushPromises();
    FakeWebSocket.latest().accept();
    await flushPromises();
    const afterReconnect = FakeWebSocket.instances.length;
    timers.advance(60_000);
    await flushPromises();

    // Assess
    expect(managed.state).toBe('open');
    expect(FakeWebSocket.instances).toHaveLength(afterReconnect);
  });

  it('reconnects when both the old and the new socket are gone during a refresh', async () => {
    // Prepare
    const managed = connection(timers);
    const old = await opened(managed);
    const fresh = await refreshStarted(managed, old);

    // Act
    old.drop();
    fresh.refuse();
    await flushPromises();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(managed.state).toBe('reconnecting');
    expect(FakeWebSocket.instances).toHaveLength(3);
  });

  it('gives the refresh up after its timeout and keeps the old socket when the new one never opened', async () => {
    // Prepare
    const managed = connection(timers, { refreshTimeoutMs: 500 });
    const old = await opened(managed);
    const fresh = await refreshStarted(managed, old);
    const failures: string[] = [];
    managed.on('refreshFailed', (reason) => failures.push(reason));

    // Act
    timers.advance(500);
    await flushPromises();

    // Assess
    expect(failures).toEqual(['no connectionRefreshComplete within 500 ms']);
    expect(managed.ready).toBe(true);
    expect(fresh.readyState).toBe(3);
    expect(managed.send({ action: 'heartbeat' })).toBe(true);
    expect(old.sentActions('heartbeat')).toHaveLength(1);
  });

  it('keeps the new socket when only the confirmation is late: the server took it over at its handshake', async () => {
    // Prepare
    const managed = connection(timers, { refreshTimeoutMs: 500 });
    const { old, fresh } = await refreshAccepted(managed);
    const failures: string[] = [];
    managed.on('refreshFailed', (reason) => failures.push(reason));
    const dropped: number[] = [];
    managed.on('disconnected', (code) => dropped.push(code));

    // Act: no greeting within the timeout; then the late confirmation names the new connection
    timers.advance(500);
    const idBeforeConfirmation = managed.connectionId;
    fresh.receive({ ...REFRESH_REFRESHED });

    // Assess
    expect(failures).toEqual([expect.stringContaining('kept the new connection')]);
    expect(dropped).toEqual([]);
    expect(managed.ready).toBe(true);
    expect(idBeforeConfirmation).toBe('old-1');
    expect(managed.connectionId).toBe('new-1');
    expect(managed.send({ action: 'heartbeat' })).toBe(true);
    expect(fresh.sentActions('heartbeat')).toHaveLength(1);
    expect(old.readyState).toBe(1); // listened to until the server closes it, or the grace ends
    timers.advance(REPLACED_SOCKET_GRACE_MS);
    expect(old.readyState).toBe(3);
  });

  describe('a connect the server refuses on the socket', () => {
    const refusal = (retryAfter: number, code = 'RATE_LIMIT_EXCEEDED') => ({
      type: 'error',
      timestamp: 3,
      code,
      message: "rate limit 'listenerJoin' exceeded",
      requestId: 'connect-req',
      retryAfter,
      action: '$connect',
    });

    it('waits the server’s retryAfter before the next attempt, however short the backoff', async () => {
      // Prepare
      const managed = connection(timers, { random: () => 0 });
      const socket = await opened(managed);
      const refused: Array<[string, number]> = [];
      managed.on('refused', (code, retryAfter) => refused.push([code, retryAfter]));

      // Act
      socket.receive(refusal(5));
      await flushPromises();
      timers.advance(4_999);
      await flushPromises();
      const socketsBefore = FakeWebSocket.instances.length;
      timers.advance(1);
      await flushPromises();

      // Assess
      expect(refused).toEqual([['RATE_LIMIT_EXCEEDED', 5]]);
      expect(socket.readyState).toBe(3);
      expect(managed.state).toBe('reconnecting');
      expect(socketsBefore).toBe(1);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('spreads a refused crowd over up to half the retryAfter, so it does not come back at once', async () => {
      // Prepare
      const managed = connection(timers, { random: () => 0.5 });
      const socket = await opened(managed);

      // Act: 4 s + 0.5 × 2 s
      socket.receive(refusal(4, 'SERVICE_UNAVAILABLE'));
      await flushPromises();
      timers.advance(4_999);
      await flushPromises();
      const socketsBefore = FakeWebSocket.instances.length;
      timers.advance(1);
      await flushPromises();

      // Assess
      expect(socketsBefore).toBe(1);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('joins once the retried connect is greeted', async () => {
      // Prepare
      const managed = connection(timers, { random: () => 0 });
      const socket = await opened(managed);
      const reconnected: number[] = [];
      managed.on('reconnected', (attempts) => reconnected.push(attempts));
      socket.receive(refusal(2));
      await flushPromises();
      timers.advance(2_000);
      await flushPromises();

      // Act
      FakeWebSocket.latest().accept();
      await flushPromises();

      // Assess
      expect(managed.state).toBe('open');
      expect(reconnected).toEqual([1]);
    });

    it('treats a rate-limit error on a greeted socket as the answer to an action, not a refusal', async () => {
      // Prepare
      const managed = connection(timers);
      const socket = await opened(managed);
      socket.receive({
        type: 'sessionJoined',
        timestamp: 2,
        sessionId: 'golden-eagle-427',
        role: 'listener',
        connectionId: 'conn-1',
        sourceLanguage: 'en',
        status: 'active',
        broadcastState: { paused: false, muted: false, volume: 1 },
        listenerCount: 1,
      });
      const refused: string[] = [];
      managed.on('refused', (code) => refused.push(code));

      // Act
      socket.receive({ ...refusal(30), requestId: 'hb-1' });
      socket.receive({ ...refusal(30), requestId: 'hb-2', action: 'heartbeat' });
      await flushPromises();

      // Assess
      expect(refused).toEqual([]);
      expect(socket.readyState).toBe(1);
      expect(managed.state).toBe('open');
    });
  });

  it('keeps an ungreeted socket whose action was rate limited: only an error about $connect refuses it', async () => {
    // Prepare
    const managed = connection(timers);
    const socket = await opened(managed);

    // Act
    socket.receive({
      type: 'error',
      timestamp: 3,
      code: 'RATE_LIMIT_EXCEEDED',
      message: "rate limit 'audioChunk' exceeded",
      requestId: 'chunk-1',
      retryAfter: 1,
      action: 'sendAudio',
    });
    await flushPromises();

    // Assess
    expect(socket.readyState).toBe(1);
    expect(managed.state).toBe('open');
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
