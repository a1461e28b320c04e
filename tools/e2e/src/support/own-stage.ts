import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { RunningStage } from '@lingocast/stage';
import { freePorts, localDynamoDbClient, LOCAL_STAGE, startStage } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';

/**
 * A stage of a test's own, for tests that must break the server (kill an app) without disturbing the
 * shared stage of global-setup.js: free loopback ports, logs in `<run folder>/<name>`. Stop it in afterAll.
 */
export async function startOwnStage(name: string, env: Record<string, string>): Promise<RunningStage> {
  const endpointsFile = process.env['LINGOCAST_E2E_ENDPOINTS'];
  if (!endpointsFile) throw new Error('LINGOCAST_E2E_ENDPOINTS is not set: run the tests through jest');
  const logDir = join(dirname(endpointsFile), name);
  mkdirSync(logDir, { recursive: true });
  return startStage({
    ports: await freePorts(),
    logDir,
    logLevel: 'info',
    env,
    onProgress: (line) => process.stdout.write(`[${name}] ${line}\n`),
  });
}

/** A connection row as session-management stores it (the fields the tests read). */
export interface ConnectionRow {
  connectionId: string;
  sessionId: string;
  role: 'speaker' | 'listener';
  targetLanguage?: string;
  lastSeenAt: number;
}

/** The RateLimits row id of a limit and key, as the limiter writes it (the key hashed, never in clear). */
export function rateLimitIdentifier(limit: string, key: string): string {
  return `${limit}#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Whose rows a footprint reads: a session, its speaker, and the connections whose limits count. */
export interface FootprintOf {
  sessionId: string;
  speakerId: string;
  connectionIds: readonly string[];
}

/** Every stored row that belongs to one session and the people in it, for "nothing changed" checks. */
export interface Footprint {
  session: Record<string, unknown> | undefined;
  sessionsOfSpeaker: string[];
  connections: Record<string, unknown>[];
  audioChunks: number[];
  audioStream: Record<string, unknown> | undefined;
  rateLimits: Record<string, Record<string, unknown> | undefined>;
}

/** Reads a stage's tables directly: what the server believes, for assertions. */
export class StageTables {
  private readonly db: DynamoDBDocumentClient;

  constructor(stage: { endpoints: { dynamodb: string } }) {
    this.db = DynamoDBDocumentClient.from(localDynamoDbClient(stage.endpoints.dynamodb));
  }

  /** One item by its key (strongly consistent), or undefined. */
  async item(
    table: Parameters<typeof tableName>[0],
    key: Record<string, string>,
  ): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: tableName(table, LOCAL_STAGE), Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /**
   * The session's row, the ids of every session its speaker owns, its connection rows, stored audio
   * chunks and stream cursor, and the per-user and per-connection rate-limit windows (heartbeats, audio
   * chunks, session creations). Per-IP windows are left out: counting every attempt, refused or not,
   * is what they are for.
   */
  async footprint(of: FootprintOf): Promise<Footprint> {
    const limitKeys: Array<[string, string]> = [
      ['sessionCreation', of.speakerId],
      ['audioChunk', of.speakerId],
      ...of.connectionIds.map((id): [string, string] => ['heartbeat', id]),
    ];
    const [session, owned, connections, audioChunks, audioStream, windows] = await Promise.all([
      this.item('sessions', { sessionId: of.sessionId }),
      this.scan('sessions', 'speakerId', of.speakerId),
      this.connections(of.sessionId),
      this.storedChunks(of.sessionId),
      this.item('audioStreams', { sessionId: of.sessionId }),
      Promise.all(
        limitKeys.map(([limit, key]) =>
          this.item('rateLimits', { identifier: rateLimitIdentifier(limit, key) }),
        ),
      ),
    ]);
    return {
      session,
      sessionsOfSpeaker: owned.map((row) => String(row['sessionId'])).sort(),
      connections: [...connections]
        .sort((a, b) => a.connectionId.localeCompare(b.connectionId))
        .map((row) => ({ ...row })),
      audioChunks,
      audioStream,
      rateLimits: Object.fromEntries(limitKeys.map(([limit, key], i) => [`${limit}:${key}`, windows[i]])),
    };
  }

  /** Rows of a table whose `attribute` is `value` (a paginated, strongly consistent scan). */
  private async scan<Row = Record<string, unknown>>(
    table: Parameters<typeof tableName>[0],
    attribute: string,
    value: string,
  ): Promise<Row[]> {
    const rows: Row[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: tableName(table, LOCAL_STAGE),
          ConsistentRead: true,
          FilterExpression: '#attribute = :value',
          ExpressionAttributeNames: { '#attribute': attribute },
          ExpressionAttributeValues: { ':value': value },
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...((page.Items ?? []) as Row[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  }

  /** Every connection row of a session (strongly consistent). */
  async connections(sessionId: string): Promise<ConnectionRow[]> {
    return this.scan<ConnectionRow>('connections', 'sessionId', sessionId);
  }

  /** The sequence numbers of the audio chunks audio-transcription stored for a session, in order. */
  async storedChunks(sessionId: string): Promise<number[]> {
    const numbers: number[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: tableName('audioChunks', LOCAL_STAGE),
          ConsistentRead: true,
          KeyConditionExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
          ProjectionExpression: 'sequenceNumber',
          ExclusiveStartKey: start,
        }),
      );
      numbers.push(...(page.Items ?? []).map((item) => Number(item['sequenceNumber'])));
      start = page.LastEvaluatedKey;
    } while (start);
    return numbers;
  }

  close(): void {
    this.db.destroy();
  }
}
