import { FakeWebSocket } from './testing/fake-websocket';
import { JOINED, joined, listener } from './testing/listener-harness';
import { ManualTimers, flushPromises } from './testing/manual-timers';

describe('ListenerClient: language, captions-only mode and reconnects', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('changes language, resolves on languageChanged, and re-joins in the new language after a drop', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const changes: string[] = [];
    client.on('languageChanged', (m) => changes.push(m.targetLanguage));

    // Act
    const changing = client.changeLanguage('ca');
    const sent = socket.sentMessages()[0];
    socket.receive({
      type: 'languageChanged',
      timestamp: 8,
      sessionId: 'golden-eagle-427',
      targetLanguage: 'ca',
      requestId: sent?.['requestId'],
    });
    await changing;
    socket.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(sent).toMatchObject({ action: 'changeLanguage', targetLanguage: 'ca' });
    expect(changes).toEqual(['ca']);
    expect(client.targetLanguage).toBe('ca');
    // the new language, and the connection it replaces (the server takes over its row if it lingers)
    expect(FakeWebSocket.latest().url).toBe(
      'ws://ws.test?sessionId=golden-eagle-427&targetLanguage=ca&captionsOnly=false&resumeConnectionId=c-1',
    );
  });

  it('rejects a language change when it is not connected', async () => {
    await expect(listener(timers).changeLanguage('ca')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('asks for captions only on every (re)connect, from the option or the join', async () => {
    // Prepare
    const fromOption = listener(timers, { captionsOnly: true });
    const viaJoin = listener(timers);

    // Act
    const first = await joined(fromOption);
    const joining = viaJoin.join('golden-eagle-427', 'es', { captionsOnly: true });
    await flushPromises();
    const second = FakeWebSocket.latest();
    second.accept();
    second.receive({ ...JOINED, captionsOnly: true });
    await joining;
    second.drop();
    timers.advance(100);
    await flushPromises();
    const reconnected = FakeWebSocket.latest();

    // Assess
    expect(first.url).toBe('ws://ws.test?sessionId=golden-eagle-427&targetLanguage=es&captionsOnly=true');
    expect(second.url).toBe('ws://ws.test?sessionId=golden-eagle-427&targetLanguage=es&captionsOnly=true');
    expect(reconnected).not.toBe(second);
    expect(new URL(reconnected.url).searchParams.get('captionsOnly')).toBe('true');
    expect(viaJoin.captionsOnly).toBe(true);
  });

  it('switches captions-only mode, resolving on captionsOnlyChanged, and reconnects in the new mode', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const changes: boolean[] = [];
    client.on('captionsOnlyChanged', (on) => changes.push(on));

    // Act
    const switching = client.setCaptionsOnly(true);
    const sent = socket.sentActions('setCaptionsOnly')[0];
    socket.receive({
      type: 'captionsOnlyChanged',
      timestamp: 2,
      captionsOnly: true,
      requestId: sent?.['requestId'],
    });
    await switching;
    socket.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(sent).toMatchObject({ action: 'setCaptionsOnly', captionsOnly: true });
    expect(client.captionsOnly).toBe(true);
    expect(changes).toEqual([true]);
    expect(FakeWebSocket.latest().url).toContain('captionsOnly=true');
  });

  it('names the mode it left on the next connect, so a refreshed row cannot bring captions-only back', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const on = client.setCaptionsOnly(true);
    socket.receive({
      type: 'captionsOnlyChanged',
      timestamp: 2,
      captionsOnly: true,
      requestId: socket.sentActions('setCaptionsOnly')[0]?.['requestId'],
    });
    await on;

    // Act
    const off = client.setCaptionsOnly(false);
    socket.receive({
      type: 'captionsOnlyChanged',
      timestamp: 3,
      captionsOnly: false,
      requestId: socket.sentActions('setCaptionsOnly')[1]?.['requestId'],
    });
    await off;
    socket.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(new URL(FakeWebSocket.latest().url).searchParams.get('captionsOnly')).toBe('false');
  });

  it('keeps the mode when the server refuses the switch, and says why', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);

    // Act
    const switching = client.setCaptionsOnly(true);
    const sent = socket.sentActions('setCaptionsOnly')[0];
    socket.receive({
      type: 'error',
      timestamp: 2,
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow down',
      requestId: sent?.['requestId'],
    });

    // Assess
    await expect(switching).rejects.toMatchObject({ name: 'LingoCastError', code: 'RATE_LIMIT_EXCEEDED' });
    expect(client.captionsOnly).toBe(false);
  });

  it('refuses to switch captions-only mode when not connected, or with something not a boolean', async () => {
    const client = listener(timers);
    await expect(client.setCaptionsOnly(true)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(client.setCaptionsOnly('yes' as unknown as boolean)).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
    });
    expect(client.captionsOnly).toBe(false);
  });

  it('tells when the server refuses the connection for now, and joins once it lets it in', async () => {
    // Prepare: a join waits 2 s for its greeting, the server asks for 5 s
    const client = listener(timers, { requestTimeoutMs: 2_000 });
    const refused: Array<[string, number]> = [];
    client.on('refused', (code, retryAfterSeconds) => refused.push([code, retryAfterSeconds]));
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const first = FakeWebSocket.latest();
    first.accept();
    await flushPromises();

    // Act: refused on the socket (a browser cannot read a refused handshake), then let in
    first.receive({
      type: 'error',
      timestamp: 2,
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'too many joins',
      requestId: 'connect',
      retryAfter: 5,
      action: '$connect',
    });
    await flushPromises();
    timers.advance(7_500); // retryAfter plus at most half of it, so a refused crowd spreads out
    await flushPromises();
    const second = FakeWebSocket.latest();
    second.accept();
    await flushPromises();
    second.receive(JOINED);

    // Assess
    await expect(joining).resolves.toMatchObject({ sessionId: 'golden-eagle-427' });
    expect(refused).toEqual([['RATE_LIMIT_EXCEEDED', 5]]);
    expect(second).not.toBe(first);
  });

  it('reconnects after a drop, greets again and reports each step', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const events: string[] = [];
    client.on('disconnect', (code, _reason, willReconnect) =>
      events.push(`disconnect:${code}:${willReconnect}`),
    );
    client.on('reconnected', (attempts) => events.push(`reconnected:${attempts}`));
    client.on('sessionJoined', () => events.push('joined'));
    client.on('stateChange', (state) => events.push(state));

    // Act
    socket.drop();
    timers.advance(100);
    await flushPromises();
    const again = FakeWebSocket.latest();
    again.accept();
    await flushPromises();
    again.receive({ ...JOINED, connectionId: 'c-2' });

    // Assess
    expect(again).not.toBe(socket);
    expect(events).toEqual(['disconnect:1006:true', 'reconnecting', 'open', 'reconnected:1', 'joined']);
  });

  it('gives up after the configured number of failed attempts', async () => {
    // Prepare
    const client = listener(timers, { maxReconnectAttempts: 2 });
    const socket = await joined(client);
    const failures: number[] = [];
    client.on('reconnectFailed', (attempts) => failures.push(attempts));

    // Act
    socket.drop();
    for (const delay of [100, 200]) {
      timers.advance(delay);
      await flushPromises();
      FakeWebSocket.latest().refuse();
      await flushPromises();
    }

    // Assess
    expect(failures).toEqual([2]);
    expect(client.state).toBe('closed');
    expect(FakeWebSocket.instances).toHaveLength(3);
  });

  it('does not reconnect once the session ended', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const codes: boolean[] = [];
    client.on('disconnect', (_code, _reason, willReconnect) => codes.push(willReconnect));

    // Act
    socket.receive({ type: 'sessionEnded', timestamp: 7, sessionId: 'golden-eagle-427', reason: 'done' });
    socket.close(1000, 'ended');
    timers.advance(60_000);

    // Assess
    expect(codes).toEqual([false]);
    expect(client.state).toBe('closed');
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('reports the disconnect with its close code when closed, and leaves no timer behind', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const codes: number[] = [];
    client.on('disconnect', (code) => codes.push(code));

    // Act
    client.close();

    // Assess
    expect(socket.readyState).toBe(3);
    expect(codes).toEqual([1000]);
    expect(timers.pending).toBe(0);
  });
});
