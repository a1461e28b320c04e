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
import { handleAction } from './actions';
import { greetConnection, registerConnection } from './connection';

// Captions-only listeners: the mode is chosen at `$connect` or with `setCaptionsOnly`, stored on the
// connection row (translation-pipeline reads it there), told in `sessionJoined`, and kept across a
// refresh, a resume and a language change.

async function sessionWithListener(captionsOnly?: boolean): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  const row = connectionRow(deps, {
    connectionId: 'l-1',
    role: 'listener',
    targetLanguage: 'es',
    ...(captionsOnly !== undefined ? { captionsOnly } : {}),
  });
  await deps.store.addListener(row, 1000);
  return deps;
}

describe('captions-only at $connect', () => {
  it('stores a listener that asked for captions only, and greets it as captions-only', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      captionsOnly: true,
      requestId: 'r',
    });
    await greetConnection(deps, 'l-1', 'r');

    // Assess
    expect(deps.store.peekConnection('l-1')).toMatchObject({ role: 'listener', captionsOnly: true });
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'sessionJoined', role: 'listener', captionsOnly: true }),
    ]);
  });

  it('stores nothing extra for a listener that said captionsOnly=false, and greets it with audio', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      captionsOnly: false,
      requestId: 'r',
    });
    await greetConnection(deps, 'l-1', 'r');

    // Assess
    expect(deps.store.peekConnection('l-1')).not.toHaveProperty('captionsOnly');
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'sessionJoined', captionsOnly: false }),
    ]);
  });

  it.each([[true], [false]])(
    'refuses a speaker giving captionsOnly=%p with INVALID_PARAMETERS, before any limit counts it',
    async (captionsOnly) => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      const connect = registerConnection(deps, {
        connectionId: 'speaker-conn',
        sessionId: SESSION_ID,
        speaker: { userId: SPEAKER_ID, username: 'alice' },
        captionsOnly,
        requestId: 'r',
      });

      // Assess
      await expect(connect).rejects.toMatchObject({
        code: 'INVALID_PARAMETERS',
        message: expect.stringMatching(/captionsOnly/),
      });
      expect(deps.store.peekConnection('speaker-conn')).toBeUndefined();
      expect(deps.store.peekSession(SESSION_ID)?.speakerConnectionId).toBeUndefined();
      expect(deps.limits.consumed).toEqual([]);
      expect(deps.greeter.greeted).toEqual([]);
    },
  );
});

describe('captions-only across a refresh and a resume', () => {
  it('keeps the mode when a refresh does not name it', async () => {
    // Prepare
    const deps = await sessionWithListener(true);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('l-1-new')).toMatchObject({
      targetLanguage: 'es',
      captionsOnly: true,
      refreshedFrom: 'l-1',
    });
  });

  it('keeps the mode when a resume takes over the stale row', async () => {
    // Prepare
    const deps = await sessionWithListener(true);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-again',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('l-1')).toBeUndefined();
    expect(deps.store.peekConnection('l-1-again')).toMatchObject({ captionsOnly: true });
  });

  it('takes the mode the refreshing client names over the old row’s', async () => {
    // Prepare
    const deps = await sessionWithListener(true);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      captionsOnly: false,
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('l-1-new')).toMatchObject({ captionsOnly: false });
  });

  it('leaves a listener with audio as it was after a refresh', async () => {
    // Prepare
    const deps = await sessionWithListener();

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('l-1-new')).not.toHaveProperty('captionsOnly');
  });
});

describe('setCaptionsOnly', () => {
  it.each([
    [undefined, true],
    [true, false],
    [false, true],
  ])(
    'switches a listener (captions-only: %p) to %p and answers captionsOnlyChanged',
    async (before, after) => {
      // Prepare
      const deps = await sessionWithListener(before);

      // Act
      await handleAction(deps, 'l-1', { action: 'setCaptionsOnly', captionsOnly: after }, 'req-7');

      // Assess
      expect(deps.store.peekConnection('l-1')).toMatchObject({ targetLanguage: 'es', captionsOnly: after });
      expect(deps.gateway.messagesTo('l-1')).toEqual([
        { type: 'captionsOnlyChanged', timestamp: deps.clock.now(), requestId: 'req-7', captionsOnly: after },
      ]);
    },
  );

  it('refuses the speaker with UNAUTHORIZED_ACTION and changes nothing', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');
    const before = deps.store.peekConnection('speaker-conn');

    // Act
    const act = handleAction(deps, 'speaker-conn', { action: 'setCaptionsOnly', captionsOnly: true }, 'r');

    // Assess
    await expect(act).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    expect(deps.store.peekConnection('speaker-conn')).toEqual(before);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('survives a language change, and the greeting says so', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await handleAction(deps, 'l-1', { action: 'setCaptionsOnly', captionsOnly: true }, 'r-1');

    // Act
    await handleAction(deps, 'l-1', { action: 'changeLanguage', targetLanguage: 'fr' }, 'r-2');
    await handleAction(deps, 'l-1', { action: 'joinSession' }, 'r-3');

    // Assess
    expect(deps.store.peekConnection('l-1')).toMatchObject({ targetLanguage: 'fr', captionsOnly: true });
    expect(deps.gateway.messagesTo('l-1').at(-1)).toMatchObject({
      type: 'sessionJoined',
      targetLanguage: 'fr',
      captionsOnly: true,
    });
  });
});
