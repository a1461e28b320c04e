import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
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

/** Reads a stage's tables directly: what the server believes, for assertions. */
export class StageTables {
  private readonly db: DynamoDBDocumentClient;

  constructor(stage: RunningStage) {
    this.db = DynamoDBDocumentClient.from(localDynamoDbClient(stage.endpoints.dynamodb));
  }

  /** Every connection row of a session (strongly consistent). */
  async connections(sessionId: string): Promise<ConnectionRow[]> {
    const rows: ConnectionRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: tableName('connections', LOCAL_STAGE),
          ConsistentRead: true,
          FilterExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...((page.Items ?? []) as ConnectionRow[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
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
