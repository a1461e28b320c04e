import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { ConnectionState, ReceivedAudio } from '@lingocast/client';
import { SERVER_MESSAGE_SCHEMAS } from '@lingocast/contract';
import type {
  ServerMessage,
  Session,
  SessionJoinedMessage,
  TranscriptMessage,
  TranslatedAudioMessage,
} from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { requestToken } from '@lingocast/stage';
import { apertium, chunks, sleep, speak } from '@lingocast/speech-fixtures';
import { StageTables, startOwnStage } from './support/own-stage';
import { until } from './support/stage';

// The server side killed and restarted under a live broadcast: session-management (every client's
// only server) gets SIGKILL while the speaker streams, stays down a few seconds and starts again
// on the same ports. Its own stage, so the shared one of global-setup.js is never disturbed.

const BACKOFF = { minMs: 250, maxMs: 4_000, factor: 2, jitter: 0.5, stableAfterMs: 5_000 };
const HEARTBEAT_MS = 2_500;
const IDLE_TIMEOUT_S = 10;
const DOWN_MS = 4_000;

/** A `ws` that records when each socket is opened: every connect and reconnect attempt. */
function recordingWebSocket(attempts: number[]): typeof WebSocket {
  return class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      attempts.push(Date.now());
      super(url);
    }
  } as typeof WebSocket;
}

/** What one client saw, with times. */
interface Trace {
  attempts: number[];
  states: Array<{ state: ConnectionState; at: number }>;
  disconnects: Array<{ code: number; willReconnect: boolean; at: number }>;
  reconnected: Array<{ attempts: number; at: number }>;
  joined: SessionJoinedMessage[];
  messages: ServerMessage[];
  invalid: string[];
}

function newTrace(): Trace {
  return {
    attempts: [],
    states: [],
    disconnects: [],
    reconnected: [],
    joined: [],
    messages: [],
    invalid: [],
  };
}

/** The delays between failed attempts while the server was down, in order. */
function retryGaps(trace: Trace, downFrom: number, upAt: number): number[] {
  const during = [downFrom, ...trace.attempts.filter((at) => at > downFrom && at <= upAt)];
  return during.slice(1).map((at, index) => at - (during[index] ?? at));
}

