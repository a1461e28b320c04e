import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ErrorMessage } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { freePorts, localDynamoDbClient, LOCAL_STAGE, startStage } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';
import { rateLimitIdentifier } from './own-stage';
import { RecordingSocket } from './stage';

// The stage of rate-limits.e2e.spec.ts: small limits, and what it reads of the server. Each test file
// has its own module registry, so the stage below belongs to the one file that starts it.

/** The limits the stage runs with: long windows, so one file's run stays inside one window of each. */
export const LIMITS = {
  sessionCreation: { max: 3, windowSeconds: 3600 },
  listenerJoin: { max: 3, windowSeconds: 300 },
  connectionAttempt: { max: 12, windowSeconds: 300 },
  failedConnect: { max: 2, windowSeconds: 300 },
  heartbeat: { max: 3, windowSeconds: 300 },
  audioChunk: { max: 3, windowSeconds: 10 },
} as const;
/** A limit of {@link LIMITS}, as the limiter names it. */
export type LimitName = keyof typeof LIMITS;

const spec = (name: LimitName) => `${LIMITS[name].max}/${LIMITS[name].windowSeconds}`;
/**
 * The per-address key of every socket here: serverless-offline hard-codes 127.0.0.1 in the authorizer's
 * event, which passes it on to `$connect` (docs/session-management.md).
 */
export const LOCAL_IP = '127.0.0.1';
/** 10 ms of silence, 16 kHz PCM16. */
export const CHUNK = Buffer.alloc(320).toString('base64');

let stage: RunningStage;
let db: DynamoDBDocumentClient;

/**
 * Starts session-management and audio-transcription with {@link LIMITS} on free ports (logs in
 * `<run folder>/rate-limits`); the reads and clients below use it.
 *
 * @example
 * beforeAll(async () => { stage = await startRateLimitStage(); }, 120_000);
 */
export async function startRateLimitStage(): Promise<RunningStage> {
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
  return stage;
}

/**
 * Stops the stage {@link startRateLimitStage} started, if it did.
 *
 * @example
 * afterAll(stopRateLimitStage);
 */
export async function stopRateLimitStage(): Promise<void> {
  db?.destroy();
  await stage?.stop();
}

// --- what the server stored -------------------------------------------------------------------

/**
 * The stored window of a limit for a key (the limiter hashes keys; nothing in clear).
 *
 * @example
 * expect(await storedWindow('heartbeat', connectionId)).toMatchObject({ eventCount: 3 });
 */
export async function storedWindow(
  limit: LimitName,
  key: string,
): Promise<{ eventCount: number; windowStart: number } | undefined> {
  const identifier = rateLimitIdentifier(limit, key);
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

/**
 * The rows of the sessions or connections table whose `attribute` is `value` (strongly consistent).
 *
 * @example
 * expect(await scanTable('sessions', 'speakerId', speakerId)).toHaveLength(3);
 */
export async function scanTable(table: 'sessions' | 'connections', attribute: string, value: string) {
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

/**
 * A session's stored row, or undefined.
 *
 * @example
 * expect((await sessionRow(sessionId))?.['listenerCount']).toBe(3);
 */
export async function sessionRow(sessionId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('sessions', LOCAL_STAGE),
      Key: { sessionId },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/**
 * A connection's stored row, or undefined.
 *
 * @example
 * const seenBefore = (await connectionRow(connectionId))?.['lastSeenAt'];
 */
export async function connectionRow(connectionId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('connections', LOCAL_STAGE),
      Key: { connectionId },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/**
 * The sequence numbers of the audio chunks stored for a session, in order.
 *
 * @example
 * expect(await storedChunks(sessionId)).toEqual([0, 1, 2]);
 */
export async function storedChunks(sessionId: string): Promise<number[]> {
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

/**
 * Opens a recording WebSocket to the stage with this query string.
 *
 * @example
 * const listener = await open({ sessionId, targetLanguage: 'es' });
 */
export function open(query: Record<string, string>): Promise<RecordingSocket> {
  return RecordingSocket.open(query, stage.endpoints.websocket);
}

/**
 * Waits for the socket's greeting; gives its connection id.
 *
 * @example
 * const connectionId = await joined(listener);
 */
export async function joined(socket: RecordingSocket): Promise<string> {
  const greeting = await socket.waitFor((m) => m.type === 'sessionJoined');
  return (greeting as { connectionId: string }).connectionId;
}

/**
 * POST /sessions for an English session with this token; its status, body and Retry-After header.
 *
 * @example
 * expect((await createOverHttp(token)).status).toBe(201);
 */
export async function createOverHttp(
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

/**
 * A `$connect` refused on the socket: the one message it was told, once the server has closed it.
 *
 * @example
 * const refusal = await refusedOnTheSocket({ sessionId, targetLanguage: 'es' });
 */
export async function refusedOnTheSocket(query: Record<string, string>): Promise<ErrorMessage> {
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

/**
 * Checks a refusal is RATE_LIMIT_EXCEEDED with a retryAfter inside the limit's window, opened this run.
 *
 * @example
 * expectRetryAfterWithin(refusal, 'listenerJoin');
 */
export function expectRetryAfterWithin(refusal: ErrorMessage, limit: LimitName): void {
  // The window opened with the first event of this file, a few minutes ago at most.
  expect(refusal.code).toBe('RATE_LIMIT_EXCEEDED');
  expect(refusal.retryAfter).toBeGreaterThan(LIMITS[limit].windowSeconds - 240);
  expect(refusal.retryAfter).toBeLessThanOrEqual(LIMITS[limit].windowSeconds);
}

/**
 * The error the server answered a request with.
 *
 * @example
 * const refusal = await errorFor(socket, 'hb-over');
 */
export function errorFor(socket: RecordingSocket, requestId: string): Promise<ErrorMessage> {
  return socket.waitFor<ErrorMessage>((m) => m.type === 'error' && m.requestId === requestId);
}
