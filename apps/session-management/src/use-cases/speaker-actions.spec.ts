import {
  connectionRow,
  createTestDeps,
  ScriptedIds,
  seedActiveSession,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import { broadcastingSession, LISTENERS, lastMessageTo, send } from './actions.spec-helper';

describe('handleAction', () => {
  describe('createSession', () => {
    it('creates a session for the authenticated speaker and answers sessionCreated', async () => {
      // Prepare
      const deps = await broadcastingSession(createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) }));

      // Act
      await send(
        deps,
        'speaker-conn',
        { action: 'createSession', sourceLanguage: 'es', qualityTier: 'premium' },
        'create-1',
      );

      // Assess
      const reply = lastMessageTo(deps, 'speaker-conn');
      expect(reply).toMatchObject({ type: 'sessionCreated', requestId: 'create-1' });
      expect(reply?.type === 'sessionCreated' && reply.session.sessionId).toBe('bold-dove-555');
      expect(reply?.type === 'sessionCreated' && reply.session).toMatchObject({
        speakerId: SPEAKER_ID,
        sourceLanguage: 'es',
        qualityTier: 'premium',
        status: 'active',
      });
    });

    it('defaults the quality tier when the message has none', async () => {
      // Prepare
      const deps = await broadcastingSession(createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) }));

      // Act
      await send(deps, 'speaker-conn', { action: 'createSession', sourceLanguage: 'en' });

      // Assess
      const reply = lastMessageTo(deps, 'speaker-conn');
      expect(reply?.type === 'sessionCreated' && reply.session.qualityTier).toBe('standard');
    });

    it('refuses a speaker connection that carries no user with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'odd-speaker', role: 'speaker', userId: undefined }),
      );

      // Act
      const result = send(deps, 'odd-speaker', { action: 'createSession', sourceLanguage: 'en' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    });
  });

  describe('endSession', () => {
    it('ends the session, tells every listener sessionEnded, then the speaker, and closes every socket', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', { action: 'endSession' }, 'end-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.status).toBe('ended');
      expect(session?.broadcastState.paused).toBe(true);
      expect(deps.gateway.recipientsOf('sessionEnded').sort()).toEqual([...LISTENERS, 'speaker-conn'].sort());
      expect([...deps.gateway.closed].sort()).toEqual([...LISTENERS, 'speaker-conn'].sort());
      expect(lastMessageTo(deps, 'speaker-conn')).toEqual({
        type: 'sessionEnded',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        reason: 'ended by the speaker',
        requestId: 'end-1',
      });
      expect(deps.audio.flushes).toHaveLength(1);
    });

    it('refuses a speaker connection that carries no user with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'odd-speaker', role: 'speaker', userId: undefined }),
      );

      // Act
      const result = send(deps, 'odd-speaker', { action: 'endSession' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
    });
  });
});
