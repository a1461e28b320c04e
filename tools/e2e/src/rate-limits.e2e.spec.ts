import type { AudioAckMessage, ErrorMessage, Session } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import {
  CHUNK,
  connectionRow,
  createOverHttp,
  errorFor,
  expectRetryAfterWithin,
  joined,
  LIMITS,
  LOCAL_IP,
  open,
  refusedOnTheSocket,
  scanTable,
  sessionRow,
  startRateLimitStage,
  stopRateLimitStage,
  storedChunks,
  storedWindow,
} from './support/rate-limits-stage';
import type { RecordingSocket } from './support/stage';
import { refusedStatus } from './support/stage';

// Every rate limit at its boundary, over real WebSockets and HTTP, on a stage of this file's own with
// small limits (venue.e2e.spec.ts runs the defaults). Windows long enough that the whole file runs
// inside one window of each limit: the per-address ones are shared by every connection this file opens
// (all from 127.0.0.1), and the tests run in order and read the stored counts they build on.
// audio-transcription runs too, so an allowed chunk is acknowledged and stored, and a refused one is not.
// A rate-limited `$connect` is accepted only to be told `error RATE_LIMIT_EXCEEDED {retryAfter,
// action: '$connect'}` on the socket and closed: a browser cannot read a refused handshake's status.
// The stage, its limits and what this file reads of it: support/rate-limits-stage.ts.

let stage: RunningStage;

beforeAll(async () => {
  stage = await startRateLimitStage();
}, 120_000);

afterAll(stopRateLimitStage);

// --- the boundaries ---------------------------------------------------------------------------

const sockets: RecordingSocket[] = [];
let token: string;
const sessions: Session[] = [];
let speaker: RecordingSocket;
const listeners: RecordingSocket[] = [];

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
});

