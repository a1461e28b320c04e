import { SESSION_ID } from '../testing/fakes';
import { broadcastingSession, lastMessageTo, send } from './actions.spec-helper';

describe('handleAction', () => {
  describe('changeLanguage', () => {
    it('moves the listener to the new language and answers languageChanged', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'listener-es-1', { action: 'changeLanguage', targetLanguage: 'de' }, 'lang-1');

      // Assess
      expect(lastMessageTo(deps, 'listener-es-1')).toEqual({
        type: 'languageChanged',
        timestamp: deps.clock.now(),
        requestId: 'lang-1',
        sessionId: SESSION_ID,
        targetLanguage: 'de',
      });
      expect(
        (await deps.store.listListeners(SESSION_ID, deps.clock.now(), 'de')).map((l) => l.connectionId),
      ).toEqual(['listener-es-1']);
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(3);
      // Heard now in German: translation-pipeline keeps German for the replay window.
      expect(await deps.replay.recentLanguages(SESSION_ID, deps.clock.now())).toContain('de');
    });

    it('refuses a language the provider cannot serve with UNSUPPORTED_LANGUAGE', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'listener-es-1', { action: 'changeLanguage', targetLanguage: 'ko' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
      expect((await deps.store.getConnection('listener-es-1', deps.clock.now()))?.targetLanguage).toBe('es');
    });

    it('refuses the speaker with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'speaker-conn', { action: 'changeLanguage', targetLanguage: 'fr' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    });
  });
});
