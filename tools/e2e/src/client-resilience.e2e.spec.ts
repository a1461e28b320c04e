import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { ReceivedAudio } from '@lingocast/client';
import type { Session, SessionJoinedMessage, TranscriptMessage } from '@lingocast/contract';
import { endpoints, speakerToken, until } from './support/stage';
import { apertium, chunks, sleep, speak } from '@lingocast/speech-fixtures';

// The client library's resilience against the real local stage: connection refresh asked by the
// sweeper while audio streams, a language change between utterances, and a socket the server drops.
// global-setup.js shortens the lifecycle: refresh from 3 s of age, warning from 6 s, idle after 5 s.

const REFRESH_AFTER_MS = 3_000;
const FAST_BACKOFF = { minMs: 100, maxMs: 1_000, factor: 2, jitter: 0.1, stableAfterMs: 5_000 };

async function sessionRow(sessionId: string): Promise<Session> {
  const response = await fetch(`${endpoints().httpApi}/sessions/${sessionId}`);
  return (await response.json()) as Session;
}

async function sweep(): Promise<Record<string, number>> {
  const response = await fetch(`${endpoints().httpApi}/local/sweep`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, number>;
}

/** Streams PCM as 250 ms chunks paced like a microphone; returns the sequence numbers sent. */
async function stream(
  speaker: SpeakerClient,
  pcm: Buffer,
  during?: (elapsedMs: number) => void,
): Promise<number[]> {
  const sent: number[] = [];
  const started = Date.now();
  for (const chunk of chunks(pcm)) {
    sent.push(speaker.sendAudio(chunk));
    during?.(Date.now() - started);
    await sleep(250);
  }
  return sent;
}

interface Broadcast {
  session: Session;
  speaker: SpeakerClient;
  listener: ListenerClient;
  /** The listener's first `sessionJoined`. */
  joined: SessionJoinedMessage;
  acks: number[];
  audio: ReceivedAudio[];
  captions: TranscriptMessage[];
}

/** A session with a listener in `language` and a connected speaker (both connected at once). */
async function broadcast(language: string): Promise<Broadcast> {
  const { httpApi, websocket } = endpoints();
  const token = await speakerToken();
  const speaker = new SpeakerClient({
    httpUrl: httpApi,
    websocketUrl: websocket,
    tokenProvider: () => token,
    WebSocket,
    backoff: FAST_BACKOFF,
    // The stage's refresh timers are seconds, not minutes: refresh as soon as asked.
    refreshSpreadMs: 0,
  });
  const session = await speaker.createSession({ sourceLanguage: 'en' });
  const listener = new ListenerClient({
    websocketUrl: websocket,
    WebSocket,
    backoff: FAST_BACKOFF,
    refreshSpreadMs: 0,
  });
  const acks: number[] = [];
  const audio: ReceivedAudio[] = [];
  const captions: TranscriptMessage[] = [];
  listener.on('audioReceived', (received) => audio.push(received));
  listener.on('transcript', (caption) => captions.push(caption));
  speaker.on('audioAck', (sequenceNumber) => acks.push(sequenceNumber));
  const [joined] = await Promise.all([
    listener.join(session.sessionId, language),
    speaker.connect(session.sessionId),
  ]);
  return { session, speaker, listener, joined, acks, audio, captions };
}

async function finish(b: Broadcast | undefined): Promise<void> {
  if (!b) return;
  await b.speaker.endSession().catch(() => undefined);
  b.speaker.close();
  b.listener.close();
}

describe('the client library against the local stage', () => {
  let current: Broadcast | undefined;

  afterEach(async () => {
    await finish(current);
    current = undefined;
  });

  it('refreshes speaker and listener while audio streams, acknowledging every chunk exactly once', async () => {
    const b = (current = await broadcast('es'));
    const connectedAt = Date.now();
    const refreshed = { speaker: [] as string[], listener: [] as string[] };
    const required = { speaker: 0, listener: 0 };
    const rawAcks: number[] = [];
    const errors: unknown[] = [];
    b.speaker.on('connectionRefreshed', (id) => refreshed.speaker.push(id));
    b.listener.on('connectionRefreshed', (id) => refreshed.listener.push(id));
    b.speaker.on('message', (m) => {
      if (m.type === 'connectionRefreshRequired') required.speaker += 1;
      if (m.type === 'audioAck') rawAcks.push(m.sequenceNumber);
    });
    b.listener.on('message', (m) => {
      if (m.type === 'connectionRefreshRequired') required.listener += 1;
    });
    b.speaker.on('error', (e) => errors.push(e));
    b.listener.on('error', (e) => errors.push(e));
    expect((await sessionRow(b.session.sessionId)).listenerCount).toBe(1);

    const pcm = speak(
      'The church meets every Sunday morning to pray together. The choir sings in the evening after the meal.',
      1.2,
    );
    expect(pcm.length / 32).toBeGreaterThan(REFRESH_AFTER_MS + 4_000); // the speech outlasts the refresh

    // Sweep while streaming, one sweep at a time, from just before the refresh age until both
    // connections were asked: sweeps before the age do nothing, and the ask must come before the 5 s
    // idle timeout (no heartbeat runs; the server writes activity from audio only every 30 s).
    let sweeps = 0;
    let inFlight: Promise<unknown> | undefined;
    const sent = await stream(b.speaker, pcm, () => {
      const asked = required.speaker > 0 && required.listener > 0;
      if (asked || inFlight || Date.now() - connectedAt < REFRESH_AFTER_MS - 500 || sweeps >= 12) return;
      sweeps += 1;
      inFlight = sweep()
        .catch((error: unknown) => errors.push(error))
        .finally(() => {
          inFlight = undefined;
        });
    });
    await inFlight;

    await until(
      () => refreshed.speaker.length > 0 && refreshed.listener.length > 0,
      'both refreshes',
      15_000,
    );
    await until(() => b.acks.length >= sent.length, `acks for ${sent.length} chunks`, 15_000);
    await until(() => b.audio.length > 0, 'the Spanish utterance', 40_000);
    await sleep(500); // a late duplicate ack would arrive now

    expect(required.speaker).toBeGreaterThanOrEqual(1);
    expect(required.listener).toBeGreaterThanOrEqual(1);
    expect(refreshed.speaker).toHaveLength(1);
    expect(refreshed.listener).toHaveLength(1);
    expect([...b.acks].sort((x, y) => x - y)).toEqual(sent);
    expect([...new Set(rawAcks)].sort((x, y) => x - y)).toEqual(sent); // the server stored each one
    expect(errors).toEqual([]);
    expect(b.speaker.state).toBe('open');
    expect(b.listener.state).toBe('open');
    expect(b.audio[0]?.targetLanguage).toBe('es');
    expect(b.captions[0]?.sourceText).toMatch(/church/i);
    expect(b.captions[0]?.translatedText).toBe(apertium('eng-spa', b.captions[0]?.sourceText ?? ''));
    expect((await sessionRow(b.session.sessionId)).listenerCount).toBe(1);
  }, 60_000);

  it('moves a listener from Spanish to Catalan between two utterances', async () => {
    const b = (current = await broadcast('es'));
    const languageChanges: string[] = [];
    b.listener.on('languageChanged', (m) => languageChanges.push(m.targetLanguage));

    await stream(b.speaker, speak('The church meets every Sunday morning to pray together.', 1.2));
    await until(() => b.audio.length >= 1 && b.captions.length >= 1, 'the first (Spanish) utterance', 25_000);

    await b.listener.changeLanguage('ca');
    expect(b.listener.targetLanguage).toBe('ca');
    await stream(b.speaker, speak('The children play in the garden after school.', 1.2));
    await until(
      () => b.audio.length >= 2 && b.captions.length >= 2,
      'the second (Catalan) utterance',
      25_000,
    );

    expect(languageChanges).toEqual(['ca']);
    expect(b.captions.map((c) => c.targetLanguage)).toEqual(['es', 'ca']);
    expect(b.audio.map((a) => a.targetLanguage)).toEqual(['es', 'ca']);
    const [first, second] = b.captions;
    expect(first?.translatedText).toBe(apertium('eng-spa', first?.sourceText ?? ''));
    expect(second?.sourceText).toMatch(/children|garden|school/i);
    expect(second?.translatedText).toBe(apertium('eng-cat', second?.sourceText ?? ''));
    expect(b.audio[1]?.transcript).toBe(second?.translatedText);
  }, 60_000);

  it('reconnects a listener whose socket the server dropped, re-joins and hears the next utterance', async () => {
    const b = (current = await broadcast('es'));
    const joins: string[] = [];
    joins.push(b.joined.connectionId);
    b.listener.on('sessionJoined', (m) => joins.push(m.connectionId));
    const disconnects: boolean[] = [];
    b.listener.on('disconnect', (_code, _reason, willReconnect) => disconnects.push(willReconnect));
    const reconnected: number[] = [];
    b.listener.on('reconnected', (attempts) => reconnected.push(attempts));
    const first = joins[0] ?? '';

    // The WebSocket management API of the local stage: the WebSocket port over HTTP.
    const management = endpoints().websocket.replace(/^ws/, 'http');
    const dropped = await fetch(`${management}/@connections/${encodeURIComponent(first)}`, {
      method: 'DELETE',
    });
    expect(dropped.status).toBeLessThan(300);

    await until(() => reconnected.length > 0 && joins.length >= 2, 'reconnect and re-join', 15_000);
    expect(disconnects).toEqual([true]);
    expect(joins[1]).not.toBe(first);
    expect(b.listener.state).toBe('open');
    expect(b.listener.targetLanguage).toBe('es');

    await stream(b.speaker, speak('The church meets every Sunday morning to pray together.', 1.2));
    await until(() => b.audio.length >= 1, 'the utterance after the reconnect', 25_000);
    expect(b.audio[0]?.targetLanguage).toBe('es');
    expect(b.captions[0]?.translatedText).toBe(apertium('eng-spa', b.captions[0]?.sourceText ?? ''));
    expect((await sessionRow(b.session.sessionId)).listenerCount).toBe(1);
  }, 60_000);
});
