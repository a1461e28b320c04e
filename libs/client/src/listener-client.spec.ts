import type { ReceivedAudio } from './audio-assembler';
import { toBase64 } from './base64';
import { FakeWebSocket } from './testing/fake-websocket';
import { CAPTION, JOINED, joined, listener } from './testing/listener-harness';
import { ManualTimers, flushPromises } from './testing/manual-timers';

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
});
