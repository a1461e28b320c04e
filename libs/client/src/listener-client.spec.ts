import type { ReceivedAudio } from './audio-assembler';
import { toBase64 } from './base64';
import { ListenerClient } from './listener-client';
import type { ListenerClientOptions } from './listener-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

const JOINED = {
  type: 'sessionJoined',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  role: 'listener',
  connectionId: 'c-1',
  sourceLanguage: 'en',
  targetLanguage: 'es',
  status: 'active',
  broadcastState: { paused: false, muted: false, volume: 1 },
  listenerCount: 1,
};

const CAPTION = {
  type: 'transcript',
  timestamp: 3,
  sessionId: 'golden-eagle-427',
  sequenceNumber: 0,
  sourceLanguage: 'en',
  sourceText: 'Hello',
  targetLanguage: 'es',
  translatedText: 'Hola',
};

function listener(timers: ManualTimers, options: Partial<ListenerClientOptions> = {}): ListenerClient {
  return new ListenerClient({
    websocketUrl: 'ws://ws.test',
    WebSocket: FakeWebSocket,
    timers,
    backoff: { minMs: 100, maxMs: 1_000, jitter: 0 },
    ...options,
  });
}

async function joined(client: ListenerClient, language = 'es'): Promise<FakeWebSocket> {
  const joining = client.join('golden-eagle-427', language);
  await flushPromises();
  const socket = FakeWebSocket.latest();
  socket.accept();
  socket.receive({ ...JOINED, targetLanguage: language });
  await joining;
  return socket;
}

