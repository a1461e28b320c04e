import { reduce } from './state';
import { caption, live, ready, run } from './state.harness';

describe('listener state: what a drop made the listener miss', () => {
  it('says how many utterances were missed and about how long, adding up until dismissed', () => {
    // Prepare: no pace known yet, so 5 s an utterance
    const state = live();

    // Act
    const once = run(state, { type: 'missed', count: 8 });
    const twice = run(once, { type: 'missed', count: 2 });
    const dismissed = run(twice, { type: 'missedDismissed' });

    // Assess
    expect(once.missed).toEqual({ count: 8, seconds: 40 });
    expect(twice.missed).toEqual({ count: 10, seconds: 50 });
    expect(dismissed.missed).toBeUndefined();
    expect(reduce(dismissed, { type: 'missedDismissed' })).toBe(dismissed);
  });

  it('estimates from the pace of the captions it has', () => {
    const paced = run(
      live(),
      { type: 'caption', caption: { ...caption(0), sentAt: 100_000 } },
      { type: 'caption', caption: { ...caption(4), sentAt: 140_000 } },
      { type: 'missed', count: 3 },
    );
    expect(paced.missed).toEqual({ count: 3, seconds: 30 });
  });

  it('ignores a missed report when not connected, or one of nothing', () => {
    const before = ready();
    expect(reduce(before, { type: 'missed', count: 4 })).toBe(before);
    const connected = live();
    expect(reduce(connected, { type: 'missed', count: 0 })).toBe(connected);
  });

  it('puts a caption a replay filled in late where it belongs, in utterance order', () => {
    const state = run(
      live(),
      { type: 'caption', caption: caption(1) },
      { type: 'caption', caption: caption(3) },
      { type: 'caption', caption: caption(2) },
      { type: 'caption', caption: caption(0) },
      { type: 'caption', caption: caption(4) },
    );
    expect(state.captions.map((c) => c.sequenceNumber)).toEqual([0, 1, 2, 3, 4]);
  });
});
