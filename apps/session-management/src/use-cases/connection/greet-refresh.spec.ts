import { createTestDeps, seedActiveSession, seedListeners, SESSION_ID } from '../../testing/fakes';
import { greetConnection, greetOrForget } from './greet';
import { registerConnection } from './register';

// Greetings around a refresh: the replacement's greeting, and the handshake a client gave up.

describe('greetConnection after a refresh', () => {
  it("neither reads the newest number nor notes the language for a refresh's replacement: its client counts on", async () => {
    // Prepare: 'l-1' refreshed onto 'l-1-new' at $connect
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-1': 'es' });
    await deps.replay.noteUtterance(SESSION_ID, 7, deps.clock.now());
    await registerConnection(deps, {
      connectionId: 'l-1-new',
      sessionId: SESSION_ID,
      previousConnectionId: 'l-1',
      requestId: 'r',
    });
    const reads = jest.spyOn(deps.replay, 'newestUtterance');
    const notes = jest.spyOn(deps.replay, 'noteLanguages');

    // Act
    const greeted = await greetConnection(deps, 'l-1-new', 'r', true);

    // Assess: greeted and told the refresh is complete, with no replay-window work on the way
    expect(greeted).toBe(true);
    expect(deps.gateway.messagesTo('l-1-new').map((m) => m.type)).toEqual([
      'sessionJoined',
      'connectionRefreshComplete',
    ]);
    expect(deps.gateway.messagesTo('l-1-new')[0]).not.toHaveProperty('lastSequenceNumber');
    expect(reads).not.toHaveBeenCalled();
    expect(notes).not.toHaveBeenCalled();
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
