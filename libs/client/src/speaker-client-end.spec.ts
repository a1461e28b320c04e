import type { SpeakerClient } from './speaker-client';
import { FakeWebSocket } from './testing/fake-websocket';
import { ManualTimers, flushPromises } from './testing/manual-timers';
import { ack, connected, speakerClient } from './testing/speaker-harness';
import type { SpeakerOptions } from './testing/speaker-harness';

// Ending the session, once the audio sent before it is acknowledged or after drainTimeoutMs.

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
});
