import type { DomainError } from '@lingocast/errors';
import { createTestDeps, seedActiveSession, SESSION_ID, SPEAKER_ID } from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import { registerConnection } from './register';
import type { ConnectRequest } from './request';

const speaker = { userId: SPEAKER_ID, username: 'alice' };

function listenerRequest(connectionId: string, targetLanguage = 'es'): ConnectRequest {
  return { connectionId, sessionId: SESSION_ID, targetLanguage, requestId: `req-${connectionId}` };
}

async function listenerCount(deps: TestDeps): Promise<number | undefined> {
  return (await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount;
}

describe('registerConnection', () => {
  describe('for the speaker', () => {
    it('stores the connection, points the session at it and schedules the greeting', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      await registerConnection(deps, {
        connectionId: 'speaker-conn',
        sessionId: SESSION_ID,
        speaker,
        requestId: 'req-1',
      });

      // Assess
      expect(await deps.store.getConnection('speaker-conn', deps.clock.now())).toMatchObject({
        role: 'speaker',
        userId: SPEAKER_ID,
        sessionId: SESSION_ID,
      });
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.speakerConnectionId).toBe(
        'speaker-conn',
      );
      expect(deps.greeter.greeted).toEqual([{ connectionId: 'speaker-conn', requestId: 'req-1' }]);
    });

    it('refuses a speaker who does not own the session with FORBIDDEN', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      const result = registerConnection(deps, {
        connectionId: 'intruder-conn',
        sessionId: SESSION_ID,
        speaker: { userId: 'someone-else', username: 'mallory' },
        requestId: 'req-1',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await deps.store.getConnection('intruder-conn', deps.clock.now())).toBeUndefined();
      expect(deps.greeter.greeted).toEqual([]);
    });

    it('refuses to broadcast to an ended session with SESSION_ENDED', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps, { status: 'ended' });

      // Act
      const result = registerConnection(deps, {
        connectionId: 'speaker-conn',
        sessionId: SESSION_ID,
        speaker,
        requestId: 'r',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    });

    it('refuses an unknown session with SESSION_NOT_FOUND', async () => {
      // Prepare
      const deps = createTestDeps();

      // Act
      const result = registerConnection(deps, {
        connectionId: 'speaker-conn',
        sessionId: 'no-such-100',
        speaker,
        requestId: 'r',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    });
  });

  describe('for a listener', () => {
    it('stores the connection with its language and counts it', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      await registerConnection(deps, listenerRequest('listener-1', 'fr'));

      // Assess
      expect(await deps.store.getConnection('listener-1', deps.clock.now())).toMatchObject({
        role: 'listener',
        targetLanguage: 'fr',
      });
      expect(await listenerCount(deps)).toBe(1);
      expect(deps.greeter.greeted).toEqual([{ connectionId: 'listener-1', requestId: 'req-listener-1' }]);
    });

    it('lets listeners join a paused session', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps, { status: 'paused' });

      // Act
      await registerConnection(deps, listenerRequest('listener-1'));

      // Assess
      expect(await listenerCount(deps)).toBe(1);
    });

    it('requires a target language', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      const result = registerConnection(deps, {
        connectionId: 'listener-1',
        sessionId: SESSION_ID,
        requestId: 'r',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'INVALID_PARAMETERS' });
    });

    it('refuses a target language the provider cannot serve with UNSUPPORTED_LANGUAGE', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      const result = registerConnection(deps, listenerRequest('listener-1', 'ko'));

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
      expect(await listenerCount(deps)).toBe(0);
    });

    it('refuses the listener beyond capacity with SESSION_FULL and leaves the count at the maximum', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      const max = deps.settings.maxListenersPerSession;
      for (let index = 0; index < max; index += 1)
        await registerConnection(deps, listenerRequest(`listener-${index}`));

      // Act
      const result = registerConnection(deps, listenerRequest('one-too-many'));

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_FULL' });
      expect(await listenerCount(deps)).toBe(max);
      expect(await deps.store.getConnection('one-too-many', deps.clock.now())).toBeUndefined();
    });

    it('admits exactly the capacity when listeners connect concurrently', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      const attempts = Array.from({ length: 10 }, (_, index) => listenerRequest(`listener-${index}`));

      // Act
      const results = await Promise.allSettled(attempts.map((request) => registerConnection(deps, request)));

      // Assess
      const refused = results.filter((result) => result.status === 'rejected');
      expect(results.length - refused.length).toBe(deps.settings.maxListenersPerSession);
      expect(refused.every((result) => (result.reason as DomainError).code === 'SESSION_FULL')).toBe(true);
      expect(await listenerCount(deps)).toBe(deps.settings.maxListenersPerSession);
    });

    it('refuses an ended session with SESSION_ENDED', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps, { status: 'ended' });

      // Act
      const result = registerConnection(deps, listenerRequest('listener-1'));

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    });

    it('says paused, not ended, when the store refuses a listener because the session is paused', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps, { status: 'paused' });
      jest.spyOn(deps.store, 'addListener').mockResolvedValue({ ok: false, reason: 'SESSION_NOT_ACTIVE' });

      // Act
      const result = registerConnection(deps, listenerRequest('listener-1'));

      // Assess
      await expect(result).rejects.toMatchObject({
        code: 'SESSION_NOT_ACTIVE',
        message: `session '${SESSION_ID}' is paused`,
      });
      expect(deps.greeter.greeted).toEqual([]);
    });

    it('refuses an unknown session with SESSION_NOT_FOUND', async () => {
      // Prepare
      const deps = createTestDeps();

      // Act
      const result = registerConnection(deps, listenerRequest('listener-1'));

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    });

    it('treats an expired session as unknown even before TTL deletes it', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.clock.advance(13 * 3_600_000);

      // Act
      const result = registerConnection(deps, listenerRequest('listener-1'));

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    });
  });
});
