import { MAX_REPLAYED_PER_REQUEST } from './replay';
import { askReplay, completion, received, recordUtterances, sessionWithListener } from './replay.harness';

// `replay { afterSequenceNumber: -1 }` (a listener greeted before anything was said), and numbers
// before the language's first recorded one: never recorded in it (nobody listened in it), never missed.

describe('replay from the start of the session', () => {
  it('sends every utterance from the first, in order, nothing missed', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [0, 1, 2], { parts: 1 });

    // Act
    await askReplay(deps, { afterSequenceNumber: -1, requestId: 'req-1' });

    // Assess
    expect(received(deps)).toEqual(['audio 0.0', 'audio 1.0', 'audio 2.0', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ requestId: 'req-1', replayed: 3, lastSequenceNumber: 2 });
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('answers replayed 0, without a number or missed, when nothing was said yet', async () => {
    // Prepare
    const deps = await sessionWithListener();

    // Act
    await askReplay(deps, { afterSequenceNumber: -1 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 0 });
    expect(completion(deps)).not.toHaveProperty('lastSequenceNumber');
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('reports the first utterances missed once they have left the window', async () => {
    // Prepare: 0–2 recorded 6 minutes ago (out of the 5-minute window), 3 now
    const deps = await sessionWithListener();
    await recordUtterances(deps, [0, 1, 2], { parts: 0 });
    deps.clock.advance(6 * 60_000);
    await recordUtterances(deps, [3], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: -1 });

    // Assess
    expect(received(deps)).toEqual(['caption 3', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ missed: { fromSequenceNumber: 0, toSequenceNumber: 2 } });
  });
});

describe("replay: numbers before the language's first recorded one", () => {
  it('are not missed when the language was first recorded later (nobody listened in it before)', async () => {
    // Prepare: Spanish recorded from 5 on
    const deps = await sessionWithListener();
    await recordUtterances(deps, [5, 6], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: -1 });

    // Assess
    expect(received(deps)).toEqual(['caption 5', 'caption 6', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 2, lastSequenceNumber: 6 });
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('are not counted in the missed range when the first ones have left the window', async () => {
    // Prepare: Spanish recorded from 5 on; 5–6 left the window, 7–8 in it
    const deps = await sessionWithListener();
    await recordUtterances(deps, [5, 6], { parts: 0 });
    deps.clock.advance(6 * 60_000);
    await recordUtterances(deps, [7, 8], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 2 });

    // Assess
    expect(received(deps)).toEqual(['caption 7', 'caption 8', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ missed: { fromSequenceNumber: 5, toSequenceNumber: 6 } });
  });

  it('are not counted when the whole window has passed', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [4, 5]);
    deps.clock.advance(deps.replay.windowMs + 1);

    // Act
    await askReplay(deps, { afterSequenceNumber: -1 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).toMatchObject({
      replayed: 0,
      lastSequenceNumber: 5,
      missed: { fromSequenceNumber: 4, toSequenceNumber: 5 },
    });
  });

  it('are not counted when more than a request holds are in the window', async () => {
    // Prepare: Spanish from 10 on, all in the window, more than one replay sends
    const deps = await sessionWithListener();
    const last = 10 + MAX_REPLAYED_PER_REQUEST + 4;
    await recordUtterances(
      deps,
      Array.from({ length: last - 9 }, (_, index) => 10 + index),
      { parts: 0 },
    );

    // Act
    await askReplay(deps, { afterSequenceNumber: 3 });

    // Assess: the newest are sent, the oldest of the language reported missed
    expect(completion(deps)).toMatchObject({
      replayed: MAX_REPLAYED_PER_REQUEST,
      lastSequenceNumber: last,
      missed: { fromSequenceNumber: 10, toSequenceNumber: 14 },
    });
  });

  it('change nothing for a listener whose number is at or after the first', async () => {
    // Prepare: Spanish from 5 on; 5–7 left the window
    const deps = await sessionWithListener();
    await recordUtterances(deps, [5, 6, 7], { parts: 0 });
    deps.clock.advance(6 * 60_000);
    await recordUtterances(deps, [8], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 5 });

    // Assess
    expect(completion(deps)).toMatchObject({ missed: { fromSequenceNumber: 6, toSequenceNumber: 7 } });
  });
});