describe('ListenerClient', () => {
  let timers: ManualTimers;

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('joins with the session and language in the query string and resolves with sessionJoined', async () => {
    // Prepare
    const client = listener(timers);

    // Act
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    const socket = FakeWebSocket.latest();
    socket.accept();
    socket.receive(JOINED);

    // Assess
    await expect(joining).resolves.toMatchObject({ sessionId: 'golden-eagle-427', targetLanguage: 'es' });
    expect(socket.url).toBe('ws://ws.test?sessionId=golden-eagle-427&targetLanguage=es&captionsOnly=false');
    expect(client.state).toBe('open');
  });

  it('times out when the server never greets', async () => {
    // Prepare
    const client = listener(timers, { requestTimeoutMs: 20 });
    const joining = client.join('golden-eagle-427', 'es');
    await flushPromises();
    FakeWebSocket.latest().accept();

    // Act
    timers.advance(25);

    // Assess
    await expect(joining).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('rejects the join when the handshake is refused, without reconnecting', async () => {
    // Prepare
    const client = listener(timers);
    const joining = client.join('golden-eagle-427', 'xx');
    await flushPromises();

    // Act
    FakeWebSocket.latest().refuse();

    // Assess
    await expect(joining).rejects.toThrow(/refused/);
    expect(client.state).toBe('closed');
    timers.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('emits one audioReceived per utterance once all its parts are in', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const received: ReceivedAudio[] = [];
    client.on('audioReceived', (audio) => received.push(audio));
    const base = {
      type: 'translatedAudio',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      sequenceNumber: 0,
      parts: 2,
      format: 'mp3',
      durationMs: 900,
      transcript: 'Hola',
    };

    // Act
    socket.receive({ ...base, part: 1, audio: toBase64(Uint8Array.from([3, 4])) });
    socket.receive({ ...base, part: 0, audio: toBase64(Uint8Array.from([1, 2])) });
    socket.receive({ ...base, part: 0, audio: toBase64(Uint8Array.from([1, 2])) });

    // Assess
    expect(received).toHaveLength(1);
    expect(Array.from(received[0]?.audio ?? [])).toEqual([1, 2, 3, 4]);
  });

  it('turns an utterance whose audio carries its caption into one transcript and one audioReceived', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('transcript', (t) => seen.push(`caption:${t.sourceText}>${t.translatedText}`));
    client.on('audioReceived', (audio) => seen.push(`audio:${Array.from(audio.audio).join(',')}`));
    const base = {
      type: 'translatedAudio',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      sequenceNumber: 3,
      parts: 2,
      format: 'mp3',
      durationMs: 900,
      transcript: 'Hola',
      sourceLanguage: 'en',
      sourceText: 'Hello',
    };

    // Act: the second part first, a repeat, and the same caption as a separate transcript (a refresh)
    socket.receive({ ...base, part: 1, audio: toBase64(Uint8Array.from([3, 4])) });
    socket.receive({ ...base, part: 0, audio: toBase64(Uint8Array.from([1, 2])) });
    socket.receive({ ...base, part: 0, audio: toBase64(Uint8Array.from([1, 2])) });
    socket.receive({ ...CAPTION, sequenceNumber: 3, sourceText: 'Hello' });

    // Assess
    expect(seen).toEqual(['caption:Hello>Hola', 'audio:1,2,3,4']);
  });

  it('emits captions once each, pauses, resumes, the end and errors', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('transcript', (t) => seen.push(`caption:${t.translatedText}`));
    client.on('sessionPaused', () => seen.push('paused'));
    client.on('sessionResumed', () => seen.push('resumed'));
    client.on('sessionEnded', () => seen.push('ended'));
    client.on('error', (e) => seen.push(`error:${e.code}`));

    // Act
    socket.receive(CAPTION);
    socket.receive(CAPTION);
    socket.receive({ type: 'broadcastPaused', timestamp: 4, sessionId: 'golden-eagle-427' });
    socket.receive({ type: 'broadcastResumed', timestamp: 5, sessionId: 'golden-eagle-427' });
    socket.receive({ type: 'error', timestamp: 6, code: 'INTERNAL_ERROR', message: 'x', requestId: 'r' });
    socket.receive({ type: 'sessionEnded', timestamp: 7, sessionId: 'golden-eagle-427', reason: 'done' });

    // Assess
    expect(seen).toEqual(['caption:Hola', 'paused', 'resumed', 'error:INTERNAL_ERROR', 'ended']);
  });

  it('tells when the speaker mutes, unmutes and sets the volume', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('sessionMuted', () => seen.push('muted'));
    client.on('sessionUnmuted', () => seen.push('unmuted'));
    client.on('volumeChanged', (volume) => seen.push(`volume:${volume}`));

    // Act
    socket.receive({ type: 'broadcastMuted', timestamp: 4, sessionId: 'golden-eagle-427' });
    socket.receive({ type: 'volumeChanged', timestamp: 5, sessionId: 'golden-eagle-427', volume: 0.4 });
    socket.receive({ type: 'broadcastUnmuted', timestamp: 6, sessionId: 'golden-eagle-427' });

    // Assess
    expect(seen).toEqual(['muted', 'volume:0.4', 'unmuted']);
  });

  it('survives malformed frames and keeps delivering valid ones', async () => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const invalid: string[] = [];
    const captions: string[] = [];
    client.on('invalidMessage', (reason) => invalid.push(reason));
    client.on('transcript', (t) => captions.push(t.translatedText));

    // Act
    socket.receive('{not json');
    socket.receive({ type: 'transcript', timestamp: 1 });
    socket.receive({ type: 'audioAck', timestamp: 1, sequenceNumber: 'x' });
    socket.onmessage?.({ data: new ArrayBuffer(4) });
    socket.receive(CAPTION);

    // Assess
    expect(invalid).toHaveLength(4);
    expect(captions).toEqual(['Hola']);
    expect(client.state).toBe('open');
  });

  it.each([
    ['an unknown message type', { type: 'launchRocket', timestamp: 1 }, /type/],
    ['a caption without its translation', { ...CAPTION, translatedText: undefined }, /translatedText/],
    ['a caption of an unknown language code', { ...CAPTION, targetLanguage: 'Spanish' }, /targetLanguage/],
    [
      'translated audio claiming a million parts',
      {
        type: 'translatedAudio',
        timestamp: 2,
        sessionId: 'golden-eagle-427',
        targetLanguage: 'es',
        sequenceNumber: 0,
        part: 0,
        parts: 1_000_000,
        format: 'mp3',
        audio: toBase64(Uint8Array.from([1, 2, 3])),
        durationMs: 100,
        transcript: 'Hola',
      },
      /parts/,
    ],
    [
      'an error whose code is not in the contract',
      { type: 'error', timestamp: 1, code: 'TEAPOT', message: 'x', requestId: 'r' },
      /code/,
    ],
    [
      'a sessionEnded without a reason',
      { type: 'sessionEnded', timestamp: 1, sessionId: 'golden-eagle-427' },
      /reason/,
    ],
    [
      'a languageChanged naming no language',
      { type: 'languageChanged', timestamp: 1, sessionId: 'golden-eagle-427' },
      /targetLanguage/,
    ],
    ['a sessionJoined with an unknown role', { ...JOINED, role: 'admin' }, /role/],
    ['a JSON array', [1, 2, 3], /object/],
  ])('drops %s, reports it as invalidMessage, and keeps working', async (_what, frame, reason) => {
    // Prepare
    const client = listener(timers);
    const socket = await joined(client);
    const invalid: string[] = [];
    const handled: string[] = [];
    client.on('invalidMessage', (why) => invalid.push(why));
    client.on('message', (m) => handled.push(m.type));
    client.on('error', () => handled.push('error event'));

    // Act
    expect(() => socket.receive(frame)).not.toThrow();
    socket.receive(CAPTION);

    // Assess
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatch(reason);
    expect(handled).toEqual(['transcript']);
    expect(client.state).toBe('open');
    expect(client.targetLanguage).toBe('es');
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
