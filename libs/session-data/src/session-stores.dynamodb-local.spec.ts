import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_BY_SESSION_LANGUAGE_INDEX } from '@lingocast/tables';
import type { Connection } from './connection';
import { DynamoSessionStore } from './dynamo-session-store';
import { InMemorySessionStore } from './testing';
import { newSessionRecord } from './session-record';
import type { SessionMaintenanceStore, SessionStore } from './session-store';
import { HANDSHAKE_GRACE_MS } from './connection-handshake';
import { startLocalDynamoDb } from './testing/dynamodb-local.spec-helper';
import type { LocalDynamoDb } from './testing/dynamodb-local.spec-helper';

// The same behaviour, proved twice: DynamoSessionStore against a real DynamoDB Local (condition
// expressions and transactions as DynamoDB runs them, with hundreds of concurrent calls, as when a
// whole audience joins or leaves at once), and the InMemorySessionStore the services' unit tests
// use — so the fake cannot drift from the real store.
// (DynamoDB Local serialises transactions and never reports TransactionConflict; the unit spec covers that.)

jest.setTimeout(90_000);

/** A store under test, and how to look at its rows without going through it. */
interface StoreUnderTest {
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

afterAll(async () => {
  await ddb?.stop();
});

describe.each([
  ['DynamoSessionStore on DynamoDB Local', onDynamoDbLocal],
  ['InMemorySessionStore', inMemory],
])('%s', (_name, open) => {
  let store: SessionStore & SessionMaintenanceStore;
  let connectionRowsOf: StoreUnderTest['connectionRowsOf'];
  let listenerIndexOf: StoreUnderTest['listenerIndexOf'];
  let sessionNumber = 100;

  beforeAll(async () => {
    ({ store, connectionRowsOf, listenerIndexOf } = await open());
  });

  /** A new active session with a fresh id, expiring in 12 hours. */
  async function createSession(): Promise<string> {
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

  function speakerConnection(sessionId: string, connectionId: string, nowMs: number): Connection {
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

  function listener(sessionId: string, index: number, targetLanguage = 'es'): Connection {
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

  it('admits exactly 500 of 600 listeners joining at once and turns the rest away as SESSION_FULL', async () => {
    // Prepare
    const sessionId = await createSession();
    const joining = Array.from({ length: 600 }, (_unused, index) => listener(sessionId, index));

    // Act
    const results = await Promise.all(joining.map((connection) => store.addListener(connection, 500)));

    // Assess
    const admitted = results.filter((result) => result.ok).length;
    const refused = results.filter((result) => !result.ok && result.reason === 'SESSION_FULL').length;
    expect(admitted).toBe(500);
    expect(refused).toBe(100);
    expect((await store.getSession(sessionId, Date.now()))?.listenerCount).toBe(500);
    expect(await connectionRowsOf(sessionId)).toBe(500);
    expect(await store.listListeners(sessionId, Date.now())).toHaveLength(500);
  });

  it('brings the count to 0 and leaves no rows when 500 disconnects, some twice, arrive at once', async () => {
    // Prepare
    const sessionId = await createSession();
    const connections = Array.from({ length: 300 }, (_unused, index) => listener(sessionId, index));
    const joined = await Promise.all(connections.map((connection) => store.addListener(connection, 500)));
    expect(joined.every((result) => result.ok)).toBe(true);
    const disconnects = [
      ...connections.map((connection) => connection.connectionId),
      ...connections.slice(0, 200).map((connection) => connection.connectionId),
    ];

    // Act
    const removed = await Promise.all(
      disconnects.map((connectionId) => store.removeConnection(connectionId)),
    );

    // Assess
    expect(disconnects).toHaveLength(500);
    expect(removed.filter((connection) => connection !== undefined)).toHaveLength(300);
    expect((await store.getSession(sessionId, Date.now()))?.listenerCount).toBe(0);
    expect(await connectionRowsOf(sessionId)).toBe(0);
  });

  it('keeps the count equal to the rows while listeners join and leave at the same time', async () => {
    // Prepare
    const sessionId = await createSession();
    const staying = Array.from({ length: 100 }, (_unused, index) => listener(sessionId, index));
    await Promise.all(staying.map((connection) => store.addListener(connection, 500)));
    const arriving = Array.from({ length: 200 }, (_unused, index) => listener(sessionId, 1000 + index));

    // Act
    await Promise.all([
      ...arriving.map((connection) => store.addListener(connection, 500)),
      ...staying.slice(0, 60).map((connection) => store.removeConnection(connection.connectionId)),
    ]);

    // Assess
    expect((await store.getSession(sessionId, Date.now()))?.listenerCount).toBe(240);
    expect(await connectionRowsOf(sessionId)).toBe(240);
  });

  it('tells an ended session and a missing one apart when refusing a listener', async () => {
    // Prepare
    const sessionId = await createSession();
    await store.updateSession(sessionId, { status: 'ended' }, Date.now());

    // Act
    const toEnded = await store.addListener(listener(sessionId, 1), 500);
    const toMissing = await store.addListener(listener('missing-session-999', 1), 500);

    // Assess
    expect(toEnded).toEqual({ ok: false, reason: 'SESSION_ENDED' });
    expect(toMissing).toEqual({ ok: false, reason: 'SESSION_NOT_FOUND' });
    expect(await connectionRowsOf(sessionId)).toBe(0);
  });

  it('refuses a listener once the session has expired, though its row is still there', async () => {
    // Prepare
    const sessionId = await createSession();
    const late = { ...listener(sessionId, 1), connectedAt: Date.now() + 13 * 3_600_000 };

    // Act
    const result = await store.addListener(late, 500);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'SESSION_NOT_FOUND' });
  });

  it('moves a listener to another language in the listeners index', async () => {
    // Prepare
    const sessionId = await createSession();
    await store.addListener(listener(sessionId, 1, 'es'), 500);
    await store.addListener(listener(sessionId, 2, 'es'), 500);

    // Act
    await store.changeListenerLanguage(`${sessionId}-listener-2`, 'fr');

    // Assess
    const spanish = await store.listListeners(sessionId, Date.now(), 'es');
    const french = await store.listListeners(sessionId, Date.now(), 'fr');
    expect(spanish.map((connection) => connection.connectionId)).toEqual([`${sessionId}-listener-1`]);
    expect(french.map((connection) => connection.connectionId)).toEqual([`${sessionId}-listener-2`]);
  });

  it('switches a listener to captions only and back, keeping its language and its place in the index', async () => {
    // Prepare
    const sessionId = await createSession();
    await store.addListener(listener(sessionId, 1, 'es'), 500);

    // Act
    await store.setCaptionsOnly(`${sessionId}-listener-1`, true);
    const captionsOnly = await store.listListeners(sessionId, Date.now(), 'es');
    await store.changeListenerLanguage(`${sessionId}-listener-1`, 'fr');
    const moved = await store.listListeners(sessionId, Date.now(), 'fr');
    await store.setCaptionsOnly(`${sessionId}-listener-1`, false);
    const withAudio = await store.getConnection(`${sessionId}-listener-1`, Date.now());

    // Assess
    expect(captionsOnly).toEqual([expect.objectContaining({ targetLanguage: 'es', captionsOnly: true })]);
    expect(moved).toEqual([expect.objectContaining({ targetLanguage: 'fr', captionsOnly: true })]);
    expect(withAudio).toMatchObject({ targetLanguage: 'fr', captionsOnly: false });
  });

  it('refuses captions-only mode for a speaker and for a connection that is gone', async () => {
    // Prepare
    const sessionId = await createSession();
    await store.addSpeaker(speakerConnection(sessionId, `${sessionId}-speaker`, Date.now()));

    // Act
    const speaker = store.setCaptionsOnly(`${sessionId}-speaker`, true);
    const gone = store.setCaptionsOnly(`${sessionId}-nobody`, true);

    // Assess
    await expect(speaker).rejects.toThrow();
    await expect(gone).rejects.toThrow();
    expect(await store.getConnection(`${sessionId}-speaker`, Date.now())).not.toHaveProperty('captionsOnly');
  });

  it('keeps speakers out of the listeners index', async () => {
    // Prepare
    const sessionId = await createSession();
    const nowMs = Date.now();
    await store.addSpeaker(speakerConnection(sessionId, `${sessionId}-speaker`, nowMs));

    // Act
    const indexed = await listenerIndexOf(sessionId);

    // Assess
    expect(indexed).toEqual([]);
    expect((await store.getSession(sessionId, nowMs))?.speakerConnectionId).toBe(`${sessionId}-speaker`);
  });

  it('forgets the speaker connection on removal unless a refresh already replaced it', async () => {
    // Prepare
    const sessionId = await createSession();
    const nowMs = Date.now();
    const speaker = (connectionId: string) => speakerConnection(sessionId, connectionId, nowMs);
    await store.addSpeaker(speaker('old-speaker'));
    await store.addSpeaker(speaker('new-speaker'));

    // Act
    const removedOld = await store.removeConnection('old-speaker');
    const afterOld = await store.getSession(sessionId, nowMs);
    const removedNew = await store.removeConnection('new-speaker');
    const afterNew = await store.getSession(sessionId, nowMs);

    // Assess
    expect(removedOld?.connectionId).toBe('old-speaker');
    expect(afterOld?.speakerConnectionId).toBe('new-speaker');
    expect(removedNew?.connectionId).toBe('new-speaker');
    expect(afterNew?.speakerConnectionId).toBeUndefined();
  });

  it('removes a connection reported gone only once it is past its handshake, with its count', async () => {
    // Prepare
    const sessionId = await createSession();
    const opening = listener(sessionId, 1);
    expect(await store.addListener(opening, 500)).toEqual({ ok: true });

    // Act
    const duringHandshake = await store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS - 1,
    );
    const countDuring = (await store.getSession(sessionId, Date.now()))?.listenerCount;
    const afterHandshake = await store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS + 1,
    );
    const again = await store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS + 2,
    );

    // Assess
    expect(duringHandshake).toBeUndefined();
    expect(countDuring).toBe(1);
    expect(afterHandshake?.connectionId).toBe(opening.connectionId);
    expect(again).toBeUndefined();
    expect((await store.getSession(sessionId, Date.now()))?.listenerCount).toBe(0);
    expect(await connectionRowsOf(sessionId)).toBe(0);
  });

