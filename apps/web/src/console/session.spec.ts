import { TRANSCRIPT_LINES, WARNING_TTL_MS, initialSession, reduceSession } from './session';
import type { SessionEvent, SessionState } from './session';

function run(events: SessionEvent[], from: SessionState = initialSession()): SessionState {
  return events.reduce(reduceSession, from);
}

const loaded: SessionEvent = {
  type: 'optionsLoaded',
  sourceLanguages: ['en', 'es'],
  qualityTiers: ['premium', 'standard'],
  preferredLanguages: ['es-ES', 'en'],
};
const created: SessionEvent = {
  type: 'created',
  session: { sessionId: 'golden-eagle-427', sourceLanguage: 'es', qualityTier: 'standard' },
  muted: false,
  volume: 1,
};
const createdState = run([loaded, { type: 'create' }, created]);
const liveState = run(
  [{ type: 'connectionState', state: 'open' }, { type: 'speakingStarted' }],
  createdState,
);

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

  describe('live', () => {
    it('goes created → live on speaking and back on stop', () => {
      expect(liveState.phase).toBe('live');
      expect(reduceSession(liveState, { type: 'speakingStarted' })).toBe(liveState);
      expect(reduceSession(liveState, { type: 'speakingStopped' }).phase).toBe('created');
      expect(reduceSession(createdState, { type: 'speakingStopped' })).toBe(createdState);
    });

    it('pauses and resumes when the server confirms, the button waiting meanwhile', () => {
      const pausing = reduceSession(liveState, { type: 'actionStarted', action: 'pause' });
      expect(pausing.pending).toBe('pause');
      expect(reduceSession(pausing, { type: 'actionStarted', action: 'mute' })).toBe(pausing);

      const paused = reduceSession(pausing, { type: 'paused' });
      expect(paused.phase).toBe('paused');
      expect(paused.pending).toBeUndefined();

      const resumed = run([{ type: 'actionStarted', action: 'resume' }, { type: 'resumed' }], paused);
      expect(resumed.phase).toBe('live');
      expect(reduceSession(resumed, { type: 'resumed' })).toEqual(resumed);
      expect(reduceSession(initialSession(), { type: 'paused' })).toEqual(initialSession());
    });

    it('mutes, unmutes and sets the volume (clamped to 0…1)', () => {
      const muted = run([{ type: 'actionStarted', action: 'mute' }, { type: 'muted' }], liveState);
      expect(muted).toMatchObject({ muted: true });
      expect(muted.pending).toBeUndefined();
      expect(reduceSession(muted, { type: 'unmuted' }).muted).toBe(false);
      expect(reduceSession(muted, { type: 'volumeSet', volume: 0.4 }).volume).toBe(0.4);
      expect(reduceSession(muted, { type: 'volumeSet', volume: 7 }).volume).toBe(1);
      expect(reduceSession(initialSession(), { type: 'muted' })).toEqual(initialSession());
      expect(reduceSession(initialSession(), { type: 'volumeSet', volume: 0 })).toEqual(initialSession());
    });

    it('shows why an action failed and frees its button', () => {
      const state = run(
        [
          { type: 'actionStarted', action: 'pause' },
          { type: 'actionFailed', code: 'TIMEOUT' },
        ],
        liveState,
      );

      expect(state.pending).toBeUndefined();
      expect(state.problem).toEqual({ code: 'TIMEOUT', during: 'broadcast' });
      expect(reduceSession(state, { type: 'dismissProblem' }).problem).toBeUndefined();
      expect(
        reduceSession(initialSession(), { type: 'actionStarted', action: 'pause' }).pending,
      ).toBeUndefined();
    });

    it('counts the audience per language, most listened first, without empty languages', () => {
      const state = reduceSession(liveState, {
        type: 'status',
        listenerCount: 5,
        languageDistribution: { ca: 1, fr: 2, es: 2, it: 0 },
        broadcastState: { paused: false, muted: true, volume: 0.5 },
      });

      expect(state.audience).toEqual({
        listenerCount: 5,
        byLanguage: [
          { language: 'es', count: 2 },
          { language: 'fr', count: 2 },
          { language: 'ca', count: 1 },
        ],
      });
      expect(state).toMatchObject({ muted: true, volume: 0.5 });
    });

    it('keeps a waiting button’s value when a status arrives before its answer', () => {
      const muting = reduceSession(liveState, { type: 'actionStarted', action: 'mute' });
      const state = reduceSession(muting, {
        type: 'status',
        listenerCount: 1,
        languageDistribution: { es: 1 },
        broadcastState: { paused: false, muted: false, volume: 1 },
      });

      expect(state.audience?.listenerCount).toBe(1);
      expect(state.pending).toBe('mute');
      const status: SessionEvent = {
        type: 'status',
        listenerCount: 1,
        languageDistribution: {},
        broadcastState: { paused: false, muted: false, volume: 1 },
      };
      expect(reduceSession(initialSession(), status)).toEqual(initialSession());
    });

    it('tracks the audio waiting for acknowledgement', () => {
      expect(reduceSession(liveState, { type: 'queued', ms: 1250 }).queuedAudioMs).toBe(1250);
      expect(reduceSession(liveState, { type: 'queued', ms: -3 }).queuedAudioMs).toBe(0);
    });

    it('keeps the transcript in order, replacing a line sent again, and only the latest lines', () => {
      const state = run(
        [
          { type: 'transcript', sequenceNumber: 2, text: 'second' },
          { type: 'transcript', sequenceNumber: 1, text: 'first' },
          { type: 'transcript', sequenceNumber: 2, text: 'second again' },
        ],
        liveState,
      );
      expect(state.transcript).toEqual([
        { sequenceNumber: 1, text: 'first' },
        { sequenceNumber: 2, text: 'second again' },
      ]);

      const many = Array.from({ length: TRANSCRIPT_LINES + 5 }, (_, i): SessionEvent => ({
        type: 'transcript',
        sequenceNumber: i,
        text: `line ${i}`,
      }));
      const long = run(many, liveState);
      expect(long.transcript).toHaveLength(TRANSCRIPT_LINES);
      expect(long.transcript[0]?.sequenceNumber).toBe(5);
      expect(reduceSession(initialSession(), many[0] as SessionEvent)).toEqual(initialSession());
    });

    it('shows each kind of audio-quality warning once, until dismissed or stale', () => {
      const state = run(
        [
          { type: 'qualityWarning', issue: 'clipping', at: 1000 },
          { type: 'qualityWarning', issue: 'silence', at: 2000 },
          { type: 'qualityWarning', issue: 'clipping', at: 3000 },
        ],
        liveState,
      );
      expect(state.warnings).toEqual([
        { issue: 'silence', receivedAt: 2000 },
        { issue: 'clipping', receivedAt: 3000 },
      ]);

      expect(reduceSession(state, { type: 'dismissWarning', issue: 'silence' }).warnings).toEqual([
        { issue: 'clipping', receivedAt: 3000 },
      ]);
      expect(reduceSession(state, { type: 'tick', now: 2000 + WARNING_TTL_MS }).warnings).toEqual([
        { issue: 'clipping', receivedAt: 3000 },
      ]);
      expect(reduceSession(state, { type: 'tick', now: 2500 })).toBe(state);
      expect(reduceSession(initialSession(), { type: 'qualityWarning', issue: 'low_snr', at: 1 })).toEqual(
        initialSession(),
      );
    });

    it('shows a server error about the audio without leaving the phase', () => {
      const state = reduceSession(liveState, {
        type: 'serverError',
        code: 'RATE_LIMIT_EXCEEDED',
        retryAfter: 1,
      });

      expect(state.phase).toBe('live');
      expect(state.problem).toEqual({ code: 'RATE_LIMIT_EXCEEDED', during: 'audio', retryAfter: 1 });
      expect(reduceSession(initialSession(), { type: 'serverError', code: 'X' })).toEqual(initialSession());
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
