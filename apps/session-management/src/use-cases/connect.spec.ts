import type { DomainError } from '@lingocast/errors';
import {
  connectionRow,
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import {
  greetConnection,
  greetOrForget,
  greetWhenOpen,
  registerConnection,
  unregisterConnection,
} from './connect';
import type { ConnectRequest } from './connect';

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

describe('unregisterConnection', () => {
  it('removes a listener and decrements the count', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const removed = await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(removed?.connectionId).toBe('listener-1');
    expect(await listenerCount(deps)).toBe(1);
    expect(await deps.store.getConnection('listener-1', deps.clock.now())).toBeUndefined();
  });

  it('decrements the count once when the same disconnect is delivered twice', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const first = await unregisterConnection(deps, 'listener-1', 'req-1');
    const second = await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(first?.connectionId).toBe('listener-1');
    expect(second).toBeUndefined();
    expect(await listenerCount(deps)).toBe(1);
  });

  it('decrements the count once when duplicate disconnects run concurrently', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });

    // Act
    const removals = await Promise.all(
      [1, 2, 3].map(() => unregisterConnection(deps, 'listener-1', 'req-1')),
    );

    // Assess
    expect(removals.filter((removed) => removed !== undefined)).toHaveLength(1);
    expect(await listenerCount(deps)).toBe(1);
  });

  it('never takes the count below zero', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'orphan', role: 'listener' }));

    // Act
    await unregisterConnection(deps, 'orphan', 'req-1');

    // Assess
    expect(await listenerCount(deps)).toBe(0);
    expect(await deps.store.getConnection('orphan', deps.clock.now())).toBeUndefined();
  });

  it('closes the utterance in progress when the speaker leaves, keeping the session open', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await unregisterConnection(deps, 'speaker-conn', 'req-9');

    // Assess
    expect(deps.audio.flushes).toEqual([
      {
        sessionId: SESSION_ID,
        sourceLanguage: 'en',
        speakerConnectionId: 'speaker-conn',
        requestId: 'req-9',
      },
    ]);
    const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
    expect(session?.status).toBe('active');
    expect(session?.speakerConnectionId).toBeUndefined();
  });

  it('flushes the audio once when the speaker disconnect is delivered twice', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await unregisterConnection(deps, 'speaker-conn', 'req-9');
    await unregisterConnection(deps, 'speaker-conn', 'req-9');

    // Assess
    expect(deps.audio.flushes).toHaveLength(1);
  });

  it('does not flush when a listener leaves', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    await unregisterConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(deps.audio.flushes).toEqual([]);
  });

  it('forgets the speaker row without flushing when the session no longer exists', async () => {
    // Prepare
    const deps = createTestDeps();
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'speaker-conn', role: 'speaker' }));

    // Act
    const removed = await unregisterConnection(deps, 'speaker-conn', 'req-1');

    // Assess
    expect(removed?.role).toBe('speaker');
    expect(deps.audio.flushes).toEqual([]);
  });
});

describe('greetConnection', () => {
  it('sends sessionJoined with the session state to a listener', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'fr' });

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      {
        type: 'sessionJoined',
        timestamp: deps.clock.now(),
        requestId: 'req-1',
        sessionId: SESSION_ID,
        role: 'listener',
        connectionId: 'listener-1',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
        status: 'active',
        broadcastState: { paused: false, muted: false, volume: 1 },
        listenerCount: 1,
        captionsOnly: false,
      },
    ]);
  });

  it('greets the speaker without a target language', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await greetConnection(deps, 'speaker-conn', 'req-1');

    // Assess
    const [joined] = deps.gateway.messagesTo('speaker-conn');
    expect(joined).toMatchObject({ type: 'sessionJoined', role: 'speaker' });
    expect(joined).not.toHaveProperty('targetLanguage');
    expect(joined).not.toHaveProperty('captionsOnly');
  });

  it('answers false when the connection is not registered', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    const greeted = await greetConnection(deps, 'unknown', 'req-1');

    // Assess
    expect(greeted).toBe(false);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('answers false when the session is gone', async () => {
    // Prepare
    const deps = createTestDeps();
    deps.store.seedConnection(connectionRow(deps, { connectionId: 'listener-1', role: 'listener' }));

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(false);
  });

  it('answers false when the connection is already gone at the gateway', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });
    deps.gateway.gone.add('listener-1');

    // Act
    const greeted = await greetConnection(deps, 'listener-1', 'req-1');

    // Assess
    expect(greeted).toBe(false);
  });
});

