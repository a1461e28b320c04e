import type { RefreshHost, RefreshOptions } from './refresh';
import { Refresh } from './refresh';
import { REPLACED_SOCKET_GRACE_MS } from './replaced-socket';
import { ContractSocket } from './socket';
import { SocketOpener } from './socket-opener';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

/** A connection as the refresh sees it: one open socket, and a record of what it was asked. */
class Host implements RefreshHost {
  socket: ContractSocket | undefined;
  open = true;
  id: string | undefined = 'old-1';
  readonly replacements: ContractSocket[] = [];
  readonly calls: string[] = [];
  private readonly opener: SocketOpener;

  constructor(timers: ManualTimers) {
    this.opener = new SocketOpener({ WebSocket: FakeWebSocket, url: () => 'ws://h', timers });
  }

  connectionId = (): string | undefined => this.id;
  isOpen = (): boolean => this.open;
  current = (): ContractSocket | undefined => this.socket;
  openReplacement = (previousConnectionId: string, claim: (socket: ContractSocket) => void) =>
    this.opener.open({ previousConnectionId }, (socket) => {
      this.replacements.push(socket);
      socket.on('close', (code) => this.closed(socket, code));
      claim(socket);
    });
  adopt = (socket: ContractSocket): ContractSocket | undefined => {
    const old = this.socket;
    this.socket = socket;
    this.calls.push('adopt');
    return old;
  };
  switched = (): void => {
    this.calls.push('switched');
  };
  lost = (code: number, reason: string): void => {
    this.calls.push(`lost ${code} ${reason}`);
  };
  closed: (socket: ContractSocket, code: number) => void = () => undefined;

  latest(): ContractSocket {
    const socket = this.replacements.at(-1);
    if (!socket) throw new Error('no replacement opened');
    return socket;
  }
}

async function setUp(options: Partial<RefreshOptions> = {}) {
  const timers = new ManualTimers();
  const host = new Host(timers);
  const current = new ContractSocket(FakeWebSocket);
  const opening = current.open('ws://h');
  const old = FakeWebSocket.latest();
  old.accept();
  await opening;
  host.socket = current;
  const refresh = new Refresh(host, { timers, refreshSpreadMs: 0, ...options });
  host.closed = (socket, code) => refresh.closed(socket, code);
  const events: string[] = [];
  refresh.on('refreshing', () => events.push('refreshing'));
  refresh.on('refreshed', (id) => events.push(`refreshed ${id}`));
  refresh.on('refreshFailed', (reason) => events.push(`failed: ${reason}`));
  refresh.on('ready', () => events.push('ready'));
  return { timers, host, refresh, events, current, old };
}

/** Starts the refresh and lets its replacement complete the handshake. */
async function replacementOpened(refresh: Refresh): Promise<FakeWebSocket> {
  refresh.schedule();
  await flushPromises();
  const fresh = FakeWebSocket.latest();
  fresh.accept();
  await flushPromises();
  return fresh;
}

