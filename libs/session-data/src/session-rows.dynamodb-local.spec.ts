import {
  STORES_UNDER_TEST,
  storeUnderTest,
  createSession,
  speakerConnection,
  listener,
} from './testing/stores-under-test.spec-helper';

// The same behaviour, proved twice (see session-stores.dynamodb-local.spec.ts): the rows' own
// fields, the listeners index, session updates, lifecycle-notice claims and the health check.

describe.each(STORES_UNDER_TEST)('%s', (_name, open) => {
  const sut = storeUnderTest(open);

  it('moves a listener to another language in the listeners index', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.addListener(listener(sessionId, 1, 'es'), 500);
    await sut.store.addListener(listener(sessionId, 2, 'es'), 500);

    // Act
    await sut.store.changeListenerLanguage(`${sessionId}-listener-2`, 'fr');

    // Assess
    const spanish = await sut.store.listListeners(sessionId, Date.now(), 'es');
    const french = await sut.store.listListeners(sessionId, Date.now(), 'fr');
    expect(spanish.map((connection) => connection.connectionId)).toEqual([`${sessionId}-listener-1`]);
    expect(french.map((connection) => connection.connectionId)).toEqual([`${sessionId}-listener-2`]);
  });

  it('switches a listener to captions only and back, keeping its language and its place in the index', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.addListener(listener(sessionId, 1, 'es'), 500);

    // Act
    await sut.store.setCaptionsOnly(`${sessionId}-listener-1`, true);
    const captionsOnly = await sut.store.listListeners(sessionId, Date.now(), 'es');
    await sut.store.changeListenerLanguage(`${sessionId}-listener-1`, 'fr');
    const moved = await sut.store.listListeners(sessionId, Date.now(), 'fr');
    await sut.store.setCaptionsOnly(`${sessionId}-listener-1`, false);
    const withAudio = await sut.store.getConnection(`${sessionId}-listener-1`, Date.now());

    // Assess
    expect(captionsOnly).toEqual([expect.objectContaining({ targetLanguage: 'es', captionsOnly: true })]);
    expect(moved).toEqual([expect.objectContaining({ targetLanguage: 'fr', captionsOnly: true })]);
    expect(withAudio).toMatchObject({ targetLanguage: 'fr', captionsOnly: false });
  });

  it('refuses captions-only mode for a speaker and for a connection that is gone', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.addSpeaker(speakerConnection(sessionId, `${sessionId}-speaker`, Date.now()));

    // Act
    const speaker = sut.store.setCaptionsOnly(`${sessionId}-speaker`, true);
    const gone = sut.store.setCaptionsOnly(`${sessionId}-nobody`, true);

    // Assess
    await expect(speaker).rejects.toThrow();
    await expect(gone).rejects.toThrow();
    expect(await sut.store.getConnection(`${sessionId}-speaker`, Date.now())).not.toHaveProperty(
      'captionsOnly',
    );
  });

  it('switches a listener’s live captions on and off, keeping its language, its mode and its place in the index', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.addListener(listener(sessionId, 1, 'es'), 500);
    await sut.store.setCaptionsOnly(`${sessionId}-listener-1`, true);

    // Act
    await sut.store.setLiveCaptions(`${sessionId}-listener-1`, true);
    const live = await sut.store.listListeners(sessionId, Date.now());
    await sut.store.setLiveCaptions(`${sessionId}-listener-1`, false);
    const off = await sut.store.getConnection(`${sessionId}-listener-1`, Date.now());

    // Assess
    expect(live).toEqual([
      expect.objectContaining({ targetLanguage: 'es', captionsOnly: true, liveCaptions: true }),
    ]);
    expect(off).toMatchObject({ targetLanguage: 'es', captionsOnly: true, liveCaptions: false });
  });

  it('refuses live captions for a speaker and for a connection that is gone', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    await sut.store.addSpeaker(speakerConnection(sessionId, `${sessionId}-speaker`, Date.now()));

    // Act
    const speaker = sut.store.setLiveCaptions(`${sessionId}-speaker`, true);
    const gone = sut.store.setLiveCaptions(`${sessionId}-nobody`, true);

    // Assess
    await expect(speaker).rejects.toThrow();
    await expect(gone).rejects.toThrow();
    expect(await sut.store.getConnection(`${sessionId}-speaker`, Date.now())).not.toHaveProperty(
      'liveCaptions',
    );
  });

  it('keeps speakers out of the listeners index', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);
    const nowMs = Date.now();
    await sut.store.addSpeaker(speakerConnection(sessionId, `${sessionId}-speaker`, nowMs));

    // Act
    const indexed = await sut.listenerIndexOf(sessionId);

    // Assess
    expect(indexed).toEqual([]);
    expect((await sut.store.getSession(sessionId, nowMs))?.speakerConnectionId).toBe(`${sessionId}-speaker`);
  });

  it('updates a session and says so only when it exists', async () => {
    // Prepare
    const sessionId = await createSession(sut.store);

    // Act
    const updated = await sut.store.updateSession(
      sessionId,
      { status: 'paused', broadcastState: { paused: true, muted: false, volume: 0.5 } },
      Date.parse('2030-01-01T00:00:00.000Z'),
    );
    const missing = await sut.store.updateSession('missing-session-998', { status: 'paused' }, Date.now());

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
    const sessionId = await createSession(sut.store);
    const row = listener(sessionId, 1);
    await sut.store.addListener(row, 500);
    const nowMs = Date.now();

    // Act
    const refreshClaims = await Promise.all(
      Array.from({ length: 20 }, () =>
        sut.store.claimLifecycleNotice(row.connectionId, 'refreshRequested', nowMs),
      ),
    );
    const warningClaims = await Promise.all(
      Array.from({ length: 20 }, () =>
        sut.store.claimLifecycleNotice(row.connectionId, 'warned', nowMs, 300_000),
      ),
    );
    const refreshLater = await sut.store.claimLifecycleNotice(
      row.connectionId,
      'refreshRequested',
      nowMs + 600_000,
    );
    const warningTooSoon = await sut.store.claimLifecycleNotice(
      row.connectionId,
      'warned',
      nowMs + 299_999,
      300_000,
    );
    const warningLater = await sut.store.claimLifecycleNotice(
      row.connectionId,
      'warned',
      nowMs + 300_000,
      300_000,
    );
    const goneRow = await sut.store.claimLifecycleNotice('no-such-connection', 'warned', nowMs, 300_000);

    // Assess
    expect(refreshClaims.filter(Boolean)).toHaveLength(1);
    expect(warningClaims.filter(Boolean)).toHaveLength(1);
    expect([refreshLater, warningTooSoon, warningLater, goneRow]).toEqual([false, false, true, false]);
    expect(await sut.store.getConnection(row.connectionId, nowMs)).toMatchObject({
      refreshRequestedAt: nowMs,
      warnedAt: nowMs + 300_000,
    });
    expect(await sut.connectionRowsOf(sessionId)).toBe(1);
  });

  it('answers a health check', async () => {
    // Act
    const healthy = await sut.store.ping();

    // Assess
    expect(healthy).toBe(true);
  });
});
