import type { ContractSocket } from './socket';
import { SocketOpener, withQuery } from './socket-opener';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

describe('withQuery', () => {
  it('adds parameters after an existing query, starts one, or leaves the URL alone', () => {
    expect(withQuery('ws://h?sessionId=s', { resumeConnectionId: 'c 1' })).toBe(
      'ws://h?sessionId=s&resumeConnectionId=c+1',
    );
    expect(withQuery('ws://h', { previousConnectionId: 'c1' })).toBe('ws://h?previousConnectionId=c1');
    expect(withQuery('ws://h?a=1', {})).toBe('ws://h?a=1');
  });
});

describe('SocketOpener', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('asks for the URL on every open and hands the socket over before it opens', async () => {
    // Prepare
    const timers = new ManualTimers();
    let calls = 0;
    const opener = new SocketOpener({
      WebSocket: FakeWebSocket,
      url: async () => `ws://h?token=t${(calls += 1)}`,
      timers,
    });
    const greetings: string[] = [];

    // Act: the greeting comes with the open event, before the open settles
    const opening = opener.open({ resumeConnectionId: 'c1' }, (socket: ContractSocket) => {
      socket.on('message', (message) => greetings.push(message.type));
    });
    await flushPromises();
    FakeWebSocket.latest().accept();
    FakeWebSocket.latest().receive({ type: 'heartbeatAck', timestamp: 1 });
    const socket = await opening;

    // Assess
    expect(socket.state).toBe('open');
    expect(greetings).toEqual(['heartbeatAck']);
    expect(FakeWebSocket.latest().url).toBe('ws://h?token=t1&resumeConnectionId=c1');
    expect(timers.pending).toBe(0);
  });

  it('abandons a handshake that takes longer than connectTimeoutMs', async () => {
    // Prepare
    const timers = new ManualTimers();
    const opener = new SocketOpener({
      WebSocket: FakeWebSocket,
      url: () => 'ws://h',
      timers,
      connectTimeoutMs: 500,
    });
    const opening = opener.open({}, () => undefined);
    await flushPromises();

    // Act
    timers.advance(500);

    // Assess
    await expect(opening).rejects.toThrow('no handshake within 500 ms');
    expect(FakeWebSocket.latest().readyState).toBe(3);
  });
});
