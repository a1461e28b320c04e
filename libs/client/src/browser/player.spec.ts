import type { AudioPlayerState, UtteranceTiming } from './player';
import { createAudioPlayer } from './player';
import { FakeAudioContext, asContext, settle, utterance } from '../testing/fake-audio-context';

describe('createAudioPlayer', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('plays utterances back to back in order, skipping and reporting one it cannot decode', async () => {
    // Prepare
    const context = new FakeAudioContext();
    const undecodable: number[] = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onUndecodable: (audio) => undecodable.push(audio.sequenceNumber),
    });

    // Act: 0 decodes (2 s), 1 does not, 2 decodes (3 s)
    player.enqueue(utterance(0, 20));
    player.enqueue(utterance(1, 0));
    player.enqueue(utterance(2, 30));
    await settle();

    // Assess
    expect(context.started).toEqual([
      { at: 10.05, duration: 2 },
      { at: 12.05, duration: 3 },
    ]);
    expect(undecodable).toEqual([1]);
    expect(player.stats).toMatchObject({ played: 3, undecodable: 1, skipped: 0, droppedForLive: 0 });
    await player.stop();
  });

  it('unlocks inside the tap: resumes and starts a one-sample silent buffer before anything is awaited', async () => {
    // Prepare
    const context = new FakeAudioContext();
    const states: AudioPlayerState[] = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onStateChange: (s) => states.push(s),
    });
    const before = player.state;

    // Act
    const unlocking = player.unlock();
    const duringTheTap = [...context.calls];
    await unlocking;

    // Assess
    expect(before).toBe('suspended');
    expect(duringTheTap).toEqual(['resume', 'silent buffer at 0']);
    expect(player.state).toBe('running');
    expect(states).toEqual(['running']);
  });

  it('stops waiting for a resume the browser never answers, and stays suspended', async () => {
    // Prepare
    jest.useFakeTimers();
    const context = new FakeAudioContext();
    context.resume = () => {
      context.calls.push('resume');
      return new Promise<void>(() => undefined);
    };
    const player = createAudioPlayer({ audioContext: asContext(context), unlockTimeoutMs: 1500 });
    let settled = false;

    try {
      // Act
      const unlocking = player.unlock().then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(1499);
      const beforeTheTimeout = settled;
      await jest.advanceTimersByTimeAsync(1);
      await unlocking;

      // Assess
      expect(beforeTheTimeout).toBe(false);
      expect(settled).toBe(true);
      expect(player.state).toBe('suspended');
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports an AudioContext that stops after it ran as interrupted, until it is unlocked again', async () => {
    // Prepare
    const context = new FakeAudioContext();
    const states: AudioPlayerState[] = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onStateChange: (s) => states.push(s),
    });
    await player.unlock();

    // Act: a screen lock (Chrome, older Safari), the tap to resume, a call (Safari's own state), the end
    context.become('suspended');
    await player.unlock();
    context.become('interrupted');
    const duringTheCall = player.state;
    context.become('running');
    await player.stop();

    // Assess
    expect(duringTheCall).toBe('interrupted');
    expect(states).toEqual(['running', 'interrupted', 'running', 'interrupted', 'running', 'closed']);
    expect(player.state).toBe('closed');
  });

  it('starts as running where the page may already play audio', () => {
    const player = createAudioPlayer({ audioContext: asContext(new FakeAudioContext('running')) });
    expect(player.state).toBe('running');
  });

  it('calls onUtteranceStart when each utterance starts playing, with its time and how far behind it is', async () => {
    // Prepare
    const context = new FakeAudioContext('running');
    const t0 = performance.now();
    const starts: Array<[number, UtteranceTiming]> = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onUtteranceStart: (audio, timing) => starts.push([audio.sequenceNumber, timing]),
    });
    player.enqueue(utterance(0, 20));
    player.enqueue(utterance(1, 30));
    await settle();

    // Act
    jest.advanceTimersByTime(49);
    const beforeTheFirst = starts.length;
    jest.advanceTimersByTime(1);
    jest.advanceTimersByTime(2_000);

    // Assess: 0 starts after the 50 ms lead with 5 s ahead of it; 1 two seconds later
    expect(beforeTheFirst).toBe(0);
    expect(starts).toEqual([
      [0, { startedAt: t0 + 50, behindLiveMs: 5_000 }],
      [1, { startedAt: t0 + 2_050, behindLiveMs: 3_000 }],
    ]);
  });

  it('announces nothing while the AudioContext is stopped, and the start once it runs', async () => {
    // Prepare: scheduled before the tap
    const context = new FakeAudioContext();
    const starts: number[] = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onUtteranceStart: (_audio, timing) => starts.push(timing.startedAt),
    });
    player.enqueue(utterance(0, 20));
    await settle();

    // Act
    jest.advanceTimersByTime(10_000);
    const whileSuspended = starts.length;
    context.become('running');
    const tappedAt = performance.now();
    jest.advanceTimersByTime(50);

    // Assess: the clock stood still, so the utterance starts (and is announced) 50 ms after the tap
    expect(whileSuspended).toBe(0);
    expect(starts).toEqual([tappedAt + 50]);
  });

  it('takes the start time from the output timestamp when the context gives one', async () => {
    // Prepare: the speakers play now what the context rendered 20 ms ago (a second into the page)
    jest.advanceTimersByTime(1_000);
    const context = new FakeAudioContext('running');
    const t0 = performance.now();
    context.outputTimestamp = { contextTime: context.currentTime - 0.02, performanceTime: t0 };
    const starts: number[] = [];
    const player = createAudioPlayer({
      audioContext: asContext(context),
      onUtteranceStart: (_audio, timing) => starts.push(timing.startedAt),
    });

    // Act
    player.enqueue(utterance(0, 20));
    await settle();
    jest.advanceTimersByTime(50);

    // Assess: scheduled 50 ms ahead, heard 20 ms after that
    expect(starts).toHaveLength(1);
    expect(starts[0]).toBeCloseTo(t0 + 70, 6);
  });

  it('sets the volume within 0…1 and closes an AudioContext it made itself', async () => {
    // Prepare
    const context = new FakeAudioContext();
    const gain = { gain: { value: 1 }, connect: () => undefined };
    context.createGain = () => gain;
    const made = jest.fn(() => context);
    Object.defineProperty(globalThis, 'AudioContext', { value: made, configurable: true, writable: true });
    const player = createAudioPlayer();

    // Act
    player.setVolume(1.7);
    const loud = gain.gain.value;
    player.setVolume(-1);
    await player.stop();
    await player.unlock();

    // Assess: unlocking a stopped player does nothing
    expect([loud, gain.gain.value]).toEqual([1, 0]);
    expect(context.state).toBe('closed');
    expect(context.calls).toEqual([]);
    Reflect.deleteProperty(globalThis, 'AudioContext');
  });
});
