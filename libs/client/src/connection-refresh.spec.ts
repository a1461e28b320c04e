import { REPLACED_SOCKET_GRACE_MS } from './connection';
import {
  connection,
  opened,
  REFRESH_REFRESHED,
  REFRESH_REQUIRED,
  refreshAccepted,
  refreshStarted,
} from './testing/connection-harness';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

// The refresh: a second socket takes the first one's place, confirmed by the server, within a timeout.

describe('ManagedConnection', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
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
});
