import {
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import { handleAction } from '../actions';
import { greetConnection } from './greet';
import { registerConnection } from './register';

const speaker = { userId: SPEAKER_ID, username: 'alice' };

async function fullSession(): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  await seedListeners(deps, { 'l-1': 'es', 'l-2': 'fr', 'l-3': 'es' });
  return deps;
}

/** A full session whose listener 'l-1' has refreshed onto 'l-1-new' at `$connect`, not yet greeted. */
async function refreshedListener(): Promise<TestDeps> {
  const deps = await fullSession();
  await registerConnection(deps, {
    connectionId: 'l-1-new',
    sessionId: SESSION_ID,
    previousConnectionId: 'l-1',
    requestId: 'r',
  });
  return deps;
}

describe('refresh at $connect (previousConnectionId)', () => {
  it('moves a listener of a full session to its new connection without changing the count', async () => {
    // Prepare
    const deps = await fullSession();
    deps.clock.advance(100 * 60_000);

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(3);
    expect(deps.store.peekConnection('l-1')).toBeUndefined();
    expect(deps.store.peekConnection('l-1-new')).toMatchObject({
      role: 'listener',
      targetLanguage: 'es',
      refreshedFrom: 'l-1',
      connectedAt: deps.clock.now(),
    });
    // The old socket stays open until the new one is greeted: nothing sent during the switch is lost.
    expect(deps.gateway.closed).toEqual([]);
  });

  it('still refuses a new listener in the full session', async () => {
    // Prepare
    const deps = await fullSession();

    // Act
    const join = registerConnection(deps, {
      connectionId: 'l-4',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      requestId: 'r',
    });

    // Assess
    await expect(join).rejects.toMatchObject({ code: 'SESSION_FULL' });
  });

  it('swaps the speaker connection and points the session at the new one', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-old');

    // Act
    await registerConnection(deps, {
      connectionId: 'speaker-new',
      sessionId: SESSION_ID,
      speaker,
      previousConnectionId: 'speaker-old',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.speakerConnectionId).toBe('speaker-new');
    expect(deps.store.peekConnection('speaker-old')).toBeUndefined();
  });

  it('refuses a speaker refresh by another user with FORBIDDEN and keeps the old connection', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-old');

    // Act
    const refresh = registerConnection(deps, {
      connectionId: 'intruder',
      sessionId: SESSION_ID,
      speaker: { userId: 'mallory', username: 'mallory' },
      previousConnectionId: 'speaker-old',
      requestId: 'r',
    });

    // Assess
    await expect(refresh).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(deps.store.peekConnection('speaker-old')).toBeDefined();
  });

  it('refuses an anonymous caller taking over the speaker connection', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-old');

    // Act
    const refresh = registerConnection(deps, {
      connectionId: 'anon',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      previousConnectionId: 'speaker-old',
      requestId: 'r',
    });

    // Assess
    await expect(refresh).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a refresh of a connection that is gone', async () => {
    // Prepare
    const deps = await fullSession();

    // Act
    const refresh = registerConnection(deps, {
      connectionId: 'l-9',
      sessionId: SESSION_ID,
      previousConnectionId: 'nobody',
      requestId: 'r',
    });

    // Assess
    await expect(refresh).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a listener refresh into an ended session', async () => {
    // Prepare
    const deps = await fullSession();
    await deps.store.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

    // Act
    const refresh = registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    await expect(refresh).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('greets the new connection with sessionJoined then connectionRefreshComplete, then closes the old one', async () => {
    // Prepare
    const deps = await refreshedListener();

    // Act
    await greetConnection(deps, 'l-1-new', 'r', true);

    // Assess
    expect(deps.gateway.messagesTo('l-1-new').map((m) => m.type)).toEqual([
      'sessionJoined',
      'connectionRefreshComplete',
    ]);
    expect(deps.gateway.closed).toEqual(['l-1']);
  });

  it('leaves the old socket open while the new one cannot be greeted yet', async () => {
    // Prepare
    const deps = await refreshedListener();
    deps.gateway.gone.add('l-1-new'); // API Gateway: 410 until `$connect` has returned

    // Act
    const greeted = await greetConnection(deps, 'l-1-new', 'r', true);

    // Assess
    expect(greeted).toBe(false);
    expect(deps.gateway.closed).toEqual([]);
  });

  it('still greets when closing the old socket fails (the client closes it itself)', async () => {
    // Prepare
    const deps = await refreshedListener();
    jest.spyOn(deps.gateway, 'close').mockRejectedValue(new Error('management API unavailable'));

    // Act
    const greeted = await greetConnection(deps, 'l-1-new', 'r', true);

    // Assess
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('l-1-new').map((m) => m.type)).toEqual([
      'sessionJoined',
      'connectionRefreshComplete',
    ]);
  });

  it('confirms a refreshConnection action sent after the swap instead of refusing it', async () => {
    // Prepare
    const deps = await refreshedListener();

    // Act
    await handleAction(deps, 'l-1-new', { action: 'refreshConnection', previousConnectionId: 'l-1' }, 'rc');

    // Assess
    expect(deps.gateway.messagesTo('l-1-new')).toEqual([
      expect.objectContaining({
        type: 'connectionRefreshComplete',
        requestId: 'rc',
        connectionId: 'l-1-new',
      }),
    ]);
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(3);
  });
});
