import { connectionRow, createTestDeps, seedActiveSession, SESSION_ID } from '../testing/fakes';
import { broadcastingSession, lastMessageTo, send } from './actions.spec-helper';

describe('handleAction', () => {
  describe('getSessionStatus', () => {
    it('answers sessionStatus with the listener count, language distribution, duration and broadcast state', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.clock.advance(90_000);

      // Act
      await send(deps, 'speaker-conn', { action: 'getSessionStatus' }, 'status-1');

      // Assess
      expect(lastMessageTo(deps, 'speaker-conn')).toEqual({
        type: 'sessionStatus',
        timestamp: deps.clock.now(),
        requestId: 'status-1',
        sessionId: SESSION_ID,
        status: 'active',
        listenerCount: 3,
        languageDistribution: { es: 2, fr: 1 },
        sessionDuration: 90,
        broadcastState: { paused: false, muted: false, volume: 1 },
      });
    });

    it('answers listeners too, with an empty distribution when nobody listens', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'uncounted', role: 'listener', targetLanguage: undefined }),
      );

      // Act
      await send(deps, 'uncounted', { action: 'getSessionStatus' });

      // Assess
      expect(lastMessageTo(deps, 'uncounted')).toMatchObject({
        type: 'sessionStatus',
        listenerCount: 0,
        languageDistribution: {},
      });
    });
  });
});
