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

// Live captions: a listener chooses at `$connect` or with `setLiveCaptions` to also get
// `transcriptPartial`; the choice is stored on the connection row (translation-pipeline reads it
// there), told in `sessionJoined`, and kept across a refresh, a resume and a language change.

async function sessionWithListener(liveCaptions?: boolean): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  const row = connectionRow(deps, {
    connectionId: 'l-1',
    role: 'listener',
    targetLanguage: 'es',
    ...(liveCaptions !== undefined ? { liveCaptions } : {}),
  });
  await deps.store.addListener(row, 1000);
  return deps;
}

describe('live captions at $connect', () => {
  it('stores a listener that asked for live captions, and greets it with them on', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      liveCaptions: true,
      requestId: 'r',
    });
    await greetConnection(deps, 'l-1', 'r');

    // Assess
    expect(deps.store.peekConnection('l-1')).toMatchObject({ role: 'listener', liveCaptions: true });
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'sessionJoined', captionsOnly: false, liveCaptions: true }),
    ]);
  });

  it('stores nothing extra for a listener that did not ask (off by default), and greets it with them off', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      liveCaptions: false,
      requestId: 'r',
    });
    await greetConnection(deps, 'l-1', 'r');

    // Assess
    expect(deps.store.peekConnection('l-1')).not.toHaveProperty('liveCaptions');
    expect(deps.gateway.messagesTo('l-1')).toEqual([
      expect.objectContaining({ type: 'sessionJoined', liveCaptions: false }),
    ]);
  });

  it('keeps live captions out of the speaker’s greeting', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');

    // Act
    await greetConnection(deps, 'speaker-conn', 'r');

    // Assess
    expect(deps.gateway.messagesTo('speaker-conn')[0]).not.toHaveProperty('liveCaptions');
  });

  it.each([[true], [false]])(
    'refuses a speaker giving liveCaptions=%p with INVALID_PARAMETERS, before any limit counts it',
    async (liveCaptions) => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);

      // Act
      const act = registerConnection(deps, {
        connectionId: 'speaker-conn',
        sessionId: SESSION_ID,
        speaker: { userId: SPEAKER_ID, username: 'alice' },
        liveCaptions,
        requestId: 'r',
      });

      // Assess
      await expect(act).rejects.toMatchObject({
        code: 'INVALID_PARAMETERS',
        message: expect.stringMatching(/liveCaptions/),
      });
      expect(deps.store.peekConnection('speaker-conn')).toBeUndefined();
      expect(deps.limits.consumed).toEqual([]);
      expect(deps.greeter.greeted).toEqual([]);
    },
  );
});

describe('live captions across a refresh and a resume', () => {
  it('keeps the choice when a refresh does not name it', async () => {
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
      liveCaptions: true,
      refreshedFrom: 'l-1',
    });
  });

  it('keeps the choice when a resume takes over the stale row', async () => {
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
    expect(deps.store.peekConnection('l-1-again')).toMatchObject({ liveCaptions: true });
  });

  it('takes the choice the refreshing client names over the old row’s', async () => {
    // Prepare
    const deps = await sessionWithListener(true);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      liveCaptions: false,
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('l-1-new')).toMatchObject({ liveCaptions: false });
  });

  it('leaves a listener without live captions as it was after a refresh', async () => {
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
    expect(deps.store.peekConnection('l-1-new')).not.toHaveProperty('liveCaptions');
  });
});

describe('setLiveCaptions', () => {
  it.each([
    [undefined, true],
    [true, false],
    [false, true],
  ])(
    'switches a listener (live captions: %p) to %p and answers liveCaptionsChanged',
    async (before, after) => {
      // Prepare
      const deps = await sessionWithListener(before);

      // Act
      await handleAction(deps, 'l-1', { action: 'setLiveCaptions', liveCaptions: after }, 'req-7');

      // Assess
      expect(deps.store.peekConnection('l-1')).toMatchObject({ targetLanguage: 'es', liveCaptions: after });
      expect(deps.gateway.messagesTo('l-1')).toEqual([
        { type: 'liveCaptionsChanged', timestamp: deps.clock.now(), requestId: 'req-7', liveCaptions: after },
      ]);
    },
  );

  it('refuses the speaker with UNAUTHORIZED_ACTION, like setCaptionsOnly, and changes nothing', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');
    const before = deps.store.peekConnection('speaker-conn');

    // Act
    const live = handleAction(deps, 'speaker-conn', { action: 'setLiveCaptions', liveCaptions: true }, 'r');
    const captions = handleAction(
      deps,
      'speaker-conn',
      { action: 'setCaptionsOnly', captionsOnly: true },
      'r',
    );

    // Assess
    await expect(live).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    await expect(captions).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    expect(deps.store.peekConnection('speaker-conn')).toEqual(before);
    expect(deps.gateway.sent).toEqual([]);
  });

  it('leaves captions-only mode alone, survives a language change, and the greeting says so', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await handleAction(deps, 'l-1', { action: 'setCaptionsOnly', captionsOnly: true }, 'r-0');
    await handleAction(deps, 'l-1', { action: 'setLiveCaptions', liveCaptions: true }, 'r-1');

    // Act
    await handleAction(deps, 'l-1', { action: 'changeLanguage', targetLanguage: 'fr' }, 'r-2');
    await handleAction(deps, 'l-1', { action: 'joinSession' }, 'r-3');

    // Assess
    expect(deps.store.peekConnection('l-1')).toMatchObject({
      targetLanguage: 'fr',
      captionsOnly: true,
      liveCaptions: true,
    });
    expect(deps.gateway.messagesTo('l-1').at(-1)).toMatchObject({
      type: 'sessionJoined',
      targetLanguage: 'fr',
      captionsOnly: true,
      liveCaptions: true,
    });
  });
});
