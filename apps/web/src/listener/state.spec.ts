import { chooseLanguage, reduce } from './state';
import { active, LANGUAGES, run, start, ready, live, caption } from './state.harness';

describe('initialState', () => {
  it('starts joining with the first wanted language, audio locked until a tap', () => {
    const state = start();
    expect(state).toMatchObject({
      phase: 'joining',
      language: 'es-ES',
      audio: 'locked',
      captionsOnly: false,
    });
  });

  it('starts with audio off in captions-only mode and the remembered display choices', () => {
    const state = start({
      captionsOnly: true,
      captionView: 'both',
      textScale: 1.3,
      theme: 'dark',
      wantedLanguages: [],
    });
    expect(state).toMatchObject({
      audio: 'off',
      captionView: 'both',
      textScale: 1.25,
      theme: 'dark',
      language: 'en',
    });
  });
});

describe('joining → checking → ready-to-tap', () => {
  it('checks the session once the configuration is loaded', () => {
    expect(reduce(start(), { type: 'configLoaded' }).phase).toBe('checking');
  });

  it('ignores a late configLoaded after joining', () => {
    const state = ready();
    expect(reduce(state, { type: 'configLoaded' })).toBe(state);
  });

  it('shows an error when the configuration fails, and retrying loads it again', () => {
    const failed = reduce(start(), { type: 'configFailed', detail: 'no config' });
    expect(failed).toMatchObject({ phase: 'error', problem: { code: 'CONFIG', detail: 'no config' } });
    expect(reduce(failed, { type: 'retry' }).phase).toBe('joining');
  });

  it('is ready to tap for an active session, in a served language matching the browser', () => {
    const state = ready();
    expect(state).toMatchObject({
      phase: 'ready-to-tap',
      language: 'es',
      sourceLanguage: 'en',
      languages: LANGUAGES,
    });
  });

  it('falls back to the next wanted language when the first is not served', () => {
    const state = run(
      start({ wantedLanguages: ['xx', 'de-DE', 'fr-CA'] }),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session: active, languages: LANGUAGES },
    );
    expect(state.language).toBe('fr');
  });

  it('keeps a language chosen before a re-check', () => {
    const paused = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session: { ...active, status: 'paused' }, languages: LANGUAGES },
    );
    const chosen = reduce(paused, { type: 'languageChosen', language: 'ca' });
    const state = run(
      chosen,
      { type: 'retry' },
      { type: 'sessionChecked', session: active, languages: LANGUAGES },
    );
    expect(state.language).toBe('ca');
  });

  it('takes the speaker state from the check', () => {
    const session = { ...active, broadcastState: { paused: false, muted: true } };
    const state = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session, languages: LANGUAGES },
    );
    expect(state.speaker).toEqual({ paused: false, muted: true });
  });

  it.each([
    ['ended', { ...active, status: 'ended' as const }],
    ['paused', { ...active, status: 'paused' as const }],
    ['full', { ...active, listenerCount: 500 }],
  ])('says %s before any WebSocket', (phase, session) => {
    const state = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session, languages: LANGUAGES },
    );
    expect(state.phase).toBe(phase);
    expect(state.capacity).toBe(500);
  });

  it('is not full when the session names no capacity', () => {
    const session = { ...active, maxListeners: undefined, listenerCount: 10_000 };
    const state = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session, languages: LANGUAGES },
    );
    expect(state.phase).toBe('ready-to-tap');
  });

  it('says not found for an unknown session', () => {
    expect(run(start(), { type: 'configLoaded' }, { type: 'sessionNotFound' }).phase).toBe('not-found');
  });

  it('shows a check failure as an error with its code, and retries', () => {
    const failed = run(
      start(),
      { type: 'configLoaded' },
      { type: 'checkFailed', code: 'HTTP_ERROR', detail: '503' },
    );
    expect(failed).toMatchObject({ phase: 'error', problem: { code: 'HTTP_ERROR', detail: '503' } });
    expect(reduce(failed, { type: 'retry' })).toMatchObject({ phase: 'checking', problem: undefined });
  });

  it('ignores a check failure outside checking', () => {
    const state = ready();
    expect(reduce(state, { type: 'checkFailed', code: 'X' })).toBe(state);
  });

  it('re-checks a paused or full session on retry and becomes ready when it is active', () => {
    const paused = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session: { ...active, status: 'paused' }, languages: LANGUAGES },
    );
    const rechecking = reduce(paused, { type: 'retry' });
    expect(rechecking.phase).toBe('checking');
    expect(reduce(rechecking, { type: 'sessionChecked', session: active, languages: LANGUAGES }).phase).toBe(
      'ready-to-tap',
    );
    const full = run(
      start(),
      { type: 'configLoaded' },
      { type: 'sessionChecked', session: { ...active, listenerCount: 900 }, languages: LANGUAGES },
    );
    expect(reduce(full, { type: 'retry' }).phase).toBe('checking');
  });

  it('ignores a check result while live, and retry while live', () => {
    const state = live();
    expect(
      reduce(state, {
        type: 'sessionChecked',
        session: { ...active, status: 'ended' },
        languages: LANGUAGES,
      }),
    ).toBe(state);
    expect(reduce(state, { type: 'retry' })).toBe(state);
    expect(reduce(state, { type: 'sessionNotFound' })).toBe(state);
  });
});

