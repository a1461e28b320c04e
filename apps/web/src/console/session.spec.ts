import { initialSession, reduceSession } from './session';
import { run, loaded, created, createdState, liveState } from './session.harness';

describe('the session state machine', () => {
  describe('before a session', () => {
    it("picks the browser's language and the standard tier from what the server lists", () => {
      const state = run([loaded]);

      expect(state.options).toEqual({
        kind: 'loaded',
        sourceLanguages: ['en', 'es'],
        qualityTiers: ['premium', 'standard'],
      });
      expect(state.sourceLanguage).toBe('es');
      expect(state.qualityTier).toBe('standard');
    });

    it('falls back to the first listed language and tier', () => {
      const state = run([
        {
          type: 'optionsLoaded',
          sourceLanguages: ['en'],
          qualityTiers: ['premium'],
          preferredLanguages: ['fr'],
        },
      ]);

      expect(state).toMatchObject({ sourceLanguage: 'en', qualityTier: 'premium' });
      const empty = run([
        { type: 'optionsLoaded', sourceLanguages: [], qualityTiers: [], preferredLanguages: [] },
      ]);
      expect(empty.sourceLanguage).toBeUndefined();
      expect(reduceSession(empty, { type: 'create' })).toBe(empty);
    });

    it('keeps the choices made before the list was loaded again', () => {
      const state = run([
        loaded,
        { type: 'chooseLanguage', language: 'en' },
        { type: 'chooseTier', tier: 'premium' },
        loaded,
      ]);

      expect(state).toMatchObject({ sourceLanguage: 'en', qualityTier: 'premium' });
    });

    it('refuses choices the server did not list', () => {
      const state = run([loaded]);

      expect(reduceSession(state, { type: 'chooseLanguage', language: 'xx' })).toBe(state);
      expect(reduceSession(state, { type: 'chooseTier', tier: 'gold' })).toBe(state);
      expect(
        reduceSession(initialSession(), { type: 'chooseLanguage', language: 'en' }).sourceLanguage,
      ).toBeUndefined();
    });

    it('says when the language list could not be loaded, and loads it again on request', () => {
      const failed = run([{ type: 'optionsFailed', code: 'NETWORK' }]);
      expect(failed.options).toEqual({ kind: 'failed', problem: { code: 'NETWORK', during: 'languages' } });
      expect(reduceSession(failed, { type: 'create' })).toBe(failed);

      expect(reduceSession(failed, { type: 'optionsRequested' }).options).toEqual({ kind: 'loading' });
    });
  });

  describe('creating', () => {
    it('goes none → creating → created, connecting at once', () => {
      const creating = run([loaded, { type: 'create' }]);
      expect(creating.phase).toBe('creating');
      expect(reduceSession(creating, { type: 'create' })).toBe(creating);

      expect(createdState).toMatchObject({
        phase: 'created',
        session: { sessionId: 'golden-eagle-427' },
        connection: 'connecting',
        muted: false,
        volume: 1,
      });
    });

    it('goes back to the form with the problem when the server refuses', () => {
      const state = run([
        loaded,
        { type: 'create' },
        { type: 'createFailed', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 5 },
      ]);

      expect(state.phase).toBe('none');
      expect(state.problem).toEqual({ code: 'RATE_LIMIT_EXCEEDED', during: 'create', retryAfter: 5 });
      expect(run([{ type: 'create' }], state).problem).toBeUndefined();
    });

    it('ignores a late answer to a creation it is no longer waiting for', () => {
      const state = run([loaded]);

      expect(reduceSession(state, created)).toBe(state);
      expect(reduceSession(state, { type: 'createFailed', code: 'X' })).toBe(state);
    });
  });

  describe('the connection', () => {
    it('shows connecting, live, refreshing (until the refresh completes) and reconnecting', () => {
      const live = run([{ type: 'connectionState', state: 'open' }], createdState);
      expect(live.connection).toBe('live');

      const refreshing = reduceSession(live, { type: 'refreshRequired' });
      expect(refreshing.connection).toBe('refreshing');
      expect(reduceSession(refreshing, { type: 'connectionState', state: 'open' }).connection).toBe(
        'refreshing',
      );
      expect(reduceSession(refreshing, { type: 'refreshed' }).connection).toBe('live');

      const reconnecting = reduceSession(refreshing, { type: 'connectionState', state: 'reconnecting' });
      expect(reconnecting.connection).toBe('reconnecting');
      expect(reduceSession(reconnecting, { type: 'refreshRequired' })).toBe(reconnecting);
      expect(reduceSession(reconnecting, { type: 'refreshed' })).toBe(reconnecting);
      expect(reduceSession(reconnecting, { type: 'connectionState', state: 'closed' }).connection).toBe(
        'offline',
      );
    });

    it('reports a connection that could not be opened', () => {
      const state = reduceSession(createdState, { type: 'connectFailed', code: 'UNAUTHORIZED' });

      expect(state).toMatchObject({
        connection: 'offline',
        problem: { code: 'UNAUTHORIZED', during: 'connect' },
      });
      expect(reduceSession(initialSession(), { type: 'connectFailed', code: 'X' })).toEqual(initialSession());
      expect(reduceSession(initialSession(), { type: 'connectionState', state: 'open' })).toEqual(
        initialSession(),
      );
    });
  });

  describe('ending', () => {
    it('asks for confirmation, then drains and ends', () => {
      const confirming = reduceSession(liveState, { type: 'askToEnd' });
      expect(confirming.confirmingEnd).toBe(true);
      expect(reduceSession(confirming, { type: 'cancelEnd' }).confirmingEnd).toBe(false);
      expect(reduceSession(liveState, { type: 'confirmEnd' })).toBe(liveState);

      const ending = reduceSession(confirming, { type: 'confirmEnd' });
      expect(ending).toMatchObject({ phase: 'ending', confirmingEnd: false });
      const draining = run(
        [
          { type: 'connectionState', state: 'open' },
          { type: 'transcript', sequenceNumber: 9, text: 'last' },
        ],
        ending,
      );
      expect(draining.transcript.at(-1)?.text).toBe('last');

      const ended = reduceSession(ending, { type: 'endFinished', drained: true });
      expect(ended).toMatchObject({
        phase: 'ended',
        connection: 'offline',
        ending: { by: 'speaker', drained: true },
      });
      expect(reduceSession(ended, { type: 'endFinished', drained: false })).toBe(ended);
      expect(reduceSession(initialSession(), { type: 'askToEnd' })).toEqual(initialSession());
    });

    it('goes back to the session with the problem when ending fails', () => {
      const ending = run([{ type: 'askToEnd' }, { type: 'confirmEnd' }], liveState);
      const failed = reduceSession(ending, { type: 'endFailed', code: 'NOT_CONNECTED' });

      expect(failed).toMatchObject({ phase: 'created', problem: { code: 'NOT_CONNECTED', during: 'end' } });
      expect(reduceSession(liveState, { type: 'endFailed', code: 'X' })).toBe(liveState);
    });

    it('ends when the server ends the session (expiry)', () => {
      const state = reduceSession(run([{ type: 'askToEnd' }], liveState), {
        type: 'endedByServer',
        reason: 'expired',
      });

      expect(state).toMatchObject({
        phase: 'ended',
        confirmingEnd: false,
        ending: { by: 'server', reason: 'expired' },
      });
      expect(reduceSession(initialSession(), { type: 'endedByServer', reason: 'x' })).toEqual(
        initialSession(),
      );
    });

    it('starts a new session with the same choices', () => {
      const ended = run(
        [{ type: 'askToEnd' }, { type: 'confirmEnd' }, { type: 'endFinished', drained: true }],
        liveState,
      );
      const fresh = reduceSession(ended, { type: 'startOver' });

      expect(fresh).toMatchObject({
        phase: 'none',
        sourceLanguage: 'es',
        qualityTier: 'standard',
        transcript: [],
      });
      expect(fresh.session).toBeUndefined();
      expect(fresh.options.kind).toBe('loaded');
      expect(reduceSession(liveState, { type: 'startOver' })).toBe(liveState);
    });
  });
});
