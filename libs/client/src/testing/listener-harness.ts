import { ListenerClient } from '../listener-client';
import type { ListenerClientOptions } from '../listener-client';
import { FakeWebSocket } from './fake-websocket';
import type { ManualTimers } from './manual-timers';
import { flushPromises } from './manual-timers';

/** The server's greeting to a Spanish listener of golden-eagle-427. */
export const JOINED = {
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

/** Utterance 0's caption in Spanish. */
export const CAPTION = {
  type: 'transcript',
  timestamp: 3,
  sessionId: 'golden-eagle-427',
  sequenceNumber: 0,
  sourceLanguage: 'en',
  sourceText: 'Hello',
  targetLanguage: 'es',
  translatedText: 'Hola',
};

/** A listener on the fake WebSocket and manual timers, reconnecting after 100 ms, 200 ms, … */
export function listener(timers: ManualTimers, options: Partial<ListenerClientOptions> = {}): ListenerClient {
  return new ListenerClient({
    websocketUrl: 'ws://ws.test',
    WebSocket: FakeWebSocket,
    timers,
    backoff: { minMs: 100, maxMs: 1_000, jitter: 0 },
    ...options,
  });
}

/** Joins golden-eagle-427 and lets the server greet; returns the socket. */
export async function joined(client: ListenerClient, language = 'es'): Promise<FakeWebSocket> {
  const joining = client.join('golden-eagle-427', language);
  await flushPromises();
  const socket = FakeWebSocket.latest();
  socket.accept();
  socket.receive({ ...JOINED, targetLanguage: language });
  await joining;
  return socket;
}
