import { ANNOUNCE_MIN_WORDS, afterCaption, liveLine, withPartial, withoutPartial } from './live-line';
import type { ListenerState, LivePartial } from './state';
import { caption, live, run } from './state.harness';

const heard = (sequenceNumber: number, text: string): LivePartial => ({
  sequenceNumber,
  sourceLanguage: 'en',
  text,
});

function withLiveCaptions(): ListenerState {
  return live({ liveCaptions: true });
}

describe('the live line', () => {
  it('shows the words heard so far, the latest replacing the earlier', () => {
    const state = [heard(0, 'the'), heard(0, 'the church')].reduce(withPartial, withLiveCaptions());
    expect(liveLine(state)).toEqual({ text: 'the church', language: 'en' });
  });

  it('shows nothing with live captions off, or before the page is live', () => {
    const off = live();
    expect(withPartial(off, heard(0, 'the church'))).toBe(off);
    const reconnecting = run(withLiveCaptions(), { type: 'connectionLost' });
    expect(withPartial(reconnecting, heard(0, 'the church'))).toBe(reconnecting);
    expect(liveLine(off)).toBeUndefined();
  });

  it('ignores a partial of an utterance whose caption is here, or older than the one shown', () => {
    const captioned = run(withLiveCaptions(), { type: 'caption', caption: caption(3) });
    expect(withPartial(captioned, heard(3, 'late words'))).toBe(captioned);
    const showing = withPartial(captioned, heard(5, 'five'));
    expect(withPartial(showing, heard(4, 'four'))).toBe(showing);
  });

  it('keeps the same state for an exact repeat', () => {
    const showing = withPartial(withLiveCaptions(), heard(0, 'the church'));
    expect(withPartial(showing, heard(0, 'the church'))).toBe(showing);
  });

  it('drops the line when the next partial has no words yet', () => {
    const showing = withPartial(withLiveCaptions(), heard(0, 'the church'));
    expect(withPartial(showing, heard(1, ' ')).partial).toBeUndefined();
  });

  it('goes when its utterance’s caption (or a later one) arrives, not for an earlier one', () => {
    const showing = withPartial(withLiveCaptions(), heard(2, 'the church'));
    expect(afterCaption(showing, 1)).toBe(showing);
    expect(afterCaption(showing, 2).partial).toBeUndefined();
    expect(afterCaption(showing, 7).partial).toBeUndefined();
    const none = withLiveCaptions();
    expect(afterCaption(none, 2)).toBe(none);
    expect(withoutPartial(none)).toBe(none);
  });

  it(`tells screen readers once per utterance, at its first partial of ${ANNOUNCE_MIN_WORDS} words`, () => {
    const told: string[] = [];
    let state = withLiveCaptions();
    for (const partial of [
      heard(0, 'the'),
      heard(0, 'the church meets'),
      heard(0, 'the church meets every'),
      heard(0, 'the church meets every Sunday'),
      heard(1, 'to pray together'),
      heard(1, 'to pray together now'),
    ]) {
      state = withPartial(state, partial);
      const announced = state.liveAnnouncement;
      if (announced && told.at(-1) !== `${announced.sequenceNumber}:${announced.text}`)
        told.push(`${announced.sequenceNumber}:${announced.text}`);
    }
    expect(told).toEqual(['0:the church meets', '1:to pray together']);
    expect(state.liveAnnouncement).toEqual({
      sequenceNumber: 1,
      sourceLanguage: 'en',
      text: 'to pray together',
    });
  });

  it('counts words in any script, not characters', () => {
    const state = withPartial(withLiveCaptions(), heard(0, '  Dios   es  '));
    expect(state.liveAnnouncement).toBeUndefined();
    expect(withPartial(state, heard(0, 'Dios es amor')).liveAnnouncement?.text).toBe('Dios es amor');
  });
});
