import { LingoCastError } from './requests';
import { RESEND_SPACING_MS } from './speaker-client';
import type { SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';
import {
  ack,
  connected,
  JOINED_SPEAKER,
  sentSequenceNumbers,
  speakerClient,
} from './testing/speaker-harness';
import type { SpeakerOptions } from './testing/speaker-harness';

// Audio: numbered chunks, acknowledgements, the queue while reconnecting or refreshing, refusals.

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
});
