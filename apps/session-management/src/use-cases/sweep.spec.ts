import { createLogger } from '@lingocast/logging';
import {
  connectionRow,
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
} from '../testing/fakes';
import { sweepConnections } from './sweep';

const MINUTE = 60_000;

describe('sweepConnections', () => {
  it('logs a warning once the active sessions reach 90 % of the sized maximum', async () => {
    // Prepare: TEST_SETTINGS size for 10 sessions, so 9 reach the threshold.
    const logger = createLogger('sweep-test', 'silent');
    const warn = jest.spyOn(logger, 'warn');
    const deps = createTestDeps({ logger });
    for (let i = 0; i < 9; i += 1) {
      seedActiveSession(deps, { sessionId: `golden-eagle-${100 + i}` });
    }
    const quiet = createTestDeps({ logger: createLogger('sweep-test', 'silent') });
    for (let i = 0; i < 8; i += 1) {
      seedActiveSession(quiet, { sessionId: `golden-eagle-${100 + i}` });
    }
    const quietWarn = jest.spyOn(quiet.logger, 'warn');

    // Act
    await sweepConnections(deps, 'sweep-1');
    await sweepConnections(quiet, 'sweep-2');

    // Assess
    expect(warn).toHaveBeenCalledWith(
      { activeSessions: 9, maxActiveSessions: 10 },
      'active sessions near the sized maximum',
    );
    expect(quietWarn).not.toHaveBeenCalled();
  });

  it('leaves young, active connections alone', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(9 * MINUTE);

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.sent).toEqual([]);
    expect(report).toMatchObject({ activeSessions: 1, listeners: 1, closedIdle: 0 });
  });

  it('times out a connection idle for 10 minutes: connectionTimeout, close, row and count removed', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'fr' });
    deps.clock.advance(10 * MINUTE);
    await deps.store.touchConnection('l-2', deps.clock.now());

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.messagesTo('l-1')).toEqual([expect.objectContaining({ type: 'connectionTimeout' })]);
    expect(deps.gateway.closed).toEqual(['l-1']);
    expect(deps.store.peekConnection('l-1')).toBeUndefined();
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
    expect(report).toMatchObject({ closedIdle: 1, listeners: 1 });
  });

  it('removes a connection whose socket is gone (410) when it tries to reach it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.clock.advance(101 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());
    deps.gateway.gone.add('l-1');

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report.removedGone).toBe(1);
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(0);
  });

  it('repairs a listener count that drifted from the real rows', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps, { listenerCount: 7 });
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'l-1', role: 'listener' }));
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'l-2', role: 'listener' }));

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(2);
    expect(report.countsRepaired).toBe(1);
  });

  it('does not count expired rows that TTL has not deleted yet', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps, { listenerCount: 1 });
    deps.store.seedConnection(
      connectionRow(deps, {
        connectionId: 'l-old',
        role: 'listener',
        ttl: Math.floor(deps.clock.now() / 1000) - 1,
      }),
    );

    // Act
    await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(deps.gateway.sent).toEqual([]);
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(0);
  });

  it('ends a session whose speaker left longer ago than the grace period and tells the listeners', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await deps.store.removeConnection('speaker-conn', deps.clock.now());
    deps.clock.advance(5 * MINUTE);
    await deps.store.touchConnection('l-1', deps.clock.now());

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report.sessionsEnded).toBe(1);
    expect(deps.store.peekSession(SESSION_ID)?.status).toBe('ended');
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'sessionEnded', reason: 'the speaker left' }),
    ]);
  });

  it('keeps a session within the grace period, and one whose speaker came back', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps);
    await deps.store.removeConnection('speaker-conn', deps.clock.now());
    deps.clock.advance(4 * MINUTE);
    const early = await sweepConnections(deps, 'sweep-1');
    await seedSpeaker(deps, 'speaker-back');
    deps.clock.advance(2 * MINUTE);

    // Act
    const later = await sweepConnections(deps, 'sweep-2');

    // Assess
    expect(early.sessionsEnded).toBe(0);
    expect(later.sessionsEnded).toBe(0);
    expect(deps.store.peekSession(SESSION_ID)?.status).toBe('active');
  });

  it('leaves a session whose speaker never connected to its TTL', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    deps.clock.advance(60 * MINUTE);

    // Act
    const report = await sweepConnections(deps, 'sweep-1');

    // Assess
    expect(report).toMatchObject({ sessionsEnded: 0, activeSessions: 1 });
  });
});