describe('greetWhenOpen', () => {
  it('tries until the deadline on the injected clock, then gives up', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.gateway.gone.add('l-1');
    const started = deps.clock.now();

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(false);
    expect(deps.clock.now() - started).toBe(1_000);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('tries again after a post that failed, and reports the failure only if it never got through', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'es' });
    const send = deps.gateway.send.bind(deps.gateway);
    let failuresLeft = 2;
    jest.spyOn(deps.gateway, 'send').mockImplementation(async (connectionId, message) => {
      if (connectionId === 'l-2' || failuresLeft-- > 0)
        throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      return send(connectionId, message);
    });

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });
    const never = greetWhenOpen(deps, 'l-2', 'req-2', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['l-1']);
    await expect(never).rejects.toThrow('timed out');
  });

  it('greets as soon as the socket accepts messages', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    deps.gateway.gone.add('l-1');
    jest.spyOn(deps.clock, 'sleep').mockImplementation(async (ms) => {
      deps.clock.advance(ms);
      deps.gateway.gone.delete('l-1');
    });
    const started = deps.clock.now();

    // Act
    const greeted = await greetWhenOpen(deps, 'l-1', 'req-1', { deadlineMs: 1_000, retryMs: 250 });

    // Assess
    expect(greeted).toBe(true);
    expect(deps.clock.now() - started).toBe(250);
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['l-1']);
  });
});

describe('greetOrForget', () => {
  const SCHEDULE = { deadlineMs: 1_000, retryMs: 250 };

  it('forgets a refreshed listener whose new socket closed during the handshake, so it is not counted twice', async () => {
    // Prepare: 'l-1' refreshed onto 'l-1-new' at $connect, then the client gave the handshake up
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es', 'l-2': 'es' });
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });
    deps.gateway.gone.add('l-1-new');

    // Act: the greeting gives up; then the client, which kept 'l-1', reconnects as new
    const outcome = await greetOrForget(deps, 'l-1-new', 'r', SCHEDULE);
    await registerConnection(deps, {
      connectionId: 'l-1-again',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'l-1',
      requestId: 'r2',
    });

    // Assess
    expect(outcome).toBe('forgotten');
    expect(deps.store.peekConnection('l-1-new')).toBeUndefined();
    expect(deps.gateway.closed).toEqual(['l-1-new']);
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(2);
  });

  it('greets an open connection and keeps it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });

    // Act
    const outcome = await greetOrForget(deps, 'l-1', 'r', SCHEDULE);

    // Assess
    expect(outcome).toBe('greeted');
    expect(deps.store.peekConnection('l-1')).toBeDefined();
    expect(deps.gateway.closed).toEqual([]);
  });

  it('answers unknown for a connection whose $disconnect already removed it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-2': 'es' });

    // Act
    const outcome = await greetOrForget(deps, 'l-1', 'r', SCHEDULE);

    // Assess
    expect(outcome).toBe('unknown');
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
  });

  it('keeps the row when the posts failed for another reason than 410', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    jest.spyOn(deps.gateway, 'send').mockRejectedValue(new Error('connect timeout'));

    // Act
    const outcome = greetOrForget(deps, 'l-1', 'r', SCHEDULE);

    // Assess
    await expect(outcome).rejects.toThrow('connect timeout');
    expect(deps.store.peekConnection('l-1')).toBeDefined();
  });
});
