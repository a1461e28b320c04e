import { createTestDeps, seedActiveSession, seedListeners, SESSION_ID } from '../testing/fakes';
import { SWEEP_CONCURRENCY, sweepConnections } from './sweep';

const MINUTE = 60_000;

// The sweep's lifecycle notices: refresh requests and warnings before the 2-hour close.

describe('sweepConnections', () => {
  it('asks a connection to refresh once it is 100 minutes old', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(100 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'connectionRefreshRequired', connectionId: 'l-1', role: 'listener' }),
    ]);
    expect(report.refreshRequested).toBe(1);
  });

  it('asks each connection to refresh only once, however many sweeps follow', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(100 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());
    await sweepConnections(deps, 'sweep-1');

    // Act
    deps.clock.advance(MINUTE);
    const again = await sweepConnections(deps, 'sweep-2');
    deps.clock.advance(MINUTE);
    await sweepConnections(deps, 'sweep-3');

    // Assess
    expect(deps.gateway.recipientsOf('connectionRefreshRequired')).toEqual(['l-1']);
    expect(again.refreshRequested).toBe(0);
  });

  it('sends a wave of refresh notices many at a time, not one after another', async () => {
    // Prepare: 100 listeners that joined together reach the refresh age in the same sweep
    const deps = createTestDeps();
    seedActiveSession(deps);
    const ids = Array.from({ length: 100 }, (_, i) => `l-${i}`);
    await seedListeners(deps, Object.fromEntries(ids.map((id) => [id, 'es'])));
    deps.clock.advance(100 * MINUTE);
    for (const id of ids) await deps.store.touchConnection(id, deps.clock.now());
    let inFlight = 0;
    let mostInFlight = 0;
    const send = deps.gateway.send.bind(deps.gateway);
    jest.spyOn(deps.gateway, 'send').mockImplementation(async (connectionId, message) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return send(connectionId, message);
    });

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report.refreshRequested).toBe(100);
    expect(deps.gateway.recipientsOf('connectionRefreshRequired').sort()).toEqual([...ids].sort());
    expect(mostInFlight).toBe(SWEEP_CONCURRENCY);
  });

  it('paces a wave: notices go to at most noticesPerSweep connections a sweep, the oldest first', async () => {
    // Prepare: 25 listeners joined a second apart, all past the refresh age
    const deps = createTestDeps();
    deps.settings = {
      ...deps.settings,
      lifecycle: { ...deps.settings.lifecycle, noticesPerSweep: 10 },
    };
    seedActiveSession(deps);
    const ids = Array.from({ length: 25 }, (_, i) => `l-${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      await seedListeners(deps, { [id]: 'es' });
      deps.clock.advance(1_000);
    }
    deps.clock.advance(100 * MINUTE);
    for (const id of ids) await deps.store.touchConnection(id, deps.clock.now());

    // Act
    const first = await sweepConnections(deps, 'sweep-1');
    const firstNotified = deps.gateway.recipientsOf('connectionRefreshRequired');
    deps.clock.advance(MINUTE);
    for (const id of ids) await deps.store.touchConnection(id, deps.clock.now());
    const second = await sweepConnections(deps, 'sweep-2');

    // Assess
    expect([...firstNotified].sort()).toEqual(ids.slice(0, 10));
    expect(first).toMatchObject({ refreshRequested: 10, noticesDeferred: 15, listeners: 25 });
    expect(second).toMatchObject({ refreshRequested: 10, noticesDeferred: 5 });
    expect(deps.gateway.recipientsOf('connectionRefreshRequired').slice(10).sort()).toEqual(
      ids.slice(10, 20),
    );
  });

  it('goes on with the other connections when one fails, and repairs no count on a guess', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'es', 'l-3': 'es' });
    deps.clock.advance(100 * MINUTE);
    for (const id of ['l-1', 'l-2', 'l-3']) await deps.store.touchConnection(id, deps.clock.now());
    const claim = deps.store.claimLifecycleNotice.bind(deps.store);
    jest.spyOn(deps.store, 'claimLifecycleNotice').mockImplementation(async (id, ...rest) => {
      if (id === 'l-2') throw new Error('ProvisionedThroughputExceededException');
      return claim(id, ...rest);
    });

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.recipientsOf('connectionRefreshRequired').sort()).toEqual(['l-1', 'l-3']);
    expect(report.countsRepaired).toBe(0);
    expect(report.listeners).toBe(3);
  });

  it('warns with the minutes left from 105 minutes on', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await deps.store.claimLifecycleNotice('l-1', 'refreshRequested', deps.clock.now() + 100 * MINUTE);
    deps.clock.advance(106 * MINUTE + 30_000);
    await deps.store.touchConnection('l-1', deps.clock.now());

    // Act
    await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'connectionWarning', remainingMinutes: 14 }),
    ]);
  });

  it('asks once to refresh and warns once per 5 minutes when swept every minute until the 2-hour close', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    const sentAt: Array<{ minute: number; type: string; remainingMinutes?: number }> = [];

    // Act
    for (let minute = 95; minute < 120; minute += 1) {
      deps.clock.advance((minute === 95 ? 95 : 1) * MINUTE);
      await deps.store.touchConnection('l-1', deps.clock.now());
      const before = deps.gateway.sent.length;
      await sweepConnections(deps, `sweep-${minute}`);
      for (const { message } of deps.gateway.sent.slice(before)) {
        sentAt.push({
          minute,
          type: message.type,
          ...(message.type === 'connectionWarning' ? { remainingMinutes: message.remainingMinutes } : {}),
        });
      }
    }

    // Assess
    expect(sentAt).toEqual([
      { minute: 100, type: 'connectionRefreshRequired' },
      { minute: 105, type: 'connectionWarning', remainingMinutes: 15 },
      { minute: 110, type: 'connectionWarning', remainingMinutes: 10 },
      { minute: 115, type: 'connectionWarning', remainingMinutes: 5 },
    ]);
    expect(deps.store.peekConnection('l-1')).toMatchObject({
      refreshRequestedAt: deps.clock.now() - 19 * MINUTE,
      warnedAt: deps.clock.now() - 4 * MINUTE,
    });
  });

  it('sends the refresh request it missed together with the first warning', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(107 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.messagesTo('l-1').map((message) => message.type)).toEqual([
      'connectionRefreshRequired',
      'connectionWarning',
    ]);
    expect(report).toMatchObject({ refreshRequested: 1, warned: 1 });
  });

  it('sends each notice once when two sweeps overlap', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'fr' });
    deps.clock.advance(105 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());
    await deps.store.touchConnection('l-2', deps.clock.now());

    // Act
    const reports = await Promise.all([sweepConnections(deps, 'sweep-a'), sweepConnections(deps, 'sweep-b')]);

    // Assess
    expect(deps.gateway.recipientsOf('connectionRefreshRequired').sort()).toEqual(['l-1', 'l-2']);
    expect(deps.gateway.recipientsOf('connectionWarning').sort()).toEqual(['l-1', 'l-2']);
    expect(reports.reduce((sum, report) => sum + report.refreshRequested, 0)).toBe(2);
    expect(reports.reduce((sum, report) => sum + report.warned, 0)).toBe(2);
  });

  it('stops at the refresh request when the socket is gone, and removes the row', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(107 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());
    deps.gateway.gone.add('l-1');

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report).toMatchObject({ refreshRequested: 1, warned: 0, removedGone: 1 });
    expect(deps.store.peekConnection('l-1')).toBeUndefined();
  });

  it('removes the row when the socket turns out gone at a warning', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await deps.store.claimLifecycleNotice('l-1', 'refreshRequested', deps.clock.now() + 100 * MINUTE);
    deps.clock.advance(106 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());
    deps.gateway.gone.add('l-1');

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report).toMatchObject({ refreshRequested: 0, warned: 1, removedGone: 1 });
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(0);
  });
});
