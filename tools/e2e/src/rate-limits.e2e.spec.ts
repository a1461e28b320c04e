import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AudioAckMessage, ErrorMessage, Session } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { freePorts, localDynamoDbClient, LOCAL_STAGE, startStage } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';
import { RecordingSocket, refusedStatus } from './support/stage';

// Every rate limit at its boundary, over real WebSockets and HTTP, on a stage of this file's own:
// the shared stage raises the per-IP limits (every test connects from 127.0.0.1, and serverless-offline
// hard-codes that as the source IP), so their boundary could not be reached there. Small limits here;
// windows long enough that the whole file runs inside one window of each per-IP limit (they are shared
// by every connection this file opens; the tests run in order and read the stored counts they build on).
// audio-transcription runs too, so an allowed chunk is acknowledged and stored, and a refused one is not.

const LIMITS = {
  sessionCreation: { max: 3, windowSeconds: 3600 },
  listenerJoin: { max: 3, windowSeconds: 300 },
  connectionAttempt: { max: 8, windowSeconds: 300 },
  heartbeat: { max: 3, windowSeconds: 300 },
  audioChunk: { max: 3, windowSeconds: 10 },
} as const;
type LimitName = keyof typeof LIMITS;

const spec = (name: LimitName) => `${LIMITS[name].max}/${LIMITS[name].windowSeconds}`;
/**
 * The per-IP key of every socket here. serverless-offline hard-codes 127.0.0.1 for WebSocket events, but
 * when `$connect` has an authorizer it copies the IP from a field its authorizer event lacks, so the handler
 * sees none and counts under `unknown` (docs/session-management.md). Either way: one key for all.
 */
const LOCAL_IP_KEYS = ['127.0.0.1', 'unknown'];
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

/**
 * The retryAfter the server computed for each refused `$connect` of a limit, once `expected` are in
 * session-management's log (the refusal's body does not reach the client on serverless-offline, only
 * the status does; the log file trails the handler a little).
 */
async function loggedRetryAfter(limit: LimitName, expected: number): Promise<number[]> {
  const pattern = new RegExp(`rate limit '${limit}' exceeded; retry after (\\d+) s`, 'g');
  for (let waited = 0; ; waited += 100) {
    const log = readFileSync(join(stage.logDir, 'session-management.log'), 'utf8');
    const found = [...log.matchAll(pattern)].map((match) => Number(match[1]));
    if (found.length >= expected || waited >= 10_000) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The stored window of a per-IP limit: the one key of LOCAL_IP_KEYS that has a row. */
async function perIpWindow(limit: 'listenerJoin' | 'connectionAttempt') {
  const windows = await Promise.all(LOCAL_IP_KEYS.map((key) => storedWindow(limit, key)));
  const stored = windows.filter((window) => window !== undefined);
  expect(stored).toHaveLength(1);
  return stored[0];
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

  it('admits exactly 3 listeners from one IP and refuses the 4th with 429, leaving the count at 3', async () => {
    const sessionId = sessions[0]?.sessionId ?? '';
    for (let i = 0; i < LIMITS.listenerJoin.max; i += 1) {
      const listener = await open({ sessionId, targetLanguage: 'es' });
      sockets.push(listener);
      listeners.push(listener);
      await joined(listener);
    }

    const status = await refusedStatus({ sessionId, targetLanguage: 'es' }, stage.endpoints.websocket);

    expect(status).toBe(429);
    expect((await sessionRow(sessionId))?.['listenerCount']).toBe(LIMITS.listenerJoin.max);
    const rows = await scanTable('connections', 'sessionId', sessionId);
    expect(rows.filter((row) => row['role'] === 'listener')).toHaveLength(LIMITS.listenerJoin.max);
    expect(await perIpWindow('listenerJoin')).toMatchObject({
      eventCount: LIMITS.listenerJoin.max,
    });
    const retryAfter = await loggedRetryAfter('listenerJoin', 1);
    expect(retryAfter).toHaveLength(1);
    expect(retryAfter[0]).toBeGreaterThan(LIMITS.listenerJoin.windowSeconds - 60);
    expect(retryAfter[0]).toBeLessThanOrEqual(LIMITS.listenerJoin.windowSeconds);
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

  it('accepts connection attempts from one IP up to 8 in the window and refuses the next with 429, changing nothing', async () => {
    // Every socket so far counted (the speaker, the listeners, the refused 4th listener): use up the rest
    // with speaker connections, which the listener-join limit does not count.
    const used = (await perIpWindow('connectionAttempt'))?.eventCount ?? 0;
    expect(used).toBe(1 + LIMITS.listenerJoin.max + 1);
    const spare = sessions[2]?.sessionId ?? '';
    for (let attempt = used; attempt < LIMITS.connectionAttempt.max; attempt += 1) {
      const socket = await open({ sessionId: spare, token });
      sockets.push(socket);
      await joined(socket);
    }
    const pointedAt = (await sessionRow(spare))?.['speakerConnectionId'];

    const refusedSpeaker = await refusedStatus({ sessionId: spare, token }, stage.endpoints.websocket);
    const refusedListener = await refusedStatus(
      { sessionId: sessions[1]?.sessionId ?? '', targetLanguage: 'fr' },
      stage.endpoints.websocket,
    );

    expect([refusedSpeaker, refusedListener]).toEqual([429, 429]);
    expect((await sessionRow(spare))?.['speakerConnectionId']).toBe(pointedAt);
    expect((await sessionRow(sessions[1]?.sessionId ?? ''))?.['listenerCount']).toBe(0);
    expect(await scanTable('connections', 'sessionId', sessions[1]?.sessionId ?? '')).toEqual([]);
    expect(await perIpWindow('connectionAttempt')).toMatchObject({
      eventCount: LIMITS.connectionAttempt.max,
    });
    // The listener was refused by the attempt limit, before the join limit was consulted.
    expect(await perIpWindow('listenerJoin')).toMatchObject({
      eventCount: LIMITS.listenerJoin.max,
    });
    const retryAfter = await loggedRetryAfter('connectionAttempt', 2);
    expect(retryAfter).toHaveLength(2);
    for (const seconds of retryAfter) {
      expect(seconds).toBeGreaterThan(LIMITS.connectionAttempt.windowSeconds - 60);
      expect(seconds).toBeLessThanOrEqual(LIMITS.connectionAttempt.windowSeconds);
    }
  });
});
