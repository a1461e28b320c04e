import type { ReceivedAudio } from '../audio-assembler';
import type { AudioPlayerState, UtteranceTiming } from './player';
import { createAudioPlayer } from './player';

type ContextState = 'suspended' | 'running' | 'interrupted' | 'closed';

/**
 * The part of AudioContext the player uses. Its clock runs with performance.now() (faked by jest)
 * while the state is running; MP3s whose first byte is 0 fail to decode, others last first/10 s.
 */
class FakeAudioContext {
  state: ContextState;
  readonly sampleRate = 48_000;
  readonly destination = {};
  readonly started: Array<{ at: number; duration: number }> = [];
  readonly stopped: number[] = [];
  /** What happened inside unlock(), in order. */
  readonly calls: string[] = [];
  outputTimestamp: { contextTime: number; performanceTime: number } | undefined;
  private clock = 10;
  private runningSince: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(state: ContextState = 'suspended') {
    this.state = state;
    if (state === 'running') this.runningSince = performance.now();
  }

  get currentTime(): number {
    return (
      this.clock + (this.runningSince === undefined ? 0 : (performance.now() - this.runningSince) / 1000)
    );
  }

  /** The browser moves the context (a tap, a screen lock, a call). */
  become(state: ContextState): void {
    this.clock = this.currentTime;
    this.runningSince = state === 'running' ? performance.now() : undefined;
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  addEventListener(_type: 'statechange', listener: () => void) {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'statechange', listener: () => void) {
    this.listeners.delete(listener);
  }

  createGain() {
    return { gain: { value: 1 }, connect: () => undefined };
  }

  createBuffer(_channels: number, length: number, rate: number) {
    return { duration: length / rate, silent: true };
  }

  async decodeAudioData(bytes: ArrayBuffer): Promise<{ duration: number }> {
    const first = new Uint8Array(bytes)[0] ?? 0;
    if (first === 0) throw new Error('EncodingError: unable to decode audio data');
    return { duration: first / 10 };
  }

  createBufferSource() {
    const index = this.started.length;
    const source = {
      buffer: undefined as { duration: number; silent?: boolean } | undefined,
      onended: null as (() => void) | null,
      connect: () => undefined,
      start: (at: number) => {
        if (source.buffer?.silent) this.calls.push(`silent buffer at ${at}`);
        else this.started.push({ at, duration: source.buffer?.duration ?? 0 });
      },
      stop: () => this.stopped.push(index),
    };
    return source;
  }

  getOutputTimestamp() {
    return this.outputTimestamp ?? { contextTime: 0, performanceTime: 0 };
  }

  resume(): Promise<void> {
    this.calls.push('resume');
    return Promise.resolve().then(() => this.become('running'));
  }

  async close() {
    this.become('closed');
  }
}

function utterance(sequenceNumber: number, firstByte: number, durationMs = 1000): ReceivedAudio {
  return {
    sequenceNumber,
    targetLanguage: 'es',
    format: 'mp3',
    audio: new Uint8Array([firstByte, 1, 2, 3]),
    durationMs,
    transcript: `utterance ${sequenceNumber}`,
  };
}

/** Lets decoding and scheduling (promise callbacks) run; no time passes. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

const asContext = (context: FakeAudioContext) => context as unknown as AudioContext;

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
