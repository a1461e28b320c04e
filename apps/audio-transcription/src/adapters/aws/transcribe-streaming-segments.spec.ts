import { SegmentFinals } from './transcribe-streaming-segments';

// The segment bookkeeping alone; the stream's use of it: transcribe-streaming-speech-streams-segments.spec.ts.
describe('SegmentFinals', () => {
  it('keeps a closing request’s late finals before the next request’s, in the segments and the whole text', () => {
    // Prepare
    const finals = new SegmentFinals(600);
    finals.add({ request: 1, text: 'One.', confidences: [1], endMs: 900 });
    finals.add({ request: 2, text: 'Three.', confidences: [], endMs: 2_400 });

    // Act
    finals.add({ request: 1, text: 'Two.', confidences: [0.5], endMs: 1_900 });
    const first = finals.takeThrough(1, 2_000);
    const second = finals.takeCovering(3_000);

    // Assess
    expect(first).toEqual({ text: 'One. Two.', confidence: 0.75, endMs: 2_000 });
    expect(second).toEqual({ text: 'Three.', endMs: 3_000 });
    expect(finals.all()).toEqual({ text: 'One. Two. Three.', confidence: 0.75 });
  });

  it('counts a cut the previous segment already reached as covered, giving it the finals left before it', () => {
    // Prepare
    const finals = new SegmentFinals(600);
    finals.add({ request: 1, text: 'A long sentence.', confidences: [], endMs: 3_200 });
    finals.takeCovering(3_000);
    finals.add({ request: 1, text: '', confidences: [] });

    // Act
    const covered = finals.covered(3_100);
    const segment = finals.takeCovering(3_100);

    // Assess
    expect(covered).toBe(true);
    expect(segment).toEqual({ text: '', endMs: 3_200 });
    // Within the tolerance after the previous segment, but not reached by it: its own words are awaited.
    expect(finals.covered(3_500)).toBe(false);
    expect(new SegmentFinals(600).covered(300)).toBe(false);
  });

  it('wakes a waiting cut only with a final that reaches it', async () => {
    // Prepare
    const finals = new SegmentFinals(600);
    let woken = false;
    const waiting = finals.whenCovered(2_000).then(() => (woken = true));

    // Act
    finals.add({ request: 1, text: 'Short.', confidences: [], endMs: 1_000 });
    await Promise.resolve();
    const wokenTooSoon = woken;
    finals.add({ request: 1, text: 'Long.', confidences: [], endMs: 1_500 });
    await waiting;

    // Assess
    expect(wokenTooSoon).toBe(false);
    expect(woken).toBe(true);
    await expect(finals.whenCovered(2_000)).resolves.toBeUndefined();
  });
});