  it('updates a session and says so only when it exists', async () => {
    // Prepare
    const sessionId = await createSession();

    // Act
    const updated = await store.updateSession(
      sessionId,
      { status: 'paused', broadcastState: { paused: true, muted: false, volume: 0.5 } },
      Date.parse('2030-01-01T00:00:00.000Z'),
    );
    const missing = await store.updateSession('missing-session-998', { status: 'paused' }, Date.now());

    // Assess
    expect(updated).toMatchObject({
      sessionId,
      status: 'paused',
      broadcastState: { paused: true, muted: false, volume: 0.5 },
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(missing).toBeUndefined();
  });

  it('lets exactly one of many concurrent sweeps claim a lifecycle notice, and a repeating one again later', async () => {
    // Prepare
    const sessionId = await createSession();
    const row = listener(sessionId, 1);
    await store.addListener(row, 500);
    const nowMs = Date.now();

    // Act
    const refreshClaims = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.claimLifecycleNotice(row.connectionId, 'refreshRequested', nowMs),
      ),
    );
    const warningClaims = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.claimLifecycleNotice(row.connectionId, 'warned', nowMs, 300_000),
      ),
    );
    const refreshLater = await store.claimLifecycleNotice(
      row.connectionId,
      'refreshRequested',
      nowMs + 600_000,
    );
    const warningTooSoon = await store.claimLifecycleNotice(
      row.connectionId,
      'warned',
      nowMs + 299_999,
      300_000,
    );
    const warningLater = await store.claimLifecycleNotice(
      row.connectionId,
      'warned',
      nowMs + 300_000,
      300_000,
    );
    const goneRow = await store.claimLifecycleNotice('no-such-connection', 'warned', nowMs, 300_000);

