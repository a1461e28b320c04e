import { SESSION_ID_PATTERN } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { newSessionRecord } from '@lingocast/session-data';
import { createTestDeps, ManualClock, ScriptedIds, SPEAKER_ID } from '../testing/fakes';
import { createSession, MAX_SESSION_ID_ATTEMPTS } from './create-session';

const CREATED_AT = Date.UTC(2025, 0, 1, 9, 0, 0);

function takenSession(sessionId: string) {
  return newSessionRecord({
    sessionId,
    speakerId: 'someone-else',
    sourceLanguage: 'en',
    qualityTier: 'standard',
    nowMs: CREATED_AT,
    ttlHours: 12,
  });
}

describe('createSession', () => {
  it('creates an active, empty session owned by the speaker', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const session = await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en', qualityTier: 'premium' });

    // Assess
    expect(session).toEqual({
      sessionId: 'golden-eagle-427',
      speakerId: SPEAKER_ID,
      sourceLanguage: 'en',
      qualityTier: 'premium',
      status: 'active',
      listenerCount: 0,
      broadcastState: { paused: false, muted: false, volume: 1 },
      createdAt: new Date(deps.clock.now()).toISOString(),
      updatedAt: new Date(deps.clock.now()).toISOString(),
      expiresAt: new Date(deps.clock.now() + 12 * 3_600_000).toISOString(),
    });
    expect(session.sessionId).toMatch(new RegExp(SESSION_ID_PATTERN));
    expect(await deps.store.getSession(session.sessionId, deps.clock.now())).toMatchObject({
      speakerId: SPEAKER_ID,
    });
  });

  it('defaults the quality tier to standard', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const session = await createSession(deps, SPEAKER_ID, { sourceLanguage: 'es' });

    // Assess
    expect(session.qualityTier).toBe('standard');
  });

  it('does not expose server-side fields such as the TTL', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const session = await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    expect(session).not.toHaveProperty('ttl');
    expect(session).not.toHaveProperty('speakerConnectionId');
  });

  it('refuses a source language the speech provider cannot serve', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const result = createSession(deps, SPEAKER_ID, { sourceLanguage: 'ja' });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
    await expect(result).rejects.toBeInstanceOf(DomainError);
    expect(deps.ids.handedOut).toBe(0);
  });

  it("does not count a refused language against the speaker's creation limit", async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    await createSession(deps, SPEAKER_ID, { sourceLanguage: 'ja' }).catch(() => undefined);

    // Assess
    expect(deps.limits.consumed).toEqual([]);
  });

  it('tries another id when the first one is taken', async () => {
    // Prepare
    const deps = createTestDeps({
      clock: new ManualClock(CREATED_AT),
      ids: new ScriptedIds(['holy-lamb-100', 'holy-lamb-100', 'bold-dove-555']),
    });
    deps.store.seedSession(takenSession('holy-lamb-100'));

    // Act
    const session = await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    expect(session.sessionId).toBe('bold-dove-555');
    expect(deps.ids.handedOut).toBe(3);
    expect((await deps.store.getSession('holy-lamb-100', deps.clock.now()))?.speakerId).toBe('someone-else');
  });

  it(`gives up with SESSION_ID_EXHAUSTED after ${MAX_SESSION_ID_ATTEMPTS} collisions`, async () => {
    // Prepare
    const deps = createTestDeps({ ids: new ScriptedIds(['holy-lamb-100']) });
    deps.store.seedSession(takenSession('holy-lamb-100'));

    // Act
    const result = createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_ID_EXHAUSTED' });
    expect(deps.ids.handedOut).toBe(10);
  });

  it('succeeds on the tenth and last attempt', async () => {
    // Prepare
    const taken = Array.from({ length: 9 }, (_, index) => `bold-dove-${101 + index}`);
    const deps = createTestDeps({ ids: new ScriptedIds([...taken, 'bold-dove-999']) });
    taken.forEach((id) => deps.store.seedSession(takenSession(id)));

    // Act
    const session = await createSession(deps, SPEAKER_ID, { sourceLanguage: 'en' });

    // Assess
    expect(session.sessionId).toBe('bold-dove-999');
  });
});
