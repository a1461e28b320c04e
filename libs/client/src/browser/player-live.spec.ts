import { createAudioPlayer } from './player';
import { FakeAudioContext, asContext, settle, utterance } from '../testing/fake-audio-context';

describe('createAudioPlayer: behind live and jumping to it', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('tells how far behind live the listener is: what is scheduled plus what waits', async () => {
    // Prepare: suspended (not tapped yet), so nothing plays
    const context = new FakeAudioContext();
    const player = createAudioPlayer({ audioContext: asContext(context), gapTimeoutMs: 60_000 });

    // Act: 0 is scheduled (2 s); 2 (1.5 s) waits in the jitter buffer for 1
    player.enqueue(utterance(0, 20));
    player.enqueue(utterance(2, 30, 1_500));
    await settle();
    const beforeTheTap = player.behindLiveMs;
    context.become('running');
    jest.advanceTimersByTime(1_000);

    // Assess: 50 ms lead + 2 s scheduled + 1.5 s waiting; one second later, a second less
    expect(beforeTheTap).toBe(3_550);
    expect(player.behindLiveMs).toBe(2_550);
  });

  it('counts an utterance still decoding as behind live', () => {
    const player = createAudioPlayer({ audioContext: asContext(new FakeAudioContext()) });
    player.enqueue(utterance(0, 20, 1_800));
    expect(player.behindLiveMs).toBe(1_800);
  });

  it('jumps to live: stops what is scheduled, drops what waits, and plays the next utterance at once', async () => {
    // Prepare: 0 and 1 scheduled (2 s each); 3 waits for 2
    const context = new FakeAudioContext('running');
    const player = createAudioPlayer({ audioContext: asContext(context), gapTimeoutMs: 60_000 });
    player.enqueue(utterance(0, 20));
    player.enqueue(utterance(1, 20));
    player.enqueue(utterance(3, 20));
    await settle();
    jest.advanceTimersByTime(500);

    // Act
    player.jumpToLive();
    const behindAfterJump = player.behindLiveMs;
    player.enqueue(utterance(2, 20)); // was on its way: already behind live
    player.enqueue(utterance(4, 10));
    await settle();

    // Assess
    expect(context.stopped).toEqual([0, 1]);
    expect(behindAfterJump).toBe(0);
    expect(context.started.slice(2)).toEqual([{ at: 10.55, duration: 1 }]);
    expect(player.stats).toMatchObject({ droppedForLive: 3, late: 1 });
  });

  it('drops an utterance that was decoding when the listener jumped to live', async () => {
    // Prepare
    const context = new FakeAudioContext('running');
    const player = createAudioPlayer({ audioContext: asContext(context) });
    player.enqueue(utterance(0, 20));

    // Act: jump before its decoding finished
    player.jumpToLive();
    await settle();

    // Assess
    expect(context.started).toEqual([]);
    expect(player.stats.droppedForLive).toBe(1);
    expect(player.behindLiveMs).toBe(0);
  });
});
