import { toBase64 } from '../base64';
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

/** Utterance `sequenceNumber`'s caption in Spanish, as a captions-only listener gets it. */
export function caption(sequenceNumber: number, translatedText = `frase ${sequenceNumber}`) {
  return { ...CAPTION, timestamp: 1_000 + sequenceNumber, sequenceNumber, translatedText };
}

/** One part of utterance `sequenceNumber`'s Spanish audio, its caption riding in it. */
export function audioPart(sequenceNumber: number, part = 0, parts = 1) {
  return {
    type: 'translatedAudio',
    timestamp: 1_000 + sequenceNumber,
    sessionId: 'golden-eagle-427',
    targetLanguage: 'es',
    sequenceNumber,
    part,
    parts,
    format: 'mp3',
    audio: toBase64(Uint8Array.from([sequenceNumber, part])),
    durationMs: 2_000,
    transcript: `frase ${sequenceNumber}`,
    sourceLanguage: 'en',
    sourceText: `sentence ${sequenceNumber}`,
  };
}

/** `replayComplete` answering the replay the client sent last on `socket`. */
export function replayComplete(socket: FakeWebSocket, fields: Record<string, unknown> = {}) {
  const asked = socket.sentActions('replay').at(-1);
  return {
    type: 'replayComplete',
    timestamp: 5_000,
    sessionId: 'golden-eagle-427',
    targetLanguage: 'es',
    replayed: 0,
    windowMs: 300_000,
    requestId: asked?.['requestId'],
    ...fields,
  };
}

/** What a listener delivered, as `caption:n`, `audio:n`, `missed:a-b×count`, in order. */
export function record(client: ListenerClient): string[] {
  const seen: string[] = [];
  client.on('transcript', (t) => seen.push(`caption:${t.sequenceNumber}`));
  client.on('audioReceived', (a) => seen.push(`audio:${a.sequenceNumber}`));
  client.on('utterancesMissed', (m) =>
    seen.push(`missed:${m.fromSequenceNumber}-${m.toSequenceNumber}×${m.count}`),
  );
  return seen;
}

/**
 * Drops the socket, lets the client reconnect and be greeted with these fields; returns the new socket.
 *
 * @example
 * const again = await reconnect(timers, socket, { lastSequenceNumber: 4 });
 */
export async function reconnect(
  timers: ManualTimers,
  socket: FakeWebSocket,
  fields: Record<string, unknown> = {},
): Promise<FakeWebSocket> {
  socket.drop();
  timers.advance(100);
  await flushPromises();
  const again = FakeWebSocket.latest();
  again.accept();
  await flushPromises();
  again.receive({ ...JOINED, connectionId: 'c-2', ...fields });
  return again;
}
