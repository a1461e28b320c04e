import type { ConnectionState, ReconnectingSocketOptions } from './reconnecting-socket';
import { ReconnectingSocket, refusesConnect } from './reconnecting-socket';
import { ContractSocket } from './socket';
import { SocketOpener } from './socket-opener';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

function reconnecting(
  timers: ManualTimers,
  options: Partial<ReconnectingSocketOptions> = {},
): { link: ReconnectingSocket; events: string[] } {
  const opener = new SocketOpener({ WebSocket: FakeWebSocket, url: () => 'ws://h', timers });
  const link = new ReconnectingSocket({
    connect: (claim) =>
      opener.open({}, (socket) => {
        // What ManagedConnection does: the current socket's close is a drop.
        socket.on('close', (code, reason) => {
          if (socket === link.current) link.dropped(code, reason);
        });
        claim(socket);
      }),
    timers,
    backoff: { minMs: 100, maxMs: 800, jitter: 0 },
    ...options,
  });
  const events: string[] = [];
  link.on('state', (state: ConnectionState) => events.push(state));
  link.on('disconnected', (code, _reason, willReconnect) =>
    events.push(`disconnected ${code} ${willReconnect}`),
  );
  link.on('reconnected', (attempts) => events.push(`reconnected ${attempts}`));
  link.on('reconnectFailed', (attempts, error) => events.push(`failed ${attempts} ${error?.message ?? ''}`));
  link.on('refused', (code, seconds) => events.push(`refused ${code} ${seconds}`));
  link.on('ready', () => events.push('ready'));
  return { link, events };
}

function currentOf(link: ReconnectingSocket): ContractSocket {
  const socket = link.current;
  if (!socket) throw new Error('no current socket');
  return socket;
}

async function opened(link: ReconnectingSocket): Promise<FakeWebSocket> {
  const opening = link.open();
  await flushPromises();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

describe('refusesConnect', () => {
  it('is true only for a refusal code about $connect with a retryAfter', () => {
    expect(refusesConnect({ code: 'SERVICE_UNAVAILABLE', retryAfter: 3, action: '$connect' })).toBe(true);
    expect(refusesConnect({ code: 'SERVICE_UNAVAILABLE', retryAfter: 3, action: 'sendAudio' })).toBe(false);
    expect(refusesConnect({ code: 'FORBIDDEN', retryAfter: 3, action: '$connect' })).toBe(false);
    expect(refusesConnect({ code: 'RATE_LIMIT_EXCEEDED', action: '$connect' })).toBe(false);
  });
});

describe('ReconnectingSocket', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('opens, then reconnects after a drop with the backoff delay', async () => {
    // Prepare
    const { link, events } = reconnecting(timers);
    const first = await opened(link);

    // Act
    first.drop();
    timers.advance(99);
    const socketsBefore = FakeWebSocket.instances.length;
    timers.advance(1);
    await flushPromises();
    FakeWebSocket.latest().accept();
    await flushPromises();

    // Assess
    expect(socketsBefore).toBe(1);
    expect(events).toEqual([
      'connecting',
      'open',
      'ready',
      'disconnected 1006 true',
      'reconnecting',
      'open',
      'reconnected 1',
      'ready',
    ]);
    expect(link.current).not.toBeUndefined();
    expect(link.send({ action: 'heartbeat' })).toBe(true);
  });

  it('gives up after maxReconnectAttempts with the last error', async () => {
    // Prepare
    const { link, events } = reconnecting(timers, { maxReconnectAttempts: 1 });
    const first = await opened(link);

    // Act
    first.drop();
    timers.advance(100);
    await flushPromises();
    FakeWebSocket.latest().refuse();
    await flushPromises();

    // Assess
    expect(events.slice(-2)).toEqual(['closed', 'failed 1 connection refused or failed (close code 1006)']);
    expect(link.stopped).toBe(true);
    expect(link.send({ action: 'heartbeat' })).toBe(false);
  });

  it('does not reconnect when told not to, nor after the server announced its close', async () => {
    // Prepare
    const told = reconnecting(timers, { reconnect: false });
    const toldSocket = await opened(told.link);
    const ended = reconnecting(timers);
    const endedSocket = await opened(ended.link);

    // Act
    toldSocket.drop();
    ended.link.expectServerClose();
    endedSocket.close(1000, 'session ended');

    // Assess
    expect(told.events.slice(-2)).toEqual(['disconnected 1006 false', 'closed']);
    expect(ended.events.slice(-2)).toEqual(['disconnected 1000 false', 'closed']);
    expect(timers.pending).toBe(0);
  });

  it('waits at least the retryAfter of a refused connect, plus its spread', async () => {
    // Prepare
    const { link, events } = reconnecting(timers, { random: () => 0.5 });
    const socket = await opened(link);

    // Act: 2 s + 0.5 × 1 s
    link.refusedAtConnect(currentOf(link), 'RATE_LIMIT_EXCEEDED', 2);
    timers.advance(2_499);
    const socketsBefore = FakeWebSocket.instances.length;
    timers.advance(1);

    // Assess
    expect(socket.readyState).toBe(3);
    expect(events).toContain('refused RATE_LIMIT_EXCEEDED 2');
    expect(socketsBefore).toBe(1);
    await flushPromises();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('reconnects when every socket is lost, unless closed', async () => {
    // Prepare
    const { link, events } = reconnecting(timers);
    await opened(link);

    // Act
    link.lost(1006, 'refresh failed');
    const whileOpen = events.slice(-2);
    link.close(1000, 'bye');
    link.lost(1006, 'late');

    // Assess
    expect(whileOpen).toEqual(['disconnected 1006 true', 'reconnecting']);
    expect(events.slice(-1)).toEqual(['disconnected 1006 false']);
    expect(link.state).toBe('closed');
    expect(timers.pending).toBe(0);
  });

  it('rejects open() and stays closed when closed while connecting', async () => {
    // Prepare
    const { link, events } = reconnecting(timers);
    const opening = link.open();
    await flushPromises();

    // Act
    link.close(1000, 'bye');

    // Assess
    await expect(opening).rejects.toThrow(/abandoned/);
    expect(events).toEqual(['connecting', 'closed', 'disconnected 1000 false']);
  });

  it('hands over the current socket to a refresh and tells which one it replaced', async () => {
    // Prepare
    const { link } = reconnecting(timers);
    const before = link.current;
    await opened(link);
    const old = currentOf(link);
    const replacement = new ContractSocket(FakeWebSocket);

    // Act
    const replaced = link.adopt(replacement);

    // Assess
    expect(before).toBeUndefined();
    expect(replaced).toBe(old);
    expect(link.current).toBe(replacement);
  });
});
