import { DEFAULT_RATE_LIMITS } from '../../config';
import {
  createTestDeps,
  InMemoryRateLimiter,
  seedActiveSession,
  SESSION_ID,
  SPEAKER_ID,
  TEST_SETTINGS,
} from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import type { ConnectRequest } from './request';
import { registerConnection } from './register';
import { countingFailedConnects } from '../rate-limits';

const VENUE_IP = '203.0.113.50';
const OTHER_IP = '198.51.100.7';

function listener(connectionId: string, overrides: Partial<ConnectRequest> = {}): ConnectRequest {
  return {
    connectionId,
    sessionId: SESSION_ID,
    targetLanguage: 'es',
    sourceIp: VENUE_IP,
    requestId: `req-${connectionId}`,
    ...overrides,
  };
}

/** `$connect` as the handler runs it: failures of the guessing kind counted against the address. */
function connect(deps: TestDeps, request: ConnectRequest) {
  return countingFailedConnects(deps, request.sourceIp ?? 'unknown', () => registerConnection(deps, request));
}

function venueDeps(maxListenersPerSession = 500, limits = DEFAULT_RATE_LIMITS): TestDeps {
  return createTestDeps({
    limits: new InMemoryRateLimiter(limits),
    settings: { ...TEST_SETTINGS, maxListenersPerSession },
  });
}

describe('the default limits and a venue behind one address', () => {
  it('lets 500 listeners from one address join one session within 30 s, none refused', async () => {
    // Prepare
    const deps = venueDeps();
    seedActiveSession(deps);

    // Act: one every 60 ms, 30 s in all.
    for (let i = 0; i < 500; i += 1) {
      await connect(deps, listener(`l-${i}`));
      deps.clock.advance(60);
    }

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(500);
  });

  it('still lets the whole hall back in after a network blip within the same minute', async () => {
    // Prepare: 500 joined, then every socket dropped and its $disconnect ran.
    const deps = venueDeps();
    seedActiveSession(deps);
    for (let i = 0; i < 500; i += 1) await connect(deps, listener(`l-${i}`));
    for (let i = 0; i < 500; i += 1) await deps.store.removeConnection(`l-${i}`, deps.clock.now());
    deps.clock.advance(10_000);

    // Act
    for (let i = 0; i < 500; i += 1) await connect(deps, listener(`again-${i}`));

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(500);
  });
});

describe('listenerJoin: new listeners per session', () => {
  const limits = { ...DEFAULT_RATE_LIMITS, listenerJoin: { max: 3, windowSeconds: 60 } };

  it('admits exactly max new listeners to a session in a window, from any addresses, then refuses with retryAfter', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    await connect(deps, listener('l-1'));
    await connect(deps, listener('l-2', { sourceIp: OTHER_IP }));
    deps.clock.advance(20_000);
    await connect(deps, listener('l-3', { sourceIp: '192.0.2.99' }));

    // Act
    const fourth = connect(deps, listener('l-4', { sourceIp: '192.0.2.100' }));

    // Assess
    await expect(fourth).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 40 });
    expect(deps.store.peekConnection('l-4')).toBeUndefined();
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(3);
  });

  it('admits again once the window has passed', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    for (const id of ['l-1', 'l-2', 'l-3']) await connect(deps, listener(id));
    deps.clock.advance(60_000);

    // Act
    await connect(deps, listener('l-4'));

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(4);
  });

  it('counts per session: another session still admits listeners from the same address', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    seedActiveSession(deps, { sessionId: 'quiet-river-101' });
    for (const id of ['l-1', 'l-2', 'l-3']) await connect(deps, listener(id));

    // Act
    await connect(deps, listener('other-1', { sessionId: 'quiet-river-101' }));

    // Assess
    expect(deps.store.peekSession('quiet-river-101')?.listenerCount).toBe(1);
  });

  it('does not count the speaker, refreshes or resumes', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    for (const id of ['l-1', 'l-2', 'l-3']) await connect(deps, listener(id));

    // Act
    await connect(deps, {
      connectionId: 'speaker-1',
      sessionId: SESSION_ID,
      speaker: { userId: SPEAKER_ID, username: 'alice' },
      sourceIp: VENUE_IP,
      requestId: 'r',
    });
    await connect(deps, listener('l-1b', { previousConnectionId: 'l-1' }));
    await connect(deps, listener('l-2b', { resumeConnectionId: 'l-2' }));

    // Assess
    expect(deps.limits.countOf('listenerJoin', SESSION_ID)).toBe(3);
    expect(deps.store.peekSession(SESSION_ID)).toMatchObject({
      listenerCount: 3,
      speakerConnectionId: 'speaker-1',
    });
  });
});