describe(`rate limits at their boundary (own stage: ${Object.entries(LIMITS)
  .map(([name, limit]) => `${name} ${limit.max}/${limit.windowSeconds}s`)
  .join(', ')})`, () => {
  it('lets a speaker create exactly 3 sessions, over HTTP and the createSession action alike, and stores no 4th', async () => {
    token = (await stage.tokens.issueToken(`rate-limited-speaker-${process.pid}`)).idToken;
    for (let i = 0; i < LIMITS.sessionCreation.max; i += 1) {
      const created = await createOverHttp(token);
      expect(created.status).toBe(201);
      sessions.push(created.body as Session);
    }
    const speakerId = sessions[0]?.speakerId ?? '';

    const refused = await createOverHttp(token);
    const body = refused.body as { error: { code: string; retryAfter: number } };
    expect(refused.status).toBe(429);
    expect(body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    // The window opened with the first creation, a few seconds ago at most.
    expect(body.error.retryAfter).toBeGreaterThan(LIMITS.sessionCreation.windowSeconds - 60);
    expect(body.error.retryAfter).toBeLessThanOrEqual(LIMITS.sessionCreation.windowSeconds);
    expect(Number(refused.retryAfter)).toBe(body.error.retryAfter);

    // The legacy WebSocket path is the same use case and the same window.
    speaker = await open({ sessionId: sessions[0]?.sessionId ?? '', token });
    sockets.push(speaker);
    await joined(speaker);
    speaker.send({ action: 'createSession', sourceLanguage: 'en', requestId: 'create-over-ws' });
    const wsRefusal = await errorFor(speaker, 'create-over-ws');
    expect(wsRefusal.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(wsRefusal.retryAfter).toBeGreaterThan(LIMITS.sessionCreation.windowSeconds - 60);

    expect(await scanTable('sessions', 'speakerId', speakerId)).toHaveLength(LIMITS.sessionCreation.max);
    expect(await storedWindow('sessionCreation', speakerId)).toMatchObject({
      eventCount: LIMITS.sessionCreation.max,
    });
  });

  it('admits exactly 3 new listeners to one session, tells the 4th why and when on the socket, and still admits another session’s', async () => {
    const sessionId = sessions[0]?.sessionId ?? '';
    for (let i = 0; i < LIMITS.listenerJoin.max; i += 1) {
      const listener = await open({ sessionId, targetLanguage: 'es' });
      sockets.push(listener);
      listeners.push(listener);
      await joined(listener);
    }

    const refusal = await refusedOnTheSocket({ sessionId, targetLanguage: 'es' });

    expectRetryAfterWithin(refusal, 'listenerJoin');
    expect(refusal.message).toContain("'listenerJoin'");
    expect((await sessionRow(sessionId))?.['listenerCount']).toBe(LIMITS.listenerJoin.max);
    const rows = await scanTable('connections', 'sessionId', sessionId);
    expect(rows.filter((row) => row['role'] === 'listener')).toHaveLength(LIMITS.listenerJoin.max);
    expect(await storedWindow('listenerJoin', sessionId)).toMatchObject({
      eventCount: LIMITS.listenerJoin.max,
    });
    // Per session: the same address joins another session.
    const other = await open({ sessionId: sessions[1]?.sessionId ?? '', targetLanguage: 'fr' });
    sockets.push(other);
    await joined(other);
    expect((await sessionRow(sessions[1]?.sessionId ?? ''))?.['listenerCount']).toBe(1);
  });

  it('acknowledges 3 heartbeats on one connection and refuses the 4th without recording activity', async () => {
    const [first, second] = listeners;
    if (!first || !second) throw new Error('the join test did not leave two listeners');
    const firstId = await joined(first);
    for (let i = 0; i < LIMITS.heartbeat.max; i += 1) {
      first.send({ action: 'heartbeat', requestId: `hb-${i}` });
      await first.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === `hb-${i}`);
    }
    const seenBefore = (await connectionRow(firstId))?.['lastSeenAt'];

    first.send({ action: 'heartbeat', requestId: 'hb-over' });
    const refusal = await errorFor(first, 'hb-over');

    expect(refusal.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(refusal.retryAfter).toBeGreaterThan(LIMITS.heartbeat.windowSeconds - 60);
    expect(refusal.retryAfter).toBeLessThanOrEqual(LIMITS.heartbeat.windowSeconds);
    expect((await connectionRow(firstId))?.['lastSeenAt']).toBe(seenBefore);
    expect(await storedWindow('heartbeat', firstId)).toMatchObject({ eventCount: LIMITS.heartbeat.max });
    // Per connection: another listener's heartbeat is still acknowledged.
    second.send({ action: 'heartbeat', requestId: 'hb-other' });
    await second.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === 'hb-other');
  });

  it('of 4 chunks sent at once, acknowledges and stores exactly 3 and refuses the other without forwarding it', async () => {
    const sessionId = sessions[0]?.sessionId ?? '';
    const speakerId = sessions[0]?.speakerId ?? '';
    const sent = LIMITS.audioChunk.max + 1;
    // All at once, inside one 10-s window. API Gateway (and serverless-offline) run the invocations
    // concurrently, so which one is refused is not fixed: any one of them, exactly one.
    for (let sequenceNumber = 0; sequenceNumber < sent; sequenceNumber += 1) {
      speaker.send({
        action: 'sendAudio',
        sequenceNumber,
        audio: CHUNK,
        requestId: `chunk-${sequenceNumber}`,
      });
    }
    const answers = await Promise.all(
      Array.from({ length: sent }, (_, sequenceNumber) =>
        speaker.waitFor<AudioAckMessage | ErrorMessage>(
          (m) => (m.type === 'audioAck' || m.type === 'error') && m.requestId === `chunk-${sequenceNumber}`,
        ),
      ),
    );
    const acked = answers.filter((m): m is AudioAckMessage => m.type === 'audioAck');
    const refusals = answers.filter((m): m is ErrorMessage => m.type === 'error');

    expect(acked).toHaveLength(LIMITS.audioChunk.max);
    expect(refusals).toHaveLength(1);
    const [refusal] = refusals;
    expect(refusal?.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(refusal?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refusal?.retryAfter).toBeLessThanOrEqual(LIMITS.audioChunk.windowSeconds);
    // Nothing was acknowledged twice, and what was stored is exactly what was acknowledged.
    const ackedNumbers = acked.map((ack) => ack.sequenceNumber).sort((a, b) => a - b);
    expect(speaker.messages.filter((m) => m.type === 'audioAck')).toHaveLength(LIMITS.audioChunk.max);
    expect(await storedChunks(sessionId)).toEqual(ackedNumbers);
    expect(await storedWindow('audioChunk', speakerId)).toMatchObject({ eventCount: LIMITS.audioChunk.max });
  });

  it('counts an unknown session and a forged token against the address, then tells its listeners to wait, not its verified speaker', async () => {
    const spare = sessions[2]?.sessionId ?? '';
    const forged = await stage.tokens.mintToken({ username: 'mallory', signWithForeignKey: true });

    // A well-formed id (a malformed one is refused as bad input, not counted) of no session.
    const unknownId = 'made-up-101';
    expect(sessions.map((session) => session.sessionId)).not.toContain(unknownId);
    const unknownSession = await refusedStatus(
      { sessionId: unknownId, targetLanguage: 'es' },
      stage.endpoints.websocket,
    );
    const forgedToken = await refusedStatus({ sessionId: spare, token: forged }, stage.endpoints.websocket);
    const refusal = await refusedOnTheSocket({ sessionId: spare, targetLanguage: 'es' });
    const speakerSocket = await open({ sessionId: spare, token });
    sockets.push(speakerSocket);
    await joined(speakerSocket);

    expect([unknownSession, forgedToken]).toEqual([404, 403]);
    expectRetryAfterWithin(refusal, 'failedConnect');
    expect(refusal.message).toContain("'failedConnect'");
    expect(await storedWindow('failedConnect', LOCAL_IP)).toMatchObject({
      eventCount: LIMITS.failedConnect.max,
    });
    expect((await sessionRow(spare))?.['listenerCount']).toBe(0);
    expect(await scanTable('connections', 'sessionId', spare)).toHaveLength(1);
  });

  it('accepts connection attempts from one address up to 12 in the window, then tells speaker and listener alike to wait, changing nothing', async () => {
    // Every $connect so far counted except the forged token's (refused by the authorizer, before
    // $connect): the speaker, 3 + 1 listeners, another session's, the unknown session, the told
    // listener, the speaker of the spare session. Use up the rest with speaker connections.
    const used = (await storedWindow('connectionAttempt', LOCAL_IP))?.eventCount ?? 0;
    expect(used).toBe(9);
    const spare = sessions[2]?.sessionId ?? '';
    for (let attempt = used; attempt < LIMITS.connectionAttempt.max; attempt += 1) {
      const socket = await open({ sessionId: spare, token });
      sockets.push(socket);
      await joined(socket);
    }
    const pointedAt = (await sessionRow(spare))?.['speakerConnectionId'];

    const refusedSpeaker = await refusedOnTheSocket({ sessionId: spare, token });
    const refusedListener = await refusedOnTheSocket({
      sessionId: sessions[1]?.sessionId ?? '',
      targetLanguage: 'fr',
    });

    for (const refusal of [refusedSpeaker, refusedListener]) {
      expectRetryAfterWithin(refusal, 'connectionAttempt');
      expect(refusal.message).toContain("'connectionAttempt'");
    }
    expect((await sessionRow(spare))?.['speakerConnectionId']).toBe(pointedAt);
    expect((await sessionRow(sessions[1]?.sessionId ?? ''))?.['listenerCount']).toBe(1);
    expect(await scanTable('connections', 'sessionId', sessions[1]?.sessionId ?? '')).toHaveLength(1);
    expect(await storedWindow('connectionAttempt', LOCAL_IP)).toMatchObject({
      eventCount: LIMITS.connectionAttempt.max,
    });
    // The listener was refused by the attempt limit, before the session's join rate was consulted.
    expect(await storedWindow('listenerJoin', sessions[1]?.sessionId ?? '')).toMatchObject({ eventCount: 1 });
  });
});
