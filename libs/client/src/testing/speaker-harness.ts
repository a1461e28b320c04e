import { SpeakerClient } from '../speaker-client';
import { FakeWebSocket } from './fake-websocket';
import type { ManualTimers } from './manual-timers';
import { flushPromises } from './manual-timers';

// Shared setup of the SpeakerClient specs (speaker-client*.spec.ts).

/** What SpeakerClient's constructor takes. */
export type SpeakerOptions = ConstructorParameters<typeof SpeakerClient>[0];

/**
 * A speaker on the fake WebSocket and manual timers, with a fixed token, reconnecting after 100 ms, 200 ms, …
 *
 * @example
 * const client = speakerClient(timers, 1_000, { drainTimeoutMs: 500 });
 */
export function speakerClient(
  timers: ManualTimers,
  timeoutMs = 1_000,
  options: Partial<SpeakerOptions> = {},
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

/**
 * Connects the speaker to golden-eagle-427 and accepts the handshake; gives the open socket.
 *
 * @example
 * const socket = await connected(client);
 */
export async function connected(client: SpeakerClient): Promise<FakeWebSocket> {
  const opening = client.connect('golden-eagle-427');
  await flushPromises();
  FakeWebSocket.latest().accept();
  await opening;
  return FakeWebSocket.latest();
}

/**
 * The server acknowledges one audio chunk on this socket.
 *
 * @example
 * ack(socket, 0);
 */
export function ack(socket: FakeWebSocket, sequenceNumber: number): void {
  socket.receive({ type: 'audioAck', timestamp: 1, sequenceNumber });
}

/**
 * The sequence numbers of the audio chunks sent on this socket, in order.
 *
 * @example
 * expect(sentSequenceNumbers(socket)).toEqual([0, 1]);
 */
export function sentSequenceNumbers(socket: FakeWebSocket): unknown[] {
  return socket.sentActions('sendAudio').map((message) => message['sequenceNumber']);
}

/** The server's greeting to the speaker of golden-eagle-427. */
export const JOINED_SPEAKER = {
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
