import { REPLACED_SOCKET_GRACE_MS } from './connection';
import {
  connection,
  opened,
  REFRESH_REFRESHED,
  refreshAccepted,
  refreshedOnto,
  refreshStarted,
} from './testing/connection-harness';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

// The socket a refresh replaced: still heard until the server closes it, closed by the client after a grace.

describe('ManagedConnection', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
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
});