describe('Refresh', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('switches to the replacement on confirmation and listens to the old socket for the grace period', async () => {
    // Prepare
    const { timers, host, refresh, events, old } = await setUp();
    const fresh = await replacementOpened(refresh);
    const switchingBefore = refresh.switching;

    // Act
    refresh.completed(host.latest(), 'new-1');

    // Assess
    expect(switchingBefore).toBe(true);
    expect(fresh.url).toBe('ws://h?previousConnectionId=old-1');
    expect(fresh.sentActions('refreshConnection')).toEqual([
      { action: 'refreshConnection', previousConnectionId: 'old-1', requestId: 'refresh-1' },
    ]);
    expect(refresh.answers('refresh-1')).toBe(false);
    expect(events).toEqual(['refreshing', 'refreshed new-1', 'ready']);
    expect(host.calls).toEqual(['adopt', 'switched']);
    expect(refresh.settled).toBe(true);
    expect(old.readyState).toBe(1);
    timers.advance(REPLACED_SOCKET_GRACE_MS);
    expect(old.readyState).toBe(3);
  });

  it('waits a random part of refreshSpreadMs, and hurry() starts at once', async () => {
    // Prepare
    const { timers, refresh, events } = await setUp({ refreshSpreadMs: 10_000, random: () => 0.5 });

    // Act
    refresh.schedule();
    refresh.schedule(); // asked twice: one delay
    timers.advance(4_999);
    await flushPromises();
    const beforeDelay = [...events];
    refresh.hurry('old-1');
    await flushPromises();
    timers.advance(10_000);
    await flushPromises();

    // Assess
    expect(beforeDelay).toEqual([]);
    // one refresh: the warning's; the delayed one was forgotten
    expect(events).toEqual([
      'refreshing',
      expect.stringContaining('failed: no connectionRefreshComplete'),
      'ready',
    ]);
  });

  it('keeps the old socket when the server refuses the refresh', async () => {
    // Prepare
    const { host, refresh, events, current } = await setUp();
    const fresh = await replacementOpened(refresh);

    // Act
    expect(refresh.answers('refresh-1')).toBe(true);
    refresh.fail('FORBIDDEN: no');

    // Assess
    expect(events).toEqual(['refreshing', 'failed: FORBIDDEN: no', 'ready']);
    expect(fresh.readyState).toBe(3);
    expect(host.current()).toBe(current);
    expect(refresh.settled).toBe(true);
  });

  it('keeps the new socket when the old one closed during the switch and the refresh then failed', async () => {
    // Prepare
    const { host, refresh, events, current } = await setUp();
    await replacementOpened(refresh);
    const replacement = host.latest();

    // Act
    const expected = refresh.currentClosed();
    const settledMeanwhile = refresh.settled;
    refresh.fail('FORBIDDEN: no');

    // Assess
    expect(expected).toBe(true);
    expect(settledMeanwhile).toBe(false);
    expect(host.current()).toBe(replacement);
    expect(current.state).toBe('closed');
    expect(host.calls).toEqual(['adopt', 'switched']);
    expect(events.slice(-1)).toEqual(['ready']);
  });

  it('reports the connection lost when both sockets are gone', async () => {
    // Prepare
    const { host, refresh } = await setUp();
    refresh.schedule();
    await flushPromises();
    refresh.currentClosed();

    // Act
    FakeWebSocket.latest().refuse();
    await flushPromises();

    // Assess
    expect(host.calls).toEqual(['lost 1006 connection refused or failed (close code 1006)']);
    expect(refresh.settled).toBe(true);
  });

  it('keeps a replacement whose handshake succeeded when only the confirmation is late', async () => {
    // Prepare
    const { timers, host, refresh, events } = await setUp({ refreshTimeoutMs: 500 });
    await replacementOpened(refresh);

    // Act
    timers.advance(500);

    // Assess
    expect(host.current()).toBe(host.latest());
    expect(events).toEqual([
      'refreshing',
      'failed: no connectionRefreshComplete within 500 ms; kept the new connection, which the server has taken over',
      'ready',
    ]);
  });

  it('does not start while the connection is not open, nor without a connection id', async () => {
    // Prepare
    const closed = await setUp();
    closed.host.open = false;
    const unnamed = await setUp();
    unnamed.host.id = undefined;

    // Act
    closed.refresh.schedule();
    unnamed.refresh.schedule();
    await flushPromises();

    // Assess
    expect(closed.events).toEqual([]);
    expect(unnamed.events).toEqual([]);
    expect(closed.refresh.currentClosed()).toBe(false);
  });

  it('closes the replacement and the replaced socket on stop(), and forgets the spread delay', async () => {
    // Prepare
    const { timers, host, refresh, old } = await setUp();
    const fresh = await replacementOpened(refresh);
    refresh.completed(host.latest(), 'new-1');
    const spread = await setUp({ refreshSpreadMs: 10_000, random: () => 0.5 });
    spread.refresh.schedule();

    // Act
    refresh.stop('client closed');
    spread.refresh.stop('client closed');
    spread.timers.advance(10_000);
    await flushPromises();

    // Assess
    expect(old.readyState).toBe(3);
    expect(fresh.readyState).toBe(1); // now the current socket: the connection closes it
    expect(spread.events).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});
