import { HANDSHAKE_GRACE_MS } from './connection-handshake';
import {
  STORES_UNDER_TEST,
  storeUnderTest,
  createSession,
  speakerConnection,
  listener,
} from './testing/stores-under-test.spec-helper';

// The same behaviour, proved twice: DynamoSessionStore against a real DynamoDB Local (condition
// expressions and transactions as DynamoDB runs them, with hundreds of concurrent calls, as when a
// whole audience joins or leaves at once), and the InMemorySessionStore the services' unit tests
// use — so the fake cannot drift from the real store. This file: the listener count and the rows it counts.
// (DynamoDB Local serialises transactions and never reports TransactionConflict; the unit spec covers that.)

describe.each(STORES_UNDER_TEST)('%s', (_name, open) => {
  const sut = storeUnderTest(open);

  it('admits exactly 500 of 600 listeners joining at once and turns the rest away as SESSION_FULL', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const joining = Array.from({ length: 600 }, (_unused, index) => listener(sessionId, index));

    // Act
    const results = await Promise.all(joining.map((connection) => sut.store.addListener(connection, 500)));

    // Assess
    const admitted = results.filter((result) => result.ok).length;
    const refused = results.filter((result) => !result.ok && result.reason === 'SESSION_FULL').length;
    expect(admitted).toBe(500);
    expect(refused).toBe(100);
    expect((await sut.store.getSession(sessionId, Date.now()))?.listenerCount).toBe(500);
    expect(await sut.connectionRowsOf(sessionId)).toBe(500);
    expect(await sut.store.listListeners(sessionId, Date.now())).toHaveLength(500);
  });

  it('brings the count to 0 and leaves no rows when 500 disconnects, some twice, arrive at once', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const connections = Array.from({ length: 300 }, (_unused, index) => listener(sessionId, index));
    const joined = await Promise.all(connections.map((connection) => sut.store.addListener(connection, 500)));
    expect(joined.every((result) => result.ok)).toBe(true);
    const disconnects = [
      ...connections.map((connection) => connection.connectionId),
      ...connections.slice(0, 200).map((connection) => connection.connectionId),
    ];

    // Act
    const removed = await Promise.all(
      disconnects.map((connectionId) => sut.store.removeConnection(connectionId)),
    );

    // Assess
    expect(disconnects).toHaveLength(500);
    expect(removed.filter((connection) => connection !== undefined)).toHaveLength(300);
    expect((await sut.store.getSession(sessionId, Date.now()))?.listenerCount).toBe(0);
    expect(await sut.connectionRowsOf(sessionId)).toBe(0);
  });

  it('keeps the count equal to the rows while listeners join and leave at the same time', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const staying = Array.from({ length: 100 }, (_unused, index) => listener(sessionId, index));
    await Promise.all(staying.map((connection) => sut.store.addListener(connection, 500)));
    const arriving = Array.from({ length: 200 }, (_unused, index) => listener(sessionId, 1000 + index));

    // Act
    await Promise.all([
      ...arriving.map((connection) => sut.store.addListener(connection, 500)),
      ...staying.slice(0, 60).map((connection) => sut.store.removeConnection(connection.connectionId)),
    ]);

    // Assess
    expect((await sut.store.getSession(sessionId, Date.now()))?.listenerCount).toBe(240);
    expect(await sut.connectionRowsOf(sessionId)).toBe(240);
  });

  it('tells an ended session and a missing one apart when refusing a listener', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.updateSession(sessionId, { status: 'ended' }, Date.now());

    // Act
    const toEnded = await sut.store.addListener(listener(sessionId, 1), 500);
    const toMissing = await sut.store.addListener(listener('missing-session-999', 1), 500);

    // Assess
    expect(toEnded).toEqual({ ok: false, reason: 'SESSION_ENDED' });
    expect(toMissing).toEqual({ ok: false, reason: 'SESSION_NOT_FOUND' });
    expect(await sut.connectionRowsOf(sessionId)).toBe(0);
  });

  it('refuses a listener once the session has expired, though its row is still there', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const late = { ...listener(sessionId, 1), connectedAt: Date.now() + 13 * 3_600_000 };

    // Act
    const result = await sut.store.addListener(late, 500);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'SESSION_NOT_FOUND' });
  });

  it('forgets the speaker connection on removal unless a refresh already replaced it', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const nowMs = Date.now();
    const speaker = (connectionId: string) => speakerConnection(sessionId, connectionId, nowMs);
    await sut.store.addSpeaker(speaker('old-speaker'));
    await sut.store.addSpeaker(speaker('new-speaker'));

    // Act
    const removedOld = await sut.store.removeConnection('old-speaker');
    const afterOld = await sut.store.getSession(sessionId, nowMs);
    const removedNew = await sut.store.removeConnection('new-speaker');
    const afterNew = await sut.store.getSession(sessionId, nowMs);

    // Assess
    expect(removedOld?.connectionId).toBe('old-speaker');
    expect(afterOld?.speakerConnectionId).toBe('new-speaker');
    expect(removedNew?.connectionId).toBe('new-speaker');
    expect(afterNew?.speakerConnectionId).toBeUndefined();
  });

  it('removes a connection reported gone only once it is past its handshake, with its count', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const opening = listener(sessionId, 1);
    expect(await sut.store.addListener(opening, 500)).toEqual({ ok: true });

    // Act
    const duringHandshake = await sut.store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS - 1,
    );
    const countDuring = (await sut.store.getSession(sessionId, Date.now()))?.listenerCount;
    const afterHandshake = await sut.store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS + 1,
    );
    const again = await sut.store.removeGoneConnection(
      opening.connectionId,
      opening.connectedAt + HANDSHAKE_GRACE_MS + 2,
    );

    // Assess
    expect(duringHandshake).toBeUndefined();
    expect(countDuring).toBe(1);
    expect(afterHandshake?.connectionId).toBe(opening.connectionId);
    expect(again).toBeUndefined();
    expect((await sut.store.getSession(sessionId, Date.now()))?.listenerCount).toBe(0);
    expect(await sut.connectionRowsOf(sessionId)).toBe(0);
  });

  it('swaps a connection row for its successor without touching the count, once', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const old = listener(sessionId, 1);
    await sut.store.addListener(old, 500);
    const successor = { ...listener(sessionId, 2), targetLanguage: 'fr' };

    // Act
    const swaps = await Promise.all([
      sut.store.replaceConnection(old, successor),
      sut.store.replaceConnection(old, { ...successor, connectionId: `${sessionId}-listener-3` }),
    ]);

    // Assess: exactly one successor took the row; the count still says one listener
    expect(swaps.filter(Boolean)).toHaveLength(1);
    expect(await sut.store.getConnection(old.connectionId, Date.now())).toBeUndefined();
    expect((await sut.store.getSession(sessionId, Date.now()))?.listenerCount).toBe(1);
    expect(await sut.connectionRowsOf(sessionId)).toBe(1);
  });

  it('repoints the session at a speaker connection that replaced the old one', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const nowMs = Date.now();
    const speaker = (connectionId: string) => speakerConnection(sessionId, connectionId, nowMs);
    await sut.store.addSpeaker(speaker('speaker-a'));

    // Act
    const swapped = await sut.store.replaceConnection(speaker('speaker-a'), speaker('speaker-b'));
    const asListener = await sut.store.replaceConnection(speaker('speaker-b'), {
      ...listener(sessionId, 9),
    });

    // Assess: the role must match, so the speaker row cannot become a listener's
    expect([swapped, asListener]).toEqual([true, false]);
    expect((await sut.store.getSession(sessionId, nowMs))?.speakerConnectionId).toBe('speaker-b');
    expect(await sut.connectionRowsOf(sessionId)).toBe(1);
  });
});