describe('session-management killed and restarted under a live broadcast', () => {
  let stage: RunningStage | undefined;
  let tables: StageTables | undefined;
  const clients: Array<{ close(): void }> = [];

  beforeAll(async () => {
    stage = await startOwnStage('server-restart', {
      RATE_LIMIT_LISTENER_JOINS: '100000/60',
      RATE_LIMIT_CONNECTION_ATTEMPTS: '100000/60',
      RATE_LIMIT_HEARTBEATS: '100000/60',
      // Rows of killed connections stop being touched; live ones heartbeat every 2.5 s.
      CONNECTION_IDLE_TIMEOUT_SECONDS: String(IDLE_TIMEOUT_S),
      SPEAKER_GRACE_SECONDS: '300',
    });
    tables = new StageTables(stage);
  }, 300_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    tables?.close();
    await stage?.stop();
  }, 60_000);

  it('reconnects speaker and listener with backoff, resumes the audio once per chunk, and takes over the stale rows', async () => {
    if (!stage || !tables) throw new Error('the stage did not start');
    const { httpApi, websocket, tokenUrl } = stage.endpoints;
    const { idToken } = await requestToken(tokenUrl, `restart-speaker-${Date.now()}`);
    let tokenCalls = 0;
    const speakerTrace = newTrace();
    const listenerTrace = newTrace();
    const speaker = new SpeakerClient({
      httpUrl: httpApi,
      websocketUrl: websocket,
      tokenProvider: () => {
        tokenCalls += 1;
        return idToken;
      },
      WebSocket: recordingWebSocket(speakerTrace.attempts),
      backoff: BACKOFF,
      maxReconnectAttempts: 40,
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
    const listener = new ListenerClient({
      websocketUrl: websocket,
      WebSocket: recordingWebSocket(listenerTrace.attempts),
      backoff: BACKOFF,
      maxReconnectAttempts: 40,
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
    clients.push(speaker, listener);
    speaker.on('stateChange', (state) => speakerTrace.states.push({ state, at: Date.now() }));
    listener.on('stateChange', (state) => listenerTrace.states.push({ state, at: Date.now() }));
    speaker.on('disconnected', (code, _reason, willReconnect) =>
      speakerTrace.disconnects.push({ code, willReconnect, at: Date.now() }),
    );
    listener.on('disconnect', (code, _reason, willReconnect) =>
      listenerTrace.disconnects.push({ code, willReconnect, at: Date.now() }),
    );
    speaker.on('reconnected', (attempts) => speakerTrace.reconnected.push({ attempts, at: Date.now() }));
    listener.on('reconnected', (attempts) => listenerTrace.reconnected.push({ attempts, at: Date.now() }));
    speaker.on('message', (m) => {
      speakerTrace.messages.push(m);
      if (m.type === 'sessionJoined') speakerTrace.joined.push(m);
    });
    listener.on('message', (m) => listenerTrace.messages.push(m));
    listener.on('sessionJoined', (m) => listenerTrace.joined.push(m));
    speaker.on('invalidMessage', (reason) => speakerTrace.invalid.push(reason));
    listener.on('invalidMessage', (reason) => listenerTrace.invalid.push(reason));
    const acks: number[] = [];
    speaker.on('audioAck', (sequenceNumber) => acks.push(sequenceNumber));
    const audio: ReceivedAudio[] = [];
    const captions: TranscriptMessage[] = [];
    listener.on('audioReceived', (received) => audio.push(received));
    listener.on('transcript', (caption) => captions.push(caption));
    const sent: number[] = [];
    const stream = async (pcm: Buffer): Promise<void> => {
      for (const chunk of chunks(pcm)) {
        sent.push(speaker.sendAudio(chunk));
        await sleep(250);
      }
    };
    const session: Session = await speaker.createSession({ sourceLanguage: 'en' });
    const sessionRow = async (): Promise<Session> =>
      (await (await fetch(`${httpApi}/sessions/${session.sessionId}`)).json()) as Session;

    // 1. A broadcast that works: one utterance heard in Spanish.
    await Promise.all([listener.join(session.sessionId, 'es'), speaker.connect(session.sessionId)]);
    await stream(speak('The church meets every Sunday morning to pray together.', 1.2));
    await until(() => audio.length >= 1 && captions.length >= 1, 'the first utterance', 40_000);
    const before = { speaker: speakerTrace.joined[0], listener: listenerTrace.joined[0] };
    expect((await sessionRow()).listenerCount).toBe(1);
    await sleep(BACKOFF.stableAfterMs); // both connections count as stable: the outage starts from minMs

    // 2. Kill session-management one second into the next sentence; it is down DOWN_MS, then starts again.
    const streaming = stream(speak('The choir sings in the evening after the meal.', 1.2));
    await sleep(1_000);
    const killedAt = Date.now();
    await stage.restartApp('session-management', { how: 'kill', downMs: DOWN_MS });
    const upAt = Date.now();
    process.stdout.write(`[server-restart] session-management down for ${upAt - killedAt} ms\n`);
    await streaming; // chunks sent while down wait in the speaker's queue
    await until(
      () =>
        speaker.state === 'open' &&
        listener.state === 'open' &&
        speakerTrace.joined.length >= 2 &&
        listenerTrace.joined.length >= 2,
      'both clients back',
      60_000,
    );

    // 3. The clients saw the drop, retried with growing jittered delays, and came back.
    for (const trace of [speakerTrace, listenerTrace]) {
      expect(trace.disconnects).toHaveLength(1);
      expect(trace.disconnects[0]?.willReconnect).toBe(true);
      expect(trace.disconnects[0]?.at).toBeGreaterThanOrEqual(killedAt);
      expect(trace.reconnected).toHaveLength(1);
      expect(trace.states.map((s) => s.state)).toEqual(['connecting', 'open', 'reconnecting', 'open']);
      const gaps = retryGaps(trace, trace.disconnects[0]?.at ?? killedAt, upAt);
      process.stdout.write(`[server-restart] retry gaps (ms): ${gaps.join(', ')}\n`);
      expect(gaps.length).toBeGreaterThanOrEqual(3);
      // Attempt k waits ceiling(k) = min(250·2^k, 4000) × (1 − 0.5·random): within [ceiling/2, ceiling].
      gaps.forEach((gap, k) => {
        const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.minMs * BACKOFF.factor ** k);
        expect(gap).toBeGreaterThanOrEqual(ceiling / 2 - 20);
        expect(gap).toBeLessThanOrEqual(ceiling + 1_500); // + the refused attempt itself, on a busy machine
      });
      expect(Math.max(...gaps)).toBeGreaterThan(4 * (gaps[0] ?? 0)); // growing
    }
    // Jitter: two clients with the same settings do not retry in lockstep.
    expect(speakerTrace.attempts.slice(1)).not.toEqual(listenerTrace.attempts.slice(1));

    // 4. They rejoined the same session: the speaker as its speaker, the listener in Spanish.
    const speakerAgain = speakerTrace.joined[1];
    const listenerAgain = listenerTrace.joined[1];
    expect(speakerAgain).toMatchObject({ sessionId: session.sessionId, role: 'speaker', status: 'active' });
    expect(speakerAgain?.connectionId).not.toBe(before.speaker?.connectionId);
    expect(listenerAgain).toMatchObject({
      sessionId: session.sessionId,
      role: 'listener',
      targetLanguage: 'es',
    });
    expect(listenerAgain?.connectionId).not.toBe(before.listener?.connectionId);
    expect(tokenCalls).toBe(1 + speakerTrace.attempts.length); // createSession, then every (re)connect

    // 5. Every chunk sent so far is stored and acknowledged once, none lost from the queue.
    await until(() => acks.length >= sent.length, `acks for ${sent.length} chunks`, 30_000);
    expect([...acks].sort((a, b) => a - b)).toEqual(sent);
    expect(new Set(acks).size).toBe(acks.length);
    expect(speaker.queuedAudioBytes).toBe(0);

    // 6. The server's view: $disconnect never ran for the killed sockets, but each client named its
    //    last connection when it reconnected (resumeConnectionId) and took over that row: the rows
    //    are exactly the two live connections and the count is exact at once, with no sweep.
    const rowsAfterRestart = await tables.connections(session.sessionId);
    process.stdout.write(
      `[server-restart] after the restart: ${rowsAfterRestart.length} connection rows, listenerCount ${(await sessionRow()).listenerCount}\n`,
    );
    expect(rowsAfterRestart.map((row) => row.connectionId).sort()).toEqual(
      [speakerAgain?.connectionId, listenerAgain?.connectionId].sort(),
    );
    expect((await sessionRow()).listenerCount).toBe(1);
    // Nothing left for the sweeper to repair.
    const sweep = (await (await fetch(`${httpApi}/local/sweep`, { method: 'POST' })).json()) as Record<
      string,
      number
    >;
    process.stdout.write(`[server-restart] sweep: ${JSON.stringify(sweep)}\n`);
    expect(sweep).toMatchObject({ closedIdle: 0 });
    expect((await sessionRow()).listenerCount).toBe(1);
    expect(speaker.state).toBe('open');
    expect(listener.state).toBe('open');

    // 7. Speech after the restart reaches the listener, translated.
    const heardBefore = captions.length;
    await stream(speak('The children play in the garden after school.', 1.2));
    await until(
      () => captions.some((c, i) => i >= heardBefore && /children|garden|school/i.test(c.sourceText)),
      'the utterance spoken after the restart',
      40_000,
    );
    await until(() => audio.length > heardBefore, 'its translated audio', 20_000);
    const after = captions.find((c) => /children|garden|school/i.test(c.sourceText));
    expect(after?.targetLanguage).toBe('es');
    expect(after?.translatedText).toBe(apertium('eng-spa', after?.sourceText ?? ''));
    expect(audio.at(-1)?.targetLanguage).toBe('es');

    // 8. Nothing duplicated on the way: every chunk stored once and acknowledged once, each utterance
    //    delivered once (raw first parts of the audio, which carries the caption (decision 40), before
    //    the client's de-duplication), every frame valid.
    await until(() => acks.length >= sent.length, `acks for ${sent.length} chunks`, 30_000);
    await sleep(500); // a late duplicate would arrive now
    expect([...acks].sort((a, b) => a - b)).toEqual(sent);
    expect(await tables.storedChunks(session.sessionId)).toEqual(sent);
    const utterances = listenerTrace.messages
      .filter((m): m is TranslatedAudioMessage => m.type === 'translatedAudio' && m.part === 0)
      .map((m) => m.sequenceNumber);
    expect(utterances.length).toBeGreaterThan(0);
    expect(new Set(utterances).size).toBe(utterances.length);
    expect(speakerTrace.invalid).toEqual([]);
    expect(listenerTrace.invalid).toEqual([]);
    // Every real message passed the contract's schema of its type (else it would be in `invalid`),
    // and carries no field the contract does not describe.
    const undocumented = [...speakerTrace.messages, ...listenerTrace.messages].flatMap((message) =>
      Object.keys(message)
        .filter((field) => !(field in (SERVER_MESSAGE_SCHEMAS[message.type]['properties'] as object)))
        .map((field) => `${message.type}.${field}`),
    );
    expect(undocumented).toEqual([]);
    // The listener had heard an utterance before the kill: its re-join asked what it missed (issue 14).
    expect(new Set(listenerTrace.messages.map((m) => m.type))).toEqual(
      new Set(['sessionJoined', 'heartbeatAck', 'translatedAudio', 'replayComplete']),
    );
    const status = await speaker.getStatus();
    expect(status).toMatchObject({ sessionId: session.sessionId, status: 'active', listenerCount: 1 });
    await speaker.endSession();
  }, 300_000);
});
