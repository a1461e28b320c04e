import type { ListenerEvent } from './state';
import { caption, live, ready, run, start } from './state.harness';

// Live captions as spoken (issue 13): the setting, and the live line through the page's life.

const partial = (sequenceNumber: number, text: string): ListenerEvent => ({
  type: 'partial',
  partial: { sequenceNumber, sourceLanguage: 'en', text },
});

describe('the listener state machine: live captions', () => {
  it('starts with live captions off unless remembered on', () => {
    expect(start().liveCaptions).toBe(false);
    expect(start({ liveCaptions: true }).liveCaptions).toBe(true);
  });

  it('switches them before and while live; off drops the line', () => {
    expect(run(ready(), { type: 'liveCaptionsChosen', on: true }).liveCaptions).toBe(true);
    const showing = run(live(), { type: 'liveCaptionsChosen', on: true }, partial(0, 'the church'));
    expect(showing.partial?.text).toBe('the church');
    const off = run(showing, { type: 'liveCaptionsChosen', on: false });
    expect(off.liveCaptions).toBe(false);
    expect(off.partial).toBeUndefined();
    expect(run(off, { type: 'liveCaptionsChosen', on: false })).toBe(off);
  });

  it('goes back when the server refused the switch, and says so', () => {
    const refused = run(live(), { type: 'liveCaptionsChosen', on: true }, partial(0, 'the church'), {
      type: 'liveCaptionsFailed',
      on: true,
    });
    expect(refused).toMatchObject({ liveCaptions: false, notice: 'liveCaptionsFailed' });
    expect(refused.partial).toBeUndefined();
    const keptOn = run(
      live({ liveCaptions: true }),
      { type: 'liveCaptionsChosen', on: false },
      {
        type: 'liveCaptionsFailed',
        on: false,
      },
    );
    expect(keptOn).toMatchObject({ liveCaptions: true, notice: 'liveCaptionsFailed' });
    expect(run(keptOn, { type: 'liveCaptionsChosen', on: false }).notice).toBeUndefined();
  });

  it('replaces the live line with the utterance’s caption', () => {
    const state = run(
      live({ liveCaptions: true }),
      partial(0, 'the church'),
      { type: 'caption', caption: caption(0) },
      partial(0, 'the church meets'),
    );
    expect(state.partial).toBeUndefined();
    expect(state.captions).toHaveLength(1);
  });

  it('clears the live line when the connection drops, the speaker pauses or mutes, or the talk ends', () => {
    const showing = run(live({ liveCaptions: true }), partial(0, 'the church'));
    for (const event of [
      { type: 'connectionLost' },
      { type: 'speakerPaused' },
      { type: 'speakerMuted' },
      { type: 'sessionEnded' },
    ] as ListenerEvent[])
      expect([event.type, run(showing, event).partial]).toEqual([event.type, undefined]);
  });

  it('shows the next words again after a reconnect', () => {
    const state = run(
      live({ liveCaptions: true }),
      partial(0, 'the church'),
      { type: 'connectionLost' },
      { type: 'reconnected' },
      partial(0, 'the church meets'),
    );
    expect(state.partial?.text).toBe('the church meets');
  });
});
