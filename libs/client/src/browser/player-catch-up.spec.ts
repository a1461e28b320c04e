import { DEFAULT_MAX_BEHIND_LIVE_MS, createAudioPlayer } from './player';
import { FakeAudioContext, asContext, settle, utterance } from '../testing/fake-audio-context';

describe('createAudioPlayer: catching up with live (maxBehindLiveMs)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('skips what waits once the next utterance would leave the listener too far behind, and plays it next', async () => {
    // Prepare: 5 s utterances (first byte 50), at most 12 s behind
    const context = new FakeAudioContext('running');
    const player = createAudioPlayer({ audioContext: asContext(context), maxBehindLiveMs: 12_000 });
    player.enqueue(utterance(0, 50, 5_000));
    await settle();
    jest.advanceTimersByTime(1_000); // 0 is being heard
    player.enqueue(utterance(1, 50, 5_000));
    await settle();
    const withinTheLimit = player.behindLiveMs;

    // Act: 4.05 s of 0 left + 5 s of 1 + 5 s of 2 > 12 s
    player.enqueue(utterance(2, 50, 5_000));
    await settle();

    // Assess: 1 (not started) is stopped; 0 ends; 2 starts when 0 ends
    expect(withinTheLimit).toBe(9_050);
    expect(context.stopped).toEqual([1]);
    expect(context.started).toEqual([
      { at: 10.05, duration: 5 },
      { at: 15.05, duration: 5 },
      { at: 15.05, duration: 5 },
    ]);
    expect(player.behindLiveMs).toBe(9_050);
    expect(player.stats).toMatchObject({ caughtUp: 1, droppedForLive: 1 });
  });

  it('drops audio still waiting in the jitter buffer or decoding too, and refuses what it skipped past', async () => {
    // Prepare: not tapped yet, so nothing plays and everything queues
    const context = new FakeAudioContext();
    const player = createAudioPlayer({
      audioContext: asContext(context),
      maxBehindLiveMs: 6_000,
      gapTimeoutMs: 60_000,
    });
    player.enqueue(utterance(0, 20, 2_000));
    await settle();
    player.enqueue(utterance(2, 20, 2_000)); // waits for 1

    // Act
    player.enqueue(utterance(3, 30, 3_000)); // 2.05 + 2 + 3 > 6 s
    player.enqueue(utterance(1, 20, 2_000)); // skipped past: late
    await settle();

    // Assess
    expect(context.stopped).toEqual([0]);
    expect(context.started.slice(1)).toEqual([{ at: 10.05, duration: 3 }]);
    expect(player.stats).toMatchObject({ caughtUp: 1, droppedForLive: 2, late: 1 });
  });

  it('plays a long utterance that arrives alone, however long it is', async () => {
    const context = new FakeAudioContext('running');
    const player = createAudioPlayer({ audioContext: asContext(context), maxBehindLiveMs: 1_000 });
    player.enqueue(utterance(0, 150, 15_000));
    await settle();
    expect(context.started).toEqual([{ at: 10.05, duration: 15 }]);
    expect(player.stats.caughtUp).toBe(0);
  });

  it('lets a listener fall 15 s behind by default, and never with Infinity', async () => {
    // Prepare
    const byDefault = new FakeAudioContext();
    const never = new FakeAudioContext();
    const players = [
      createAudioPlayer({ audioContext: asContext(byDefault) }),
      createAudioPlayer({ audioContext: asContext(never), maxBehindLiveMs: Infinity }),
    ];

    // Act: four 5 s utterances while nothing plays
    for (const player of players)
      for (const n of [0, 1, 2, 3]) {
        player.enqueue(utterance(n, 50, 5_000));
        await settle();
      }

    // Assess
    expect(DEFAULT_MAX_BEHIND_LIVE_MS).toBe(15_000);
    expect(players.map((player) => player.stats.caughtUp)).toEqual([1, 0]);
    expect(players.map((player) => player.behindLiveMs)).toEqual([10_050, 20_050]);
  });

  it.each([0, -1, Number.NaN, '10s'])('refuses maxBehindLiveMs %p', (value) => {
    expect(() =>
      createAudioPlayer({
        audioContext: asContext(new FakeAudioContext()),
        maxBehindLiveMs: value as number,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETERS' }));
  });
});
