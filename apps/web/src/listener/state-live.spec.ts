import type { ListenerEvent } from './state';
import { MAX_CAPTIONS, closestScale, reduce, stepScale } from './state';
import { run, ready, live, caption } from './state.harness';

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
