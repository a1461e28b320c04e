import type { DomainError } from '@lingocast/errors';
import { createLogger } from '@lingocast/logging';
import {
  createTestDeps,
  InMemoryRateLimiter,
  ScriptedIds,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import { handleAction } from './actions';
import { registerConnection } from './connection';
import { createSession } from './create-session';
import { LIMITER_FAILURE_RETRY_AFTER_SECONDS, RATE_LIMITER_FAILURE_POLICY } from './rate-limits';

const AUDIO = Buffer.alloc(320).toString('base64');

describe('rate limits', () => {
  it('lets a speaker create exactly the configured number of sessions, then refuses with retryAfter', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ sessionCreation: { max: 2, windowSeconds: 3600 } }),
    });
    deps.ids = new ScriptedIds(['golden-eagle-101', 'golden-eagle-102', 'golden-eagle-103']);
    await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });
    await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });
    deps.clock.advance(600_000);

    // Act
    const third = createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    await expect(third).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3000 });
  });

  it('counts creations per user, so another speaker is not held back', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ sessionCreation: { max: 1, windowSeconds: 3600 } }),
    });
    deps.ids = new ScriptedIds(['golden-eagle-101', 'golden-eagle-102']);
    await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Act
    const other = await createSession(deps, 'someone-else', { sourceLanguage: 'en' });

    // Assess
    expect(other.speakerId).toBe('someone-else');
  });

  it('refuses the connection attempt over the per-IP limit before anything is stored', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ connectionAttempt: { max: 1, windowSeconds: 60 } }),
    });
    seedActiveSession(deps);
    const listener = (connectionId: string) => ({
      connectionId,
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      sourceIp: '198.51.100.7',
      requestId: 'r',
    });
    await registerConnection(deps, listener('l-1'));

    // Act
    const second = registerConnection(deps, listener('l-2'));

    // Assess
    await expect(second).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 60 });
    expect(deps.store.peekConnection('l-2')).toBeUndefined();
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
  });

  it('answers heartbeats over the per-connection limit with RATE_LIMIT_EXCEEDED', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ heartbeat: { max: 2, windowSeconds: 60 } }),
    });
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h1');
    await handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h2');

    // Act
    const third = handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h3');

    // Assess
    await expect(third).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' } satisfies Partial<DomainError>);
    expect(deps.gateway.recipientsOf('heartbeatAck')).toHaveLength(2);
  });

  it('limits audio chunks per second per speaker and forwards nothing over the limit', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ audioChunk: { max: 1, windowSeconds: 1 } }),
    });
    seedActiveSession(deps);
    await seedSpeaker(deps);
    await handleAction(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO }, 'a0');

    // Act
    const second = handleAction(
      deps,
      'speaker-conn',
      { action: 'sendAudio', sequenceNumber: 1, audio: AUDIO },
      'a1',
    );

    // Assess
    await expect(second).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 });
    expect(deps.audio.chunks).toHaveLength(1);
    expect(deps.limits.consumed.at(-1)).toEqual({ limit: 'audioChunk', key: SPEAKER_ID });
  });

  it('lets events through again once the window has passed', async () => {
    // Prepare
    const deps = createTestDeps({
      limits: new InMemoryRateLimiter({ heartbeat: { max: 1, windowSeconds: 60 } }),
    });
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h1');
    deps.clock.advance(60_000);

    // Act
    await handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h2');

    // Assess
    expect(deps.gateway.recipientsOf('heartbeatAck')).toHaveLength(2);
  });
});

describe('when the rate limiter itself fails', () => {
  function failingDeps() {
    const logger = createLogger('rate-limit-test', 'silent');
    const info = jest.spyOn(logger, 'info');
    const deps = createTestDeps({ logger });
    deps.limits.failure = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
    const limiterErrors = () =>
      info.mock.calls
        .map(([fields]) => fields as unknown as Record<string, unknown>)
        .filter((fields) => fields['RateLimiterErrors'] === 1)
        .map((fields) => fields['Limit']);
    return { deps, limiterErrors };
  }

  it('still acknowledges heartbeats, and counts the failure', async () => {
    // Prepare
    const { deps, limiterErrors } = failingDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });

    // Act
    await handleAction(deps, 'l-1', { action: 'heartbeat' }, 'h1');

    // Assess
    expect(deps.gateway.recipientsOf('heartbeatAck')).toEqual(['l-1']);
    expect(limiterErrors()).toEqual(['heartbeat']);
  });

  it('still forwards the speaker’s audio, so a database hiccup does not cut the broadcast', async () => {
    // Prepare
    const { deps, limiterErrors } = failingDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps);

    // Act
    await handleAction(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO }, 'a0');

    // Assess
    expect(deps.audio.chunks).toHaveLength(1);
    expect(deps.gateway.recipientsOf('audioAck')).toEqual(['speaker-conn']);
    expect(limiterErrors()).toEqual(['audioChunk']);
  });

  it('still lets listeners join and speakers reconnect', async () => {
    // Prepare
    const { deps, limiterErrors } = failingDeps();
    seedActiveSession(deps);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      sourceIp: '198.51.100.7',
      requestId: 'r1',
    });
    await registerConnection(deps, {
      connectionId: 'speaker-1',
      sessionId: SESSION_ID,
      speaker: { userId: SPEAKER_ID, username: 'alice' },
      sourceIp: '198.51.100.7',
      requestId: 'r2',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)).toMatchObject({
      listenerCount: 1,
      speakerConnectionId: 'speaker-1',
    });
    // The listener: its address's attempts and failures, the session's joins; the speaker: its attempt.
    expect(limiterErrors()).toEqual([
      'connectionAttempt',
      'failedConnect',
      'listenerJoin',
      'connectionAttempt',
    ]);
  });

  it('still enforces the listener cap, which does not depend on the limiter', async () => {
    // Prepare: TEST_SETTINGS allow 3 listeners.
    const { deps } = failingDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'es', 'l-3': 'fr' });

    // Act
    const fourth = registerConnection(deps, {
      connectionId: 'l-4',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      requestId: 'r',
    });

    // Assess
    await expect(fourth).rejects.toMatchObject({ code: 'SESSION_FULL' });
  });

  it('refuses session creation with SERVICE_UNAVAILABLE and a short retryAfter, storing nothing', async () => {
    // Prepare
    const { deps, limiterErrors } = failingDeps();

    // Act
    const creation = createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    await expect(creation).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: LIMITER_FAILURE_RETRY_AFTER_SECONDS,
    });
    expect(deps.ids.handedOut).toBe(0);
    expect(await deps.store.scanOpenSessions(deps.clock.now())).toEqual([]);
    expect(limiterErrors()).toEqual(['sessionCreation']);
  });

  it('fails open for every limit but session creation', () => {
    // Assess
    expect(RATE_LIMITER_FAILURE_POLICY).toEqual({
      sessionCreation: 'closed',
      listenerJoin: 'open',
      connectionAttempt: 'open',
      failedConnect: 'open',
      heartbeat: 'open',
      audioChunk: 'open',
      replay: 'open',
    });
  });
});