describe('connectionAttempt: every $connect per address (the NAT ceiling)', () => {
  it('with the defaults, accepts 2 000 attempts from one address in a minute and refuses the next', async () => {
    // Prepare: four full sessions behind one address.
    const deps = venueDeps();
    const sessions = ['hall-a-101', 'hall-b-102', 'hall-c-103', 'hall-d-104'];
    for (const sessionId of sessions) seedActiveSession(deps, { sessionId });
    for (let i = 0; i < DEFAULT_RATE_LIMITS.connectionAttempt.max; i += 1) {
      await connect(deps, listener(`l-${i}`, { sessionId: sessions[i % 4] ?? '' }));
    }

    // Act
    const next = connect(deps, listener('one-more', { sessionId: sessions[0] ?? '' }));

    // Assess
    await expect(next).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 60 });
    expect(DEFAULT_RATE_LIMITS.connectionAttempt.max).toBe(2000);
    for (const sessionId of sessions) expect(deps.store.peekSession(sessionId)?.listenerCount).toBe(500);
    expect(deps.store.peekConnection('one-more')).toBeUndefined();
  });
});

describe('failedConnect: failed attempts per address', () => {
  const limits = { ...DEFAULT_RATE_LIMITS, failedConnect: { max: 2, windowSeconds: 60 } };

  it('counts unknown sessions, and once full refuses every attempt of the address, a real session included', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    await expect(connect(deps, listener('g-1', { sessionId: 'made-up-101' }))).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
    });
    deps.clock.advance(15_000);
    await expect(connect(deps, listener('g-2', { sessionId: 'made-up-102' }))).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
    });

    // Act
    const real = connect(deps, listener('l-1'));

    // Assess: the window opened at the first failure.
    await expect(real).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 45 });
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(0);
  });

  it('holds back no other address, nor a verified speaker of the same one', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    for (const id of ['made-up-101', 'made-up-102']) {
      await connect(deps, listener(id, { sessionId: id })).catch(() => undefined);
    }

    // Act
    await connect(deps, listener('l-1', { sourceIp: OTHER_IP }));
    await connect(deps, {
      connectionId: 'speaker-1',
      sessionId: SESSION_ID,
      speaker: { userId: SPEAKER_ID, username: 'alice' },
      sourceIp: VENUE_IP,
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)).toMatchObject({
      listenerCount: 1,
      speakerConnectionId: 'speaker-1',
    });
  });

  it('lets the address in again once the window has passed', async () => {
    // Prepare
    const deps = venueDeps(500, limits);
    seedActiveSession(deps);
    for (const id of ['made-up-101', 'made-up-102']) {
      await connect(deps, listener(id, { sessionId: id })).catch(() => undefined);
    }
    deps.clock.advance(60_000);

    // Act
    await connect(deps, listener('l-1'));

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
  });

  it('counts a refresh of a connection that is not the caller’s, but not an ended or full session', async () => {
    // Prepare
    const deps = venueDeps(1, limits);
    seedActiveSession(deps);
    seedActiveSession(deps, { sessionId: 'over-now-101', status: 'ended' });
    await connect(deps, listener('l-1'));

    // Act
    await expect(connect(deps, listener('l-2'))).rejects.toMatchObject({ code: 'SESSION_FULL' });
    await expect(connect(deps, listener('l-3', { sessionId: 'over-now-101' }))).rejects.toMatchObject({
      code: 'SESSION_ENDED',
    });
    await expect(
      connect(deps, listener('l-4', { previousConnectionId: 'someone-elses' })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Assess
    expect(deps.limits.countOf('failedConnect', VENUE_IP)).toBe(1);
  });
});