    // Assess
    expect(refreshClaims.filter(Boolean)).toHaveLength(1);
    expect(warningClaims.filter(Boolean)).toHaveLength(1);
    expect([refreshLater, warningTooSoon, warningLater, goneRow]).toEqual([false, false, true, false]);
    expect(await store.getConnection(row.connectionId, nowMs)).toMatchObject({
      refreshRequestedAt: nowMs,
      warnedAt: nowMs + 300_000,
    });
    expect(await connectionRowsOf(sessionId)).toBe(1);
  });

  it('swaps a connection row for its successor without touching the count, once', async () => {
    // Prepare
    const sessionId = await createSession();
    const old = listener(sessionId, 1);
    await store.addListener(old, 500);
    const successor = { ...listener(sessionId, 2), targetLanguage: 'fr' };

    // Act
    const swaps = await Promise.all([
      store.replaceConnection(old, successor),
      store.replaceConnection(old, { ...successor, connectionId: `${sessionId}-listener-3` }),
    ]);

    // Assess: exactly one successor took the row; the count still says one listener
    expect(swaps.filter(Boolean)).toHaveLength(1);
    expect(await store.getConnection(old.connectionId, Date.now())).toBeUndefined();
    expect((await store.getSession(sessionId, Date.now()))?.listenerCount).toBe(1);
    expect(await connectionRowsOf(sessionId)).toBe(1);
  });

  it('repoints the session at a speaker connection that replaced the old one', async () => {
    // Prepare
    const sessionId = await createSession();
    const nowMs = Date.now();
    const speaker = (connectionId: string) => speakerConnection(sessionId, connectionId, nowMs);
    await store.addSpeaker(speaker('speaker-a'));

    // Act
    const swapped = await store.replaceConnection(speaker('speaker-a'), speaker('speaker-b'));
    const asListener = await store.replaceConnection(speaker('speaker-b'), {
      ...listener(sessionId, 9),
    });

    // Assess: the role must match, so the speaker row cannot become a listener's
    expect([swapped, asListener]).toEqual([true, false]);
    expect((await store.getSession(sessionId, nowMs))?.speakerConnectionId).toBe('speaker-b');
    expect(await connectionRowsOf(sessionId)).toBe(1);
  });

  it('answers a health check', async () => {
    // Act
    const healthy = await store.ping();

    // Assess
    expect(healthy).toBe(true);
  });
});
