import type { Session } from '@lingocast/contract';
import { LingoCastError } from './requests';
import { RESEND_SPACING_MS, SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';

const SESSION: Session = {
  sessionId: 'golden-eagle-427',
  speakerId: 'user-1',
  sourceLanguage: 'en',
  qualityTier: 'standard',
  status: 'active',
  listenerCount: 0,
  broadcastState: { paused: false, muted: false, volume: 1 },
  createdAt: '2026-11-22T00:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z',
  expiresAt: '2026-11-22T12:00:00.000Z',
};

let timers = new ManualTimers();

function speaker(
  timeoutMs = 1_000,
  options: Partial<ConstructorParameters<typeof SpeakerClient>[0]> = {},
): SpeakerClient {
  return new SpeakerClient({
    httpUrl: 'http://api.test',
    websocketUrl: 'ws://ws.test',
    tokenProvider: () => 'token-1',
    WebSocket: FakeWebSocket,
    requestTimeoutMs: timeoutMs,
    timers,
    backoff: { minMs: 100, jitter: 0 },
    refreshSpreadMs: 0,
    ...options,
  });
}

async function connected(client: SpeakerClient): Promise<FakeWebSocket> {
  const opening = client.connect('golden-eagle-427');
  await flushPromises();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

function ack(socket: FakeWebSocket, sequenceNumber: number): void {
  socket.receive({ type: 'audioAck', timestamp: 1, sequenceNumber });
}

function sentSequenceNumbers(socket: FakeWebSocket): unknown[] {
  return socket.sentActions('sendAudio').map((message) => message['sequenceNumber']);
}

const JOINED_SPEAKER = {
  type: 'sessionJoined',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  role: 'speaker',
  connectionId: 'c-1',
  sourceLanguage: 'en',
  status: 'active',
  broadcastState: { paused: false, muted: false, volume: 1 },
  listenerCount: 0,
};

describe('SpeakerClient', () => {
  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    FakeWebSocket.instances = [];
  });

  it('creates a session over HTTP with the token as a bearer', async () => {
    // Prepare
    const fetchMock = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(JSON.stringify(SESSION), { status: 201 }));
    const client = speaker();
    const created: Session[] = [];
    client.on('sessionCreated', (session) => created.push(session));

    // Act
    const session = await client.createSession({ sourceLanguage: 'en' });

    // Assess
    expect(session.sessionId).toBe('golden-eagle-427');
    expect(created).toHaveLength(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('http://api.test/sessions');
    expect((init?.headers as Record<string, string>)['authorization']).toBe('Bearer token-1');
  });

  it('turns an HTTP error body into a LingoCastError with its code', async () => {
    jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(
        new Response(
          JSON.stringify({ error: { code: 'UNSUPPORTED_LANGUAGE', message: 'no', requestId: 'r' } }),
          { status: 400 },
        ),
      );
    await expect(speaker().createSession({ sourceLanguage: 'xx' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_LANGUAGE',
    });
  });

  it('connects with the session id and token in the query string', async () => {
    const socket = await connected(speaker());
    expect(socket.url).toBe('ws://ws.test?sessionId=golden-eagle-427&token=token-1');
  });

  it('numbers audio chunks from zero and sends them as base64', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);

    // Act
    const first = client.sendAudio(Uint8Array.from([1, 2]));
    const second = client.sendAudio(Uint8Array.from([3, 4]));

    // Assess
    expect([first, second]).toEqual([0, 1]);
    expect(socket.sentMessages()).toEqual([
      { action: 'sendAudio', sequenceNumber: 0, audio: 'AQI=', requestId: 'audio-0' },
      { action: 'sendAudio', sequenceNumber: 1, audio: 'AwQ=', requestId: 'audio-1' },
    ]);
  });

  it('refuses to send audio before it is connected', () => {
    expect(() => speaker().sendAudio(Uint8Array.from([1, 2]))).toThrow(LingoCastError);
  });

  it('resolves a control action with the reply carrying its request id', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);

    // Act
    const reply = client.pause();
    const sent = socket.sentMessages()[0];
    socket.receive({
      type: 'broadcastPaused',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      requestId: sent?.['requestId'],
    });

    // Assess
    await expect(reply).resolves.toMatchObject({ type: 'broadcastPaused' });
    expect(sent?.['action']).toBe('pauseBroadcast');
  });

  it('rejects a control action answered with an error', async () => {
    const client = speaker();
    const socket = await connected(client);
    const reply = client.setVolume(0.5);
    const sent = socket.sentMessages()[0];
    socket.receive({
      type: 'error',
      timestamp: 1,
      code: 'SESSION_ENDED',
      message: 'ended',
      requestId: String(sent?.['requestId']),
    });
    await expect(reply).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('emits typed events for acks, warnings and errors, and ignores malformed frames', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    const acks: number[] = [];
    const warnings: string[] = [];
    const errors: string[] = [];
    client.on('audioAck', (n) => acks.push(n));
    client.on('audioQualityWarning', (w) => warnings.push(w.issue));
    client.on('error', (e) => errors.push(e.code));

    client.sendAudio(Uint8Array.from([1]));
    client.sendAudio(Uint8Array.from([2]));
    client.sendAudio(Uint8Array.from([3]));
    client.sendAudio(Uint8Array.from([4]));

    // Act
    socket.receive('not json');
    ack(socket, 3);
    ack(socket, 3);
    socket.receive({
      type: 'audioQualityWarning',
      timestamp: 1,
      issue: 'clipping',
      message: 'm',
      value: 2,
      threshold: 1,
    });
    socket.receive({
      type: 'error',
      timestamp: 1,
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow down',
      requestId: 'r',
    });

    // Assess
    expect(acks).toEqual([3]);
    expect(warnings).toEqual(['clipping']);
    expect(errors).toEqual(['RATE_LIMIT_EXCEEDED']);
  });

  it('fails waiting requests and reports the disconnect when the socket closes', async () => {
    const client = speaker();
    const socket = await connected(client);
    const closed: number[] = [];
    client.on('disconnected', (code) => closed.push(code));
    const reply = client.getStatus();
    socket.close(1001, 'going away');
    await expect(reply).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    expect(closed).toEqual([1001]);
    expect(client.state).toBe('reconnecting');
    client.close();
  });

  it('times out a request nobody answers', async () => {
    const client = speaker(50);
    const socket = await connected(client);
    const reply = client.mute();
    expect(socket.sentMessages()[0]?.['action']).toBe('muteBroadcast');
    timers.advance(60);
    await expect(reply).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('rejects connect when the handshake is refused', async () => {
    const client = speaker();
    const opening = client.connect('golden-eagle-427');
    await flushPromises();
    FakeWebSocket.latest().refuse();
    await expect(opening).rejects.toThrow(/refused/);
  });

  it('ends the session and closes the socket', async () => {
    const client = speaker();
    const socket = await connected(client);
    const ending = client.endSession();
    const sent = socket.sentMessages()[0];
    socket.receive({
      type: 'sessionEnded',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      reason: 'done',
      requestId: sent?.['requestId'],
    });
    await ending;
    expect(sent?.['action']).toBe('endSession');
    expect(socket.readyState).toBe(3);
  });

  it('ends the session only once the audio sent before it is acknowledged', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    client.sendAudio(new Uint8Array(320));
    client.sendAudio(new Uint8Array(320));

    // Act
    const ending = client.endSession();
    await flushPromises();
    const sentBeforeAcks = socket.sentMessages().map((m) => m['action']);
    ack(socket, 0);
    ack(socket, 1);
    await flushPromises();
    const end = socket.sentMessages().at(-1);
    socket.receive({
      type: 'sessionEnded',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      reason: 'done',
      requestId: end?.['requestId'],
    });
    await ending;

    // Assess
    expect(sentBeforeAcks).toEqual(['sendAudio', 'sendAudio']);
    expect(end?.['action']).toBe('endSession');
  });

  it('ends the session after drainTimeoutMs even if some audio is never acknowledged', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    client.sendAudio(new Uint8Array(320));

    // Act
    const ending = client.endSession({ drainTimeoutMs: 500 });
    timers.advance(499);
    await flushPromises();
    const sentBeforeTimeout = socket.sentMessages().length;
    timers.advance(1);
    await flushPromises();
    const end = socket.sentMessages().at(-1);
    socket.receive({
      type: 'sessionEnded',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      reason: 'done',
      requestId: end?.['requestId'],
    });
    await ending;

    // Assess
    expect(sentBeforeTimeout).toBe(1);
    expect(end?.['action']).toBe('endSession');
    expect(client.queuedAudioBytes).toBe(0);
  });

  it('drains: true once every chunk is acknowledged, false when closed first', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    const nothingQueued = await client.drain();
    client.sendAudio(new Uint8Array(320));
    const draining = client.drain();
    ack(socket, 0);
    client.sendAudio(new Uint8Array(320));
    const interrupted = client.drain();

    // Act
    client.close();

    // Assess
    expect(nothingQueued).toBe(true);
    await expect(draining).resolves.toBe(true);
    await expect(interrupted).resolves.toBe(false);
  });

  it('reports the session status and rejects a reply of the wrong type', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);

    // Act
    const status = client.getStatus();
    socket.receive({
      type: 'sessionStatus',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      status: 'active',
      listenerCount: 2,
      languageDistribution: { es: 2 },
      sessionDuration: 3,
      broadcastState: { paused: false, muted: false, volume: 1 },
      requestId: socket.sentMessages()[0]?.['requestId'],
    });
    const wrong = client.getStatus();
    socket.receive({
      type: 'heartbeatAck',
      timestamp: 1,
      requestId: socket.sentMessages()[1]?.['requestId'],
    });

    // Assess
    await expect(status).resolves.toMatchObject({ listenerCount: 2 });
    await expect(wrong).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('asks the token provider again on every reconnect', async () => {
    // Prepare
    let issued = 0;
    const client = speaker(1_000, {
      tokenProvider: () => {
        issued += 1;
        return `token-${issued}`;
      },
    });
    const socket = await connected(client);

    // Act
    socket.drop();
    timers.advance(100);
    await flushPromises();

    // Assess
    expect(FakeWebSocket.latest().url).toBe('ws://ws.test?sessionId=golden-eagle-427&token=token-2');
    client.close();
  });

  it('queues audio while reconnecting and re-sends every unacknowledged chunk once it is back', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    const reconnected: number[] = [];
    client.on('reconnected', (attempts) => reconnected.push(attempts));
    client.sendAudio(Uint8Array.from([0]));
    client.sendAudio(Uint8Array.from([1]));
    ack(socket, 0);

    // Act
    socket.drop();
    const queued = client.sendAudio(Uint8Array.from([2]));
    timers.advance(100);
    await flushPromises();
    const again = FakeWebSocket.latest();
    again.accept();
    await flushPromises();
    timers.advance(RESEND_SPACING_MS); // re-sent chunks are paced
    ack(again, 1);
    ack(again, 2);

    // Assess
    expect(queued).toBe(2);
    expect(reconnected).toEqual([1]);
    expect(sentSequenceNumbers(socket)).toEqual([0, 1]);
    expect(sentSequenceNumbers(again)).toEqual([1, 2]);
    expect(client.queuedAudioBytes).toBe(0);
  });

  it('re-sends a chunk refused as rate limited after retryAfter, and drops one refused for good', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    client.sendAudio(Uint8Array.from([0]));
    client.sendAudio(Uint8Array.from([1]));

    // Act
    socket.receive({
      type: 'error',
      timestamp: 1,
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow',
      requestId: 'audio-0',
      retryAfter: 1,
    });
    socket.receive({
      type: 'error',
      timestamp: 1,
      code: 'INVALID_PARAMETERS',
      message: 'bad',
      requestId: 'audio-1',
    });
    timers.advance(999);
    const beforeRetry = sentSequenceNumbers(socket);
    timers.advance(1);

    // Assess
    expect(beforeRetry).toEqual([0, 1]);
    expect(sentSequenceNumbers(socket)).toEqual([0, 1, 0]);
    ack(socket, 0);
    expect(client.queuedAudioBytes).toBe(0);
  });

  it('moves to a new connection on connectionRefreshRequired without losing or duplicating audio', async () => {
    // Prepare
    const client = speaker();
    const old = await connected(client);
    old.receive({ ...JOINED_SPEAKER, connectionId: 'old-1' });
    const acks: number[] = [];
    const refreshed: string[] = [];
    client.on('audioAck', (n) => acks.push(n));
    client.on('connectionRefreshed', (id) => refreshed.push(id));
    client.sendAudio(Uint8Array.from([0]));
    client.sendAudio(Uint8Array.from([1]));
    ack(old, 0);

    // Act: the server asks for a refresh; audio keeps coming while the switch is under way.
    old.receive({
      type: 'connectionRefreshRequired',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'speaker',
      connectionId: 'old-1',
    });
    await flushPromises();
    const fresh = FakeWebSocket.latest();
    client.sendAudio(Uint8Array.from([2]));
    fresh.accept();
    await flushPromises();
    fresh.receive({ ...JOINED_SPEAKER, connectionId: 'new-1' });
    ack(old, 1);
    old.close(1000, 'refreshed');
    const refresh = fresh.sentActions('refreshConnection')[0];
    fresh.receive({
      type: 'connectionRefreshComplete',
      timestamp: 3,
      sessionId: 'golden-eagle-427',
      role: 'speaker',
      connectionId: 'new-1',
      requestId: refresh?.['requestId'],
    });
    ack(fresh, 1);
    ack(fresh, 2);
    client.sendAudio(Uint8Array.from([3]));

    // Assess
    expect(fresh).not.toBe(old);
    expect(refresh).toMatchObject({ previousConnectionId: 'old-1' });
    expect(sentSequenceNumbers(old)).toEqual([0, 1]);
    expect(sentSequenceNumbers(fresh)).toEqual([2, 3]);
    expect(acks).toEqual([0, 1, 2]);
    expect(refreshed).toEqual(['new-1']);
    expect(client.state).toBe('open');
  });

  it('keeps the old connection when the refresh fails, and sends what it queued there', async () => {
    // Prepare
    const client = speaker(1_000, { refreshTimeoutMs: 500 });
    const old = await connected(client);
    old.receive({
      type: 'connectionRefreshRequired',
      timestamp: 2,
      sessionId: 'golden-eagle-427',
      role: 'speaker',
      connectionId: 'old-1',
    });
    await flushPromises();
    client.sendAudio(Uint8Array.from([0]));

    // Act
    FakeWebSocket.latest().refuse();
    await flushPromises();

    // Assess
    expect(sentSequenceNumbers(old)).toEqual([0]);
    expect(client.state).toBe('open');
  });

  it('bounds the queue at the configured amount of audio', async () => {
    // Prepare
    const client = speaker(1_000, { maxQueuedAudioMs: 1 });
    await connected(client);
    client.sendAudio(new Uint8Array(32));

    // Act
    const overflow = () => client.sendAudio(new Uint8Array(2));

    // Assess
    expect(overflow).toThrow(expect.objectContaining({ code: 'QUEUE_FULL' }));
  });

  it('refuses audio while the broadcast is paused and drops chunks the server refused', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    client.sendAudio(Uint8Array.from([0]));
    socket.receive({
      type: 'error',
      timestamp: 1,
      code: 'AUDIO_OUT_OF_ORDER',
      message: 'no',
      requestId: 'audio-0',
    });

    // Act
    socket.receive({ type: 'broadcastPaused', timestamp: 1, sessionId: 'golden-eagle-427' });
    const whilePaused = () => client.sendAudio(Uint8Array.from([1]));

    // Assess
    expect(whilePaused).toThrow(expect.objectContaining({ code: 'SESSION_NOT_ACTIVE' }));
    expect(client.queuedAudioBytes).toBe(0);
  });

  it('emits the speaker’s own transcript once per utterance', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    const heard: string[] = [];
    client.on('transcript', (message) => heard.push(`${message.sequenceNumber}:${message.sourceText}`));
    const transcript = (sequenceNumber: number, text: string) => ({
      type: 'transcript',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      sequenceNumber,
      sourceLanguage: 'en',
      sourceText: text,
      targetLanguage: 'en',
      translatedText: text,
    });

    // Act: the second 0 arrives again on the socket a refresh replaced
    socket.receive(transcript(0, 'Good morning'));
    socket.receive(transcript(0, 'Good morning'));
    socket.receive(transcript(1, 'everyone'));

    // Assess
    expect(heard).toEqual(['0:Good morning', '1:everyone']);
  });

  it('tells how many milliseconds of audio wait for acknowledgement', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);

    // Act: 250 ms and 125 ms of 16 kHz PCM16, then the first is acknowledged
    client.sendAudio(new Uint8Array(8_000));
    client.sendAudio(new Uint8Array(4_000));
    const before = client.queuedAudioMs;
    ack(socket, 0);

    // Assess
    expect(before).toBe(375);
    expect(client.queuedAudioMs).toBe(125);
  });

  it('tells when the server refuses the connection for now', async () => {
    // Prepare
    const client = speaker();
    const socket = await connected(client);
    const refused: string[] = [];
    client.on('refused', (code, retryAfterSeconds) => refused.push(`${code}:${retryAfterSeconds}`));

    // Act
    socket.receive({
      type: 'error',
      timestamp: 2,
      code: 'SERVICE_UNAVAILABLE',
      message: 'busy',
      requestId: 'connect',
      retryAfter: 2,
      action: '$connect',
    });

    // Assess
    expect(refused).toEqual(['SERVICE_UNAVAILABLE:2']);
  });

  it('reports a malformed session body as an invalid response', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}', { status: 201 }));
    await expect(speaker().createSession({ sourceLanguage: 'en' })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('reports an HTTP failure without an error body by its status', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('oops', { status: 502 }));
    await expect(speaker().createSession({ sourceLanguage: 'en' })).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      message: 'HTTP 502',
    });
  });
});
