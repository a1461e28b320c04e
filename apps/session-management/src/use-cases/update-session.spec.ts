import {
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { updateSession } from './update-session';

async function sessionWithAudience(): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  await seedSpeaker(deps, 'speaker-conn');
  await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr' });
  return deps;
}

describe('updateSession', () => {
  it('pauses the session, closes the utterance and tells the listeners', async () => {
    // Prepare
    const deps = await sessionWithAudience();
    deps.clock.advance(1_000);

    // Act
    const session = await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'paused' }, 'req-1');

    // Assess
    expect(session).toMatchObject({
      status: 'paused',
      broadcastState: { paused: true, muted: false, volume: 1 },
    });
    expect(session.updatedAt).toBe(new Date(deps.clock.now()).toISOString());
    expect(deps.audio.flushes).toHaveLength(1);
    expect(deps.gateway.recipientsOf('broadcastPaused').sort()).toEqual(['listener-1', 'listener-2']);
  });

  it('resumes a paused session and tells the listeners', async () => {
    // Prepare
    const deps = await sessionWithAudience();
    await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'paused' }, 'req-1');

    // Act
    const session = await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'active' }, 'req-2');

    // Assess
    expect(session).toMatchObject({ status: 'active', broadcastState: { paused: false } });
    expect(deps.gateway.recipientsOf('broadcastResumed').sort()).toEqual(['listener-1', 'listener-2']);
    expect(deps.audio.flushes).toHaveLength(1);
  });

  it('tells nobody when the status does not change', async () => {
    // Prepare
    const deps = await sessionWithAudience();

    // Act
    await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'active' }, 'req-1');

    // Assess
    expect(deps.gateway.sent).toEqual([]);
  });

  it('changes the source language and quality tier', async () => {
    // Prepare
    const deps = await sessionWithAudience();

    // Act
    const session = await updateSession(
      deps,
      SESSION_ID,
      SPEAKER_ID,
      { sourceLanguage: 'es', qualityTier: 'premium' },
      'req-1',
    );

    // Assess
    expect(session).toMatchObject({ sourceLanguage: 'es', qualityTier: 'premium', status: 'active' });
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.sourceLanguage).toBe('es');
    expect(deps.gateway.sent).toEqual([]);
  });

  it('refuses an unsupported source language with UNSUPPORTED_LANGUAGE', async () => {
    // Prepare
    const deps = await sessionWithAudience();

    // Act
    const result = updateSession(deps, SESSION_ID, SPEAKER_ID, { sourceLanguage: 'ja' }, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.sourceLanguage).toBe('en');
  });

  it('ends the session for everyone when the status becomes ended', async () => {
    // Prepare
    const deps = await sessionWithAudience();

    // Act
    const session = await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'ended' }, 'req-1');

    // Assess
    expect(session.status).toBe('ended');
    expect(deps.gateway.recipientsOf('sessionEnded').sort()).toEqual([
      'listener-1',
      'listener-2',
      'speaker-conn',
    ]);
    expect([...deps.gateway.closed].sort()).toEqual(['listener-1', 'listener-2', 'speaker-conn']);
  });

  it('lets only the owner change the session (FORBIDDEN)', async () => {
    // Prepare
    const deps = await sessionWithAudience();

    // Act
    const result = updateSession(deps, SESSION_ID, 'someone-else', { status: 'paused' }, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
    expect(deps.gateway.sent).toEqual([]);
  });

  it('refuses to change an ended session with SESSION_ENDED', async () => {
    // Prepare
    const deps = await sessionWithAudience();
    await updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'ended' }, 'req-1');

    // Act
    const result = updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'active' }, 'req-2');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('reports SESSION_NOT_FOUND for an unknown session', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const result = updateSession(deps, 'no-such-100', SPEAKER_ID, { status: 'paused' }, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('reports SESSION_NOT_FOUND when the session disappears during the update', async () => {
    // Prepare
    const deps = await sessionWithAudience();
    jest.spyOn(deps.store, 'updateSession').mockResolvedValue(undefined);

    // Act
    const result = updateSession(deps, SESSION_ID, SPEAKER_ID, { qualityTier: 'premium' }, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('reports SESSION_NOT_FOUND when the session disappears while it is being ended', async () => {
    // Prepare
    const deps = await sessionWithAudience();
    const getSession = deps.store.getSession.bind(deps.store);
    let reads = 0;
    jest.spyOn(deps.store, 'getSession').mockImplementation(async (sessionId, nowMs) => {
      reads += 1;
      return reads <= 2 ? getSession(sessionId, nowMs) : undefined;
    });

    // Act
    const result = updateSession(deps, SESSION_ID, SPEAKER_ID, { status: 'ended' }, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });
});
