import {
  createTestDeps,
  seedActiveSession,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import { endSession } from './end-session';

describe('endSession', () => {
  it('marks the session ended, tells every listener and the speaker, and closes all their sockets', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedSpeaker(deps, 'speaker-conn');
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'fr', 'listener-3': 'es' });

    // Act
    await endSession(deps, SESSION_ID, SPEAKER_ID, 'req-1');

    // Assess
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('ended');
    for (const listener of ['listener-1', 'listener-2', 'listener-3']) {
      expect(deps.gateway.messagesTo(listener)).toEqual([
        {
          type: 'sessionEnded',
          timestamp: deps.clock.now(),
          sessionId: SESSION_ID,
          reason: 'ended by the speaker',
        },
      ]);
    }
    expect([...deps.gateway.closed].sort()).toEqual([
      'listener-1',
      'listener-2',
      'listener-3',
      'speaker-conn',
    ]);
    expect(deps.gateway.closed.at(-1)).toBe('speaker-conn');
    expect(deps.gateway.messagesTo('speaker-conn')).toEqual([
      {
        type: 'sessionEnded',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        reason: 'ended by the speaker',
        requestId: 'req-1',
      },
    ]);
    expect(deps.audio.flushes).toEqual([
      {
        sessionId: SESSION_ID,
        sourceLanguage: 'en',
        speakerConnectionId: 'speaker-conn',
        requestId: 'req-1',
      },
    ]);
  });

  it('passes the given reason on to listeners', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    await endSession(deps, SESSION_ID, SPEAKER_ID, 'req-1', 'the speaker left');

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({ reason: 'the speaker left' }),
    ]);
  });

  it('works without a connected speaker', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    await endSession(deps, SESSION_ID, SPEAKER_ID, 'req-1');

    // Assess
    expect(deps.gateway.recipientsOf('sessionEnded')).toEqual(['listener-1']);
    expect(deps.audio.flushes).toEqual([{ sessionId: SESSION_ID, sourceLanguage: 'en', requestId: 'req-1' }]);
  });

  it('can be repeated: the session stays ended and remaining listeners are told again', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });
    await endSession(deps, SESSION_ID, SPEAKER_ID, 'req-1');
    const updateSession = jest.spyOn(deps.store, 'updateSession');

    // Act
    await endSession(deps, SESSION_ID, SPEAKER_ID, 'req-2');

    // Assess
    expect(updateSession).not.toHaveBeenCalled();
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('ended');
    expect(deps.gateway.recipientsOf('sessionEnded')).toEqual(['listener-1', 'listener-1']);
  });

  it('lets only the owner end the session (FORBIDDEN)', async () => {
    // Prepare
    const deps = createTestDeps();
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    const result = endSession(deps, SESSION_ID, 'someone-else', 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
    expect(deps.gateway.sent).toEqual([]);
    expect(deps.gateway.closed).toEqual([]);
  });

  it('reports SESSION_NOT_FOUND for an unknown session', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const result = endSession(deps, 'no-such-100', SPEAKER_ID, 'req-1');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });
});
