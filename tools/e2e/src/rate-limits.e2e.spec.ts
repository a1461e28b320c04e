import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AudioAckMessage, ErrorMessage, Session } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { freePorts, localDynamoDbClient, LOCAL_STAGE, startStage } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';
import { RecordingSocket, refusedStatus } from './support/stage';

// Every rate limit at its boundary, over real WebSockets and HTTP, on a stage of this file's own with
// small limits (venue.e2e.spec.ts runs the defaults). Windows long enough that the whole file runs
// inside one window of each limit: the per-address ones are shared by every connection this file opens
// (all from 127.0.0.1), and the tests run in order and read the stored counts they build on.
// audio-transcription runs too, so an allowed chunk is acknowledged and stored, and a refused one is not.
// A rate-limited `$connect` is accepted only to be told `error RATE_LIMIT_EXCEEDED {retryAfter,
// action: '$connect'}` on the socket and closed: a browser cannot read a refused handshake's status.

const LIMITS = {
  sessionCreation: { max: 3, windowSeconds: 3600 },
  listenerJoin: { max: 3, windowSeconds: 300 },
  connectionAttempt: { max: 12, windowSeconds: 300 },
  failedConnect: { max: 2, windowSeconds: 300 },
  heartbeat: { max: 3, windowSeconds: 300 },
  audioChunk: { max: 3, windowSeconds: 10 },
} as const;
type LimitName = keyof typeof LIMITS;

const spec = (name: LimitName) => `${LIMITS[name].max}/${LIMITS[name].windowSeconds}`;
/**
 * The per-address key of every socket here: serverless-offline hard-codes 127.0.0.1 in the authorizer's
 * event, which passes it on to `$connect` (docs/session-management.md).
 */
const LOCAL_IP = '127.0.0.1';
/** 10 ms of silence, 16 kHz PCM16. */
const CHUNK = Buffer.alloc(320).toString('base64');

let stage: RunningStage;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  const endpointsFile = process.env['LINGOCAST_E2E_ENDPOINTS'];
  if (!endpointsFile) throw new Error('LINGOCAST_E2E_ENDPOINTS is not set: run the tests through jest');
  const logDir = join(dirname(endpointsFile), 'rate-limits');
  mkdirSync(logDir, { recursive: true });
  stage = await startStage({
    ports: await freePorts(),
    apps: ['session-management', 'audio-transcription'],
    logDir,
    logLevel: 'info',
    env: {
      RATE_LIMIT_SESSION_CREATIONS: spec('sessionCreation'),
      RATE_LIMIT_LISTENER_JOINS: spec('listenerJoin'),
      RATE_LIMIT_CONNECTION_ATTEMPTS: spec('connectionAttempt'),
      RATE_LIMIT_FAILED_CONNECTS: spec('failedConnect'),
      RATE_LIMIT_HEARTBEATS: spec('heartbeat'),
      RATE_LIMIT_AUDIO_CHUNKS: spec('audioChunk'),
    },
    onProgress: (line) => process.stdout.write(`[rate-limits] ${line}\n`),
  });
  db = DynamoDBDocumentClient.from(localDynamoDbClient(stage.endpoints.dynamodb));
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await stage?.stop();
});

// --- what the server stored -------------------------------------------------------------------

/** The stored window of a limit for a key (the limiter hashes keys; nothing in clear). */
async function storedWindow(
  limit: LimitName,
  key: string,
): Promise<{ eventCount: number; windowStart: number } | undefined> {
  const identifier = `${limit}#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('rateLimits', LOCAL_STAGE),
      Key: { identifier },
      ConsistentRead: true,
    }),
  );
  return Item
    ? { eventCount: Number(Item['eventCount']), windowStart: Number(Item['windowStart']) }
    : undefined;
}

async function scanTable(table: 'sessions' | 'connections', attribute: string, value: string) {
  const { Items } = await db.send(
    new ScanCommand({
      TableName: tableName(table, LOCAL_STAGE),
      ConsistentRead: true,
      FilterExpression: '#attribute = :value',
      ExpressionAttributeNames: { '#attribute': attribute },
      ExpressionAttributeValues: { ':value': value },
    }),
  );
  return Items ?? [];
}

async function sessionRow(sessionId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('sessions', LOCAL_STAGE),
      Key: { sessionId },
      ConsistentRead: true,
    }),
  );
  return Item;
}

async function connectionRow(connectionId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('connections', LOCAL_STAGE),
      Key: { connectionId },
      ConsistentRead: true,
    }),
  );
  return Item;
}

async function storedChunks(sessionId: string): Promise<number[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName('audioChunks', LOCAL_STAGE),
      KeyConditionExpression: 'sessionId = :sessionId',
      ExpressionAttributeValues: { ':sessionId': sessionId },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => Number(item['sequenceNumber'])).sort((a, b) => a - b);
}

// --- clients ----------------------------------------------------------------------------------

function open(query: Record<string, string>): Promise<RecordingSocket> {
  return RecordingSocket.open(query, stage.endpoints.websocket);
}

async function joined(socket: RecordingSocket): Promise<string> {
  const greeting = await socket.waitFor((m) => m.type === 'sessionJoined');
  return (greeting as { connectionId: string }).connectionId;
}

async function createOverHttp(
  token: string,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await fetch(`${stage.endpoints.httpApi}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ sourceLanguage: 'en' }),
  });
  return {
    status: response.status,
    body: await response.json(),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** A `$connect` refused on the socket: the one message it was told, once the server has closed it. */
async function refusedOnTheSocket(query: Record<string, string>): Promise<ErrorMessage> {
  const socket = await open(query);
  const closed = new Promise<void>((resolve) => {
    if (socket.socket.readyState === socket.socket.CLOSED) resolve();
    else socket.socket.once('close', () => resolve());
  });
  const told = await socket.waitFor<ErrorMessage>((m) => m.type === 'error');
  await closed;
  expect(socket.messages).toEqual([told]);
  expect(told.action).toBe('$connect');
  return told;
}

function expectRetryAfterWithin(refusal: ErrorMessage, limit: LimitName): void {
  // The window opened with the first event of this file, a few minutes ago at most.
  expect(refusal.code).toBe('RATE_LIMIT_EXCEEDED');
  expect(refusal.retryAfter).toBeGreaterThan(LIMITS[limit].windowSeconds - 240);
  expect(refusal.retryAfter).toBeLessThanOrEqual(LIMITS[limit].windowSeconds);
}

function errorFor(socket: RecordingSocket, requestId: string): Promise<ErrorMessage> {
  return socket.waitFor<ErrorMessage>((m) => m.type === 'error' && m.requestId === requestId);
}

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
