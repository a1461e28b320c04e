import { connection, opened } from './testing/connection-harness';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

// A connect the server refuses on the socket (error about $connect, with retryAfter) waits before it retries.

describe('ManagedConnection', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
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
});
