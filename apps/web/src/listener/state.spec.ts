import type { Caption, ListenerEvent, ListenerState, SessionCheck } from './state';
import { MAX_CAPTIONS, chooseLanguage, closestScale, initialState, reduce, stepScale } from './state';

const active: SessionCheck = {
  status: 'active',
  sourceLanguage: 'en',
  listenerCount: 3,
  maxListeners: 500,
  broadcastState: { paused: false, muted: false },
};
const LANGUAGES = ['es', 'ca', 'fr', 'en'];

function run(state: ListenerState, ...events: ListenerEvent[]): ListenerState {
  return events.reduce(reduce, state);
}

function start(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return initialState({ sessionId: 'golden-eagle-427', wantedLanguages: ['es-ES', 'en'], ...overrides });
}

function ready(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return run(
    start(overrides),
    { type: 'configLoaded' },
    { type: 'sessionChecked', session: active, languages: LANGUAGES },
  );
}

function live(overrides: Partial<Parameters<typeof initialState>[0]> = {}): ListenerState {
  return run(ready(overrides), { type: 'tapped' }, { type: 'joined', paused: false, muted: false });
}

function caption(sequenceNumber: number, targetLanguage = 'es'): Caption {
  return {
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: `source ${sequenceNumber}`,
    targetLanguage,
    translatedText: `texto ${sequenceNumber}`,
    receivedAtMs: sequenceNumber * 1000,
  };
}

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

describe('audio', () => {
  it('is running when the player runs and interrupted when it stops after that', () => {
    const running = reduce(live(), { type: 'audioState', state: 'running' });
    expect(running.audio).toBe('running');
    expect(reduce(running, { type: 'audioState', state: 'interrupted' }).audio).toBe('interrupted');
    expect(reduce(running, { type: 'audioState', state: 'suspended' }).audio).toBe('interrupted');
    expect(reduce(running, { type: 'audioState', state: 'closed' }).audio).toBe('interrupted');
  });

  it('stays locked before the tap and off in captions-only mode', () => {
    expect(reduce(ready(), { type: 'audioState', state: 'suspended' }).audio).toBe('locked');
    expect(reduce(live({ captionsOnly: true }), { type: 'audioState', state: 'running' }).audio).toBe('off');
  });

  it('counts the utterances the player started', () => {
    expect(run(live(), { type: 'utteranceStarted' }, { type: 'utteranceStarted' }).utterancesStarted).toBe(2);
  });

  it('switches to captions only and back while live', () => {
    const captionsOnly = reduce(live(), { type: 'captionsOnlyChosen', on: true });
    expect(captionsOnly).toMatchObject({ captionsOnly: true, audio: 'off' });
    expect(reduce(captionsOnly, { type: 'captionsOnlyChosen', on: false })).toMatchObject({
      captionsOnly: false,
      audio: 'starting',
    });
  });

  it('locks audio again when captions only is turned off before the tap', () => {
    const state = reduce(ready({ captionsOnly: true }), { type: 'captionsOnlyChosen', on: false });
    expect(state).toMatchObject({ captionsOnly: false, audio: 'locked' });
  });

  it('undoes a captions-only switch the server refused, with a notice', () => {
    const on = run(
      live(),
      { type: 'captionsOnlyChosen', on: true },
      { type: 'captionsOnlyFailed', on: true },
    );
    expect(on).toMatchObject({ captionsOnly: false, audio: 'starting', notice: 'captionsModeFailed' });
    const off = run(
      live({ captionsOnly: true }),
      { type: 'captionsOnlyChosen', on: false },
      { type: 'captionsOnlyFailed', on: false },
    );
    expect(off).toMatchObject({ captionsOnly: true, audio: 'off' });
  });

  it('shows whole seconds behind live and changes nothing when they are the same', () => {
    const behind = reduce(live(), { type: 'behindLive', ms: 4400 });
    expect(behind.behindLiveSeconds).toBe(4);
    expect(reduce(behind, { type: 'behindLive', ms: 3800 })).toBe(behind);
    expect(reduce(behind, { type: 'behindLive', ms: -50 }).behindLiveSeconds).toBe(0);
  });
});

describe('language', () => {
  it('changes the language at once before joining', () => {
    expect(reduce(ready(), { type: 'languageChosen', language: 'fr' }).language).toBe('fr');
  });

  it('ignores a language the stage does not serve', () => {
    const state = ready();
    expect(reduce(state, { type: 'languageChosen', language: 'de' })).toBe(state);
  });

  it('asks, then switches, while live', () => {
    const asked = reduce(live(), { type: 'languageChosen', language: 'ca' });
    expect(asked).toMatchObject({ language: 'es', pendingLanguage: 'ca' });
    expect(reduce(asked, { type: 'languageChanged', language: 'ca' })).toMatchObject({
      language: 'ca',
      pendingLanguage: undefined,
    });
  });

  it('cancels a pending switch when the current language is chosen again', () => {
    const state = run(
      live(),
      { type: 'languageChosen', language: 'ca' },
      { type: 'languageChosen', language: 'es' },
    );
    expect(state.pendingLanguage).toBeUndefined();
  });

  it('keeps the old language with a notice when the switch fails', () => {
    const state = run(live(), { type: 'languageChosen', language: 'ca' }, { type: 'languageChangeFailed' });
    expect(state).toMatchObject({
      language: 'es',
      pendingLanguage: undefined,
      notice: 'languageChangeFailed',
    });
  });

  it('joins in the pending language after a reconnect greets in it', () => {
    const state = run(
      live(),
      { type: 'languageChosen', language: 'ca' },
      { type: 'connectionLost' },
      { type: 'joined', paused: false, muted: false },
    );
    expect(state.language).toBe('ca');
  });
});

describe('captions', () => {
  it('adds captions once per utterance and language', () => {
    const state = run(
      live(),
      { type: 'caption', caption: caption(0) },
      { type: 'caption', caption: caption(0) },
      { type: 'caption', caption: caption(0, 'ca') },
      { type: 'caption', caption: caption(1) },
    );
    expect(state.captions.map((c) => `${c.targetLanguage}${c.sequenceNumber}`)).toEqual([
      'es0',
      'ca0',
      'es1',
    ]);
  });

  it(`keeps at most ${MAX_CAPTIONS} captions`, () => {
    let state = live();
    for (let n = 0; n < MAX_CAPTIONS + 5; n += 1)
      state = reduce(state, { type: 'caption', caption: caption(n) });
    expect(state.captions).toHaveLength(MAX_CAPTIONS);
    expect(state.captions[0]?.sequenceNumber).toBe(5);
  });
});

describe('display choices', () => {
  it('sets the caption view, the text size and the theme', () => {
    const state = run(
      ready(),
      { type: 'captionViewChosen', view: 'original' },
      { type: 'textScaleChosen', scale: 1.6 },
      { type: 'themeChosen', theme: 'light' },
    );
    expect(state).toMatchObject({ captionView: 'original', textScale: 1.5, theme: 'light' });
  });

  it('steps text sizes within bounds', () => {
    expect(stepScale(1, 1)).toBe(1.25);
    expect(stepScale(1, -1)).toBe(0.875);
    expect(stepScale(2, 1)).toBe(2);
    expect(stepScale(0.875, -1)).toBe(0.875);
  });

  it('rounds odd text sizes to the nearest offered one', () => {
    expect(closestScale(9)).toBe(2);
    expect(closestScale(Number.NaN)).toBe(1);
  });

  it('ignores an unknown event', () => {
    const state = ready();
    expect(reduce(state, { type: 'nonsense' } as unknown as ListenerEvent)).toBe(state);
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
