// The two SessionStores the behavioural specs prove alike: DynamoSessionStore on DynamoDB Local and
// the InMemorySessionStore the services' unit tests use, with the rows both specs create.
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX } from '@lingocast/tables';
import type { Connection } from '../connection';
import { DynamoSessionStore } from '../dynamo-session-store';
import { newSessionRecord } from '../session-record';
import type { SessionMaintenanceStore, SessionStore } from '../session-store';
import { startLocalDynamoDb } from './dynamodb-local.spec-helper';
import type { LocalDynamoDb } from './dynamodb-local.spec-helper';
import { InMemorySessionStore } from './in-memory-session-store';

/** A store under test, and how to look at its rows without going through it. */
export interface StoreUnderTest {
  store: SessionStore & SessionMaintenanceStore;
  /** Connection rows of a session, expired or not. */
  connectionRowsOf(sessionId: string): Promise<number>;
  /** Rows of a session in the listeners-by-language index. */
  listenerIndexOf(sessionId: string): Promise<unknown[]>;
}

let ddb: LocalDynamoDb;

async function onDynamoDbLocal(): Promise<StoreUnderTest> {
  ddb = await startLocalDynamoDb();
  const names = await ddb.createTables('it', ['sessions', 'connections']);
  const tables = { sessions: String(names['sessions']), connections: String(names['connections']) };
  return {
    store: new DynamoSessionStore(ddb.documentClient, tables),
    connectionRowsOf: async (sessionId) => {
      const { Items } = await ddb.documentClient.send(
        new ScanCommand({
          TableName: tables.connections,
          FilterExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
          ConsistentRead: true,
        }),
      );
      return Items?.length ?? 0;
    },
    listenerIndexOf: async (sessionId) => {
      const { Items } = await ddb.documentClient.send(
        new QueryCommand({
          TableName: tables.connections,
          IndexName: CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
          KeyConditionExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
        }),
      );
      return Items ?? [];
    },
  };
}

async function inMemory(): Promise<StoreUnderTest> {
  const store = new InMemorySessionStore();
  return {
    store,
    connectionRowsOf: async (sessionId) =>
      (await store.scanConnections(0)).filter((row) => row.sessionId === sessionId).length,
    listenerIndexOf: (sessionId) => store.listListeners(sessionId, 0),
  };
}

/** Both stores, for `describe.each`. */
export const STORES_UNDER_TEST: Array<[string, () => Promise<StoreUnderTest>]> = [
  ['DynamoSessionStore on DynamoDB Local', onDynamoDbLocal],
  ['InMemorySessionStore', inMemory],
];

// A spec that imports this helper talks to DynamoDB Local (a Java process), and stops it after all.
jest.setTimeout(90_000);
afterAll(async () => {
  await ddb?.stop();
});

/**
 * The store `open` gives, opened before the describe block's tests (the object is filled in then).
 *
 * @example
 * describe.each(STORES_UNDER_TEST)('%s', (_name, open) => { const sut = storeUnderTest(open); … });
 */
export function storeUnderTest(open: () => Promise<StoreUnderTest>): StoreUnderTest {
  const sut = {} as StoreUnderTest;
  beforeAll(async () => {
    Object.assign(sut, await open());
  });
  return sut;
}

let sessionNumber = 100;

/** A new active session with a fresh id, expiring in 12 hours. */
export async function createSession(store: SessionStore): Promise<string> {
  sessionNumber += 1;
  const record = newSessionRecord({
    sessionId: `golden-eagle-${sessionNumber}`,
    speakerId: 'speaker-sub',
    sourceLanguage: 'en',
    qualityTier: 'standard',
    nowMs: Date.now(),
    ttlHours: 12,
  });
  expect(await store.createSession(record)).toBe(true);
  return record.sessionId;
}

/** The speaker's connection row. */
export function speakerConnection(sessionId: string, connectionId: string, nowMs: number): Connection {
  return {
    connectionId,
    sessionId,
    role: 'speaker',
    userId: 'speaker-sub',
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: Math.floor(nowMs / 1000) + 7200,
  };
}

/** A listener's connection row, connected now. */
export function listener(sessionId: string, index: number, targetLanguage = 'es'): Connection {
  const nowMs = Date.now();
  return {
    connectionId: `${sessionId}-listener-${index}`,
    sessionId,
    role: 'listener',
    targetLanguage,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: Math.floor(nowMs / 1000) + 7200,
  };
}
