import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '@lingocast/contract';
import { LOCAL_STAGE, localDynamoDbClient } from '@lingocast/stage';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX, tableName } from '@lingocast/tables';
import { ConnectionRefused, RecordingSocket, createSessionOverHttp, speakerToken } from './support/stage';
import { endpoints } from './support/stage';

// The e2e stage runs with MAX_LISTENERS_PER_SESSION=500 (global-setup.js).
const CAP = 500;
const ATTEMPTS = 600;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function storedCount(sessionId: string): Promise<number | undefined> {
  const response = await fetch(`${endpoints().httpApi}/sessions/${sessionId}`);
  return ((await response.json()) as Session).listenerCount;
}

/** Listener rows of a session still in the Connections table (the GSI the fan-out reads). */
async function listenerRows(sessionId: string): Promise<number> {
  const db = DynamoDBDocumentClient.from(localDynamoDbClient(endpoints().dynamodb));
  try {
    let rows = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName('connections', LOCAL_STAGE),
          IndexName: CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
          KeyConditionExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      rows += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  } finally {
    db.destroy();
  }
}

describe('listener cap under concurrency', () => {
  it(`accepts exactly ${CAP} of ${ATTEMPTS} concurrent joins, refuses the rest with 429, and counts back to 0 with no rows left when all ${CAP} leave at once`, async () => {
    const created = await createSessionOverHttp(await speakerToken(), { sourceLanguage: 'en' });
    expect(created.status).toBe(201);
    const { sessionId } = created.body as Session;

    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, async (_, i) => {
        try {
          return await RecordingSocket.open({ sessionId, targetLanguage: i % 2 === 0 ? 'es' : 'ca' });
        } catch (error) {
          if (error instanceof ConnectionRefused) return error.status;
          throw error;
        }
      }),
    );
    const accepted = outcomes.filter((o): o is RecordingSocket => o instanceof RecordingSocket);
    const refused = outcomes.filter((o): o is number => typeof o === 'number');
    try {
      expect(accepted).toHaveLength(CAP);
      expect(refused).toEqual(new Array<number>(ATTEMPTS - CAP).fill(429));
      expect(await storedCount(sessionId)).toBe(CAP);
      expect(await listenerRows(sessionId)).toBe(CAP);
    } finally {
      await Promise.all(accepted.map((socket) => socket.close()));
    }

    let count = await storedCount(sessionId);
    for (let waited = 0; count !== 0 && waited < 60_000; waited += 500) {
      await sleep(500);
      count = await storedCount(sessionId);
    }
    expect(count).toBe(0);
    // No orphan rows: every $disconnect removed its row together with its count.
    expect(await listenerRows(sessionId)).toBe(0);
  }, 240_000);
});
