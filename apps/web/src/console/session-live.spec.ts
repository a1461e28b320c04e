import { TRANSCRIPT_LINES, WARNING_TTL_MS, initialSession, reduceSession } from './session';
import type { SessionEvent } from './session';
import { run, createdState, liveState } from './session.harness';

describe('the session state machine', () => {
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
});
