import {
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import { registerConnection } from './register';

const speaker = { userId: SPEAKER_ID, username: 'alice' };

/** A full session (cap 3 in the test settings) whose listener `l-1` lost its socket without `$disconnect`. */
async function fullSession(): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  await seedListeners(deps, { 'l-1': 'es', 'l-2': 'fr', 'l-3': 'es' });
  return deps;
}

describe('resume at $connect (resumeConnectionId, after a server restart or a lost $disconnect)', () => {
  it("takes over a listener's stale row in a full session: count unchanged, old socket closed", async () => {
    // Prepare
    const deps = await fullSession();

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-again',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(3);
    expect(deps.store.peekConnection('l-1')).toBeUndefined();
    const resumed = deps.store.peekConnection('l-1-again');
    expect(resumed).toMatchObject({ role: 'listener', targetLanguage: 'es', connectedAt: deps.clock.now() });
    expect(resumed?.refreshedFrom).toBeUndefined(); // a resume is greeted as a join, not a refresh
    expect(deps.gateway.closed).toEqual(['l-1']);
  });

  it('connects as a new listener when the previous row is already gone', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'l-2': 'fr' });

    // Act
    await registerConnection(deps, {
      connectionId: 'l-1-again',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'l-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(2);
    expect(deps.store.peekConnection('l-1-again')).toMatchObject({ role: 'listener', targetLanguage: 'es' });
    expect(deps.gateway.closed).toEqual([]);
  });

  it("never takes over another role's row: a listener naming the speaker's connection joins as new", async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-1');

    // Act
    await registerConnection(deps, {
      connectionId: 'l-9',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'speaker-1',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekConnection('speaker-1')).toMatchObject({ role: 'speaker' });
    expect(deps.store.peekSession(SESSION_ID)?.speakerConnectionId).toBe('speaker-1');
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
    expect(deps.gateway.closed).toEqual([]);
  });

  it('still refuses a new listener of a full session whose resume names nothing of theirs', async () => {
    // Prepare
    const deps = await fullSession();

    // Act
    const join = registerConnection(deps, {
      connectionId: 'l-4',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      resumeConnectionId: 'no-such-connection',
      requestId: 'r',
    });

    // Assess
    await expect(join).rejects.toMatchObject({ code: 'SESSION_FULL' });
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(3);
  });

  it("moves the speaker's stale connection to the new one and points the session at it", async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-old');

    // Act
    await registerConnection(deps, {
      connectionId: 'speaker-new',
      sessionId: SESSION_ID,
      speaker,
      resumeConnectionId: 'speaker-old',
      requestId: 'r',
    });

    // Assess
    expect(deps.store.peekSession(SESSION_ID)?.speakerConnectionId).toBe('speaker-new');
    expect(deps.store.peekConnection('speaker-old')).toBeUndefined();
    expect(deps.store.peekConnection('speaker-new')).toMatchObject({ role: 'speaker', userId: SPEAKER_ID });
  });

  it("does not let another user take over the speaker's row, nor broadcast to the session", async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-old');

    // Act
    const intruder = registerConnection(deps, {
      connectionId: 'intruder',
      sessionId: SESSION_ID,
      speaker: { userId: 'mallory', username: 'mallory' },
      resumeConnectionId: 'speaker-old',
      requestId: 'r',
    });

    // Assess
    await expect(intruder).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(deps.store.peekConnection('speaker-old')).toMatchObject({ role: 'speaker', userId: SPEAKER_ID });
    expect(deps.store.peekConnection('intruder')).toBeUndefined();
  });
});
