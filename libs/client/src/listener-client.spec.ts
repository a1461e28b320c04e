import type { ReceivedAudio } from './audio-assembler';
import { toBase64 } from './base64';
import { ListenerClient } from './listener-client';
import { FakeWebSocket } from './testing/fake-websocket';

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

async function joined(client: ListenerClient): Promise<FakeWebSocket> {
  const joining = client.join('golden-eagle-427', 'es');
  const socket = FakeWebSocket.latest();
  socket.accept();
  socket.receive(JOINED);
  await joining;
  return socket;
}

describe('ListenerClient', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('joins with the session and language in the query string and resolves with sessionJoined', async () => {
    // Prepare
    const client = new ListenerClient({ websocketUrl: 'ws://ws.test', WebSocket: FakeWebSocket });

    // Act
    const joining = client.join('golden-eagle-427', 'es');
    const socket = FakeWebSocket.latest();
    socket.accept();
    socket.receive(JOINED);

    // Assess
    await expect(joining).resolves.toMatchObject({ sessionId: 'golden-eagle-427', targetLanguage: 'es' });
    expect(socket.url).toBe('ws://ws.test?sessionId=golden-eagle-427&targetLanguage=es');
  });

  it('times out when the server never greets', async () => {
    jest.useFakeTimers();
    try {
      const client = new ListenerClient({
        websocketUrl: 'ws://ws.test',
        WebSocket: FakeWebSocket,
        requestTimeoutMs: 20,
      });
      const joining = client.join('golden-eagle-427', 'es');
      FakeWebSocket.latest().accept();
      jest.advanceTimersByTime(25);
      await expect(joining).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('emits one audioReceived per utterance once all its parts are in', async () => {
    // Prepare
    const client = new ListenerClient({ websocketUrl: 'ws://ws.test', WebSocket: FakeWebSocket });
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

    // Assess
    expect(received).toHaveLength(1);
    expect(Array.from(received[0]?.audio ?? [])).toEqual([1, 2, 3, 4]);
  });

  it('emits captions, pauses, resumes, the end and errors', async () => {
    // Prepare
    const client = new ListenerClient({ websocketUrl: 'ws://ws.test', WebSocket: FakeWebSocket });
    const socket = await joined(client);
    const seen: string[] = [];
    client.on('transcript', (t) => seen.push(`caption:${t.translatedText}`));
    client.on('sessionPaused', () => seen.push('paused'));
    client.on('sessionResumed', () => seen.push('resumed'));
    client.on('sessionEnded', () => seen.push('ended'));
    client.on('error', (e) => seen.push(`error:${e.code}`));

    // Act
    socket.receive({
      type: 'transcript',
      timestamp: 3,
      sessionId: 's',
      sequenceNumber: 0,
      sourceLanguage: 'en',
      sourceText: 'Hello',
      targetLanguage: 'es',
      translatedText: 'Hola',
    });
    socket.receive({ type: 'broadcastPaused', timestamp: 4, sessionId: 's' });
    socket.receive({ type: 'broadcastResumed', timestamp: 5, sessionId: 's' });
    socket.receive({ type: 'error', timestamp: 6, code: 'INTERNAL_ERROR', message: 'x', requestId: 'r' });
    socket.receive({ type: 'sessionEnded', timestamp: 7, sessionId: 's', reason: 'done' });

    // Assess
    expect(seen).toEqual(['caption:Hola', 'paused', 'resumed', 'error:INTERNAL_ERROR', 'ended']);
  });

  it('changes language and resolves on languageChanged', async () => {
    // Prepare
    const client = new ListenerClient({ websocketUrl: 'ws://ws.test', WebSocket: FakeWebSocket });
    const socket = await joined(client);

    // Act
    const changing = client.changeLanguage('ca');
    const sent = socket.sentMessages()[0];
    socket.receive({
      type: 'languageChanged',
      timestamp: 8,
      sessionId: 's',
      targetLanguage: 'ca',
      requestId: sent?.['requestId'],
    });

    // Assess
    await expect(changing).resolves.toBeUndefined();
    expect(sent).toMatchObject({ action: 'changeLanguage', targetLanguage: 'ca' });
  });

  it('reports the disconnect with its close code', async () => {
    const client = new ListenerClient({ websocketUrl: 'ws://ws.test', WebSocket: FakeWebSocket });
    const socket = await joined(client);
    const codes: number[] = [];
    client.on('disconnect', (code) => codes.push(code));
    client.close();
    expect(socket.readyState).toBe(3);
    expect(codes).toEqual([1000]);
  });
});
