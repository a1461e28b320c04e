import type { Session } from '@lingocast/contract';
import { LingoCastError } from './requests';
import { SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';

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

function speaker(timeoutMs = 1_000): SpeakerClient {
  return new SpeakerClient({
    httpUrl: 'http://api.test',
    websocketUrl: 'ws://ws.test',
    tokenProvider: () => 'token-1',
    WebSocket: FakeWebSocket,
    requestTimeoutMs: timeoutMs,
  });
}

async function connected(client: SpeakerClient): Promise<FakeWebSocket> {
  const opening = client.connect('golden-eagle-427');
  await Promise.resolve();
  await Promise.resolve();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

describe('SpeakerClient', () => {
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
      { action: 'sendAudio', sequenceNumber: 0, audio: 'AQI=' },
      { action: 'sendAudio', sequenceNumber: 1, audio: 'AwQ=' },
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

    // Act
    socket.receive('not json');
    socket.receive({ type: 'audioAck', timestamp: 1, sequenceNumber: 3 });
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
  });

  it('times out a request nobody answers', async () => {
    jest.useFakeTimers();
    try {
      const client = speaker(50);
      const socket = await connected(client);
      const reply = client.mute();
      expect(socket.sentMessages()[0]?.['action']).toBe('muteBroadcast');
      jest.advanceTimersByTime(60);
      await expect(reply).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects connect when the handshake is refused', async () => {
    const client = speaker();
    const opening = client.connect('golden-eagle-427');
    await Promise.resolve();
    await Promise.resolve();
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
});