describe('ready-to-tap → connecting → live', () => {
  it('starts audio on the tap and connects', () => {
    expect(reduce(ready(), { type: 'tapped' })).toMatchObject({ phase: 'connecting', audio: 'starting' });
  });

  it('keeps audio off when tapping in captions-only mode', () => {
    expect(reduce(ready({ captionsOnly: true }), { type: 'tapped' })).toMatchObject({ audio: 'off' });
  });

  it('ignores a tap before the session is checked', () => {
    const state = start();
    expect(reduce(state, { type: 'tapped' })).toBe(state);
  });

  it('is live once joined, with the speaker state from the greeting', () => {
    const state = run(
      ready(),
      { type: 'tapped' },
      { type: 'joined', paused: true, muted: true, language: 'ca' },
    );
    expect(state).toMatchObject({ phase: 'live', language: 'ca', speaker: { paused: true, muted: true } });
  });

  it('ignores joined when not connecting', () => {
    const state = ready();
    expect(reduce(state, { type: 'joined', paused: false, muted: false })).toBe(state);
  });

  it.each([
    ['SESSION_NOT_FOUND', 'not-found'],
    ['SESSION_ENDED', 'ended'],
    ['SESSION_FULL', 'full'],
    ['SESSION_NOT_ACTIVE', 'paused'],
    ['TIMEOUT', 'error'],
  ])('maps a join refused with %s to %s', (code, phase) => {
    const state = run(ready(), { type: 'tapped' }, { type: 'joinFailed', code, detail: 'why' });
    expect(state.phase).toBe(phase);
  });

  it('keeps the error code of an unexpected join failure', () => {
    const state = run(ready(), { type: 'tapped' }, { type: 'joinFailed', code: 'TIMEOUT' });
    expect(state.problem).toEqual({ code: 'TIMEOUT' });
  });

  it('ignores a join failure when not connecting', () => {
    const state = ready();
    expect(reduce(state, { type: 'joinFailed', code: 'TIMEOUT' })).toBe(state);
  });
});

describe('live → reconnecting → live', () => {
  it('reconnects after the connection is lost and is live again', () => {
    const reconnecting = reduce(live(), { type: 'connectionLost' });
    expect(reconnecting.phase).toBe('reconnecting');
    expect(reduce(reconnecting, { type: 'reconnected' }).phase).toBe('live');
    expect(reduce(reconnecting, { type: 'joined', paused: false, muted: true }).phase).toBe('live');
  });

  it('loses the connection while connecting too', () => {
    expect(run(ready(), { type: 'tapped' }, { type: 'connectionLost' }).phase).toBe('reconnecting');
  });

  it('ignores connection signals that do not apply', () => {
    const state = ready();
    expect(reduce(state, { type: 'connectionLost' })).toBe(state);
    const livePage = live();
    expect(reduce(livePage, { type: 'reconnected' })).toBe(livePage);
    expect(reduce(state, { type: 'reconnectFailed' })).toBe(state);
  });

  it('shows an error when reconnecting gives up, and retry checks again', () => {
    const failed = run(live(), { type: 'connectionLost' }, { type: 'reconnectFailed' });
    expect(failed).toMatchObject({ phase: 'error', problem: { code: 'CONNECTION_LOST' } });
    expect(reduce(failed, { type: 'retry' }).phase).toBe('checking');
  });
});

describe('speaker state and ending', () => {
  it('shows pause, resume, mute and unmute', () => {
    const paused = reduce(live(), { type: 'speakerPaused' });
    expect(paused.speaker.paused).toBe(true);
    expect(reduce(paused, { type: 'speakerResumed' }).speaker.paused).toBe(false);
    const muted = reduce(live(), { type: 'speakerMuted' });
    expect(muted.speaker.muted).toBe(true);
    expect(reduce(muted, { type: 'speakerUnmuted' }).speaker.muted).toBe(false);
  });

  it('ends, keeping the captions for the transcript', () => {
    const state = run(
      live(),
      { type: 'caption', caption: caption(0) },
      { type: 'behindLive', ms: 3000 },
      { type: 'sessionEnded' },
    );
    expect(state).toMatchObject({ phase: 'ended', behindLiveSeconds: 0 });
    expect(state.captions).toHaveLength(1);
  });
});

describe('chooseLanguage', () => {
  it('prefers an exact then a same-language match', () => {
    expect(chooseLanguage(['pt-BR'], ['pt', 'pt-BR'])).toBe('pt-BR');
    expect(chooseLanguage(['es-ES'], ['ca', 'es'])).toBe('es');
    expect(chooseLanguage(['pt'], ['pt-BR'])).toBe('pt-BR');
  });

  it('falls back to the first served language that is not the speaker’s', () => {
    expect(chooseLanguage(['ja'], ['en', 'es'], 'en')).toBe('es');
    expect(chooseLanguage(['ja'], ['en'], 'en')).toBe('en');
    expect(chooseLanguage(['ja'], [])).toBe('ja');
    expect(chooseLanguage([], [])).toBe('en');
  });
});
