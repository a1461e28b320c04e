import type { Session } from '@lingocast/contract';
import type { SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';
import { ack, connected, speakerClient } from './testing/speaker-harness';
import type { SpeakerOptions } from './testing/speaker-harness';

// Sessions over HTTP, the connection and control requests; audio: speaker-client-audio.spec.ts; ending:
// speaker-client-end.spec.ts.

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

function speaker(timeoutMs?: number, options?: Partial<SpeakerOptions>): SpeakerClient {
  return speakerClient(timers, timeoutMs, options);
}

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
