import { initialShare, joinLink, reduceShare } from './share';

describe('the share panel state machine', () => {
  it('opens the projector view and closes it with the button (or Escape)', () => {
    const projector = reduceShare(initialShare(), { type: 'openProjector' });
    expect(projector.view).toBe('projector');
    expect(reduceShare(projector, { type: 'openProjector' })).toBe(projector);

    const panel = reduceShare(projector, { type: 'closeProjector' });
    expect(panel).toEqual(initialShare());
    expect(reduceShare(panel, { type: 'closeProjector' })).toBe(panel);
  });

  it('leaves the projector view when the browser leaves full screen (its own Escape)', () => {
    const projector = reduceShare(initialShare(), { type: 'openProjector' });
    const fullscreen = reduceShare(projector, { type: 'fullscreenChanged', active: true });
    expect(fullscreen).toEqual({ view: 'projector', copy: 'idle', fullscreen: true });

    expect(reduceShare(fullscreen, { type: 'fullscreenChanged', active: false })).toEqual(initialShare());
  });

  it('stays in the projector view when full screen was never granted', () => {
    const projector = reduceShare(initialShare(), { type: 'openProjector' });

    expect(reduceShare(projector, { type: 'fullscreenChanged', active: false })).toBe(projector);
    const panel = initialShare();
    expect(reduceShare(panel, { type: 'fullscreenChanged', active: true })).toBe(panel);
  });

  it('says "copied" or "could not copy" for a while after the copy button', () => {
    const copied = reduceShare(initialShare(), { type: 'copied' });
    expect(copied.copy).toBe('copied');
    expect(reduceShare(copied, { type: 'copyFeedbackExpired' }).copy).toBe('idle');
    expect(reduceShare(initialShare(), { type: 'copyFailed' }).copy).toBe('failed');
    const idle = initialShare();
    expect(reduceShare(idle, { type: 'copyFeedbackExpired' })).toBe(idle);
  });

  it("builds the join link on the console's origin", () => {
    expect(joinLink('https://cast.example.org', 'golden-eagle-427')).toBe(
      'https://cast.example.org/listen/golden-eagle-427',
    );
  });
});
