// What the DynamoSessionStore specs share: a mocked document client and the rows they read and write.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Connection } from '../connection';
import { DynamoSessionStore } from '../dynamo-session-store';
import { newSessionRecord } from '../session-record';
import type { SessionRecord } from '../session-record';

export const db = mockClient(DynamoDBDocumentClient);
export const TABLES = { sessions: 'lingocast-test-sessions', connections: 'lingocast-test-connections' };
export const NOW_MS = Date.parse('2026-11-02T10:00:00.000Z');
export const NOW_SEC = NOW_MS / 1000;

export function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    ...newSessionRecord({
      sessionId: 'golden-eagle-427',
      speakerId: 'speaker-sub',
      sourceLanguage: 'en',
      qualityTier: 'standard',
      nowMs: NOW_MS,
      ttlHours: 12,
    }),
    ...overrides,
  };
}

export function listener(overrides: Partial<Connection> = {}): Connection {
  return {
    connectionId: 'listener-1',
    sessionId: 'golden-eagle-427',
    role: 'listener',
    targetLanguage: 'es',
    connectedAt: NOW_MS,
    lastSeenAt: NOW_MS,
    ttl: NOW_SEC + 7200,
    ...overrides,
  };
}

export function speaker(overrides: Partial<Connection> = {}): Connection {
  return listener({
    connectionId: 'speaker-1',
    role: 'speaker',
    targetLanguage: undefined,
    userId: 'speaker-sub',
    ...overrides,
  });
}

export function cancelled(...codes: string[]): TransactionCanceledException {
  const reasons: CancellationReason[] = codes.map((Code) => ({ Code }));
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });
}

export function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

export function unavailable(): Error {
  return Object.assign(new Error('Service unavailable'), { name: 'InternalServerError' });
}

// Every spec that imports this helper puts back what its tests spied on.
afterEach(() => {
  jest.restoreAllMocks();
});

/** The transaction backoff's sleep, recorded instead of waited. */
export type StoreSleep = jest.Mock<Promise<void>, [number]>;

/** A store over the reset mock, whose conflict backoff records its sleeps instead of waiting. */
export function freshStore(): { store: DynamoSessionStore; sleep: StoreSleep } {
  db.reset();
  const sleep: StoreSleep = jest.fn<Promise<void>, [number]>(async () => undefined);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  return { store: new DynamoSessionStore(client, TABLES, { sleep }), sleep };
}
