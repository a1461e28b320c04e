import type { ReceivedAudio } from '../audio-assembler';
import type { Disposer } from '../emitter';
import { LingoCastError } from '../requests';
import type { JitterBufferOptions, JitterBufferStats } from './jitter-buffer';
import { JitterBuffer } from './jitter-buffer';

/**
 * Where playback is: `suspended` until `unlock()` (browsers start audio only from a tap), `running`,
 * `interrupted` when the AudioContext stopped after it had run (screen lock, a phone call: show
 * "tap to resume" and call `unlock()` again), `closed` after `stop()`.
 */
export type AudioPlayerState = 'suspended' | 'running' | 'interrupted' | 'closed';

/** When an utterance started playing, and how far behind live the listener was then. */
export interface UtteranceTiming {
  /** `performance.now()` time the utterance's first sample was played, from the AudioContext clock. */
  startedAt: number;
  behindLiveMs: number;
}

export interface AudioPlayerOptions extends JitterBufferOptions {
  /** An AudioContext to use (default: a new one, closed by `stop`). */
  audioContext?: AudioContext;
  /** Called when an utterance's MP3 cannot be decoded (it is skipped; playback goes on). */
  onUndecodable?: (audio: ReceivedAudio, error: unknown) => void;
  /** Called when `state` changes. */
  onStateChange?: (state: AudioPlayerState) => void;
  /** Called when an utterance's audio starts playing (e.g. to highlight its caption). */
  onUtteranceStart?: (audio: ReceivedAudio, timing: UtteranceTiming) => void;
  /**
   * How long `unlock()` waits for the AudioContext to resume (default 2000 ms): a browser that
   * never answers must not leave a page stuck in its tap; `state` then tells whether it runs.
   */
  unlockTimeoutMs?: number;
  /**
   * The catch-up policy: when an utterance arrives and playing it after what is queued would put
   * the listener more than this far behind live, the queued audio is skipped (as `jumpToLive`
   * does) and the new utterance plays at once. Default {@link DEFAULT_MAX_BEHIND_LIVE_MS};
   * `Infinity` never skips. Captions are not the player's business: the client still delivers
   * every caption, so a page shows what was skipped.
   */
  maxBehindLiveMs?: number;
}

/** How far behind live a listener may fall before the player skips to live (15 s; docs/decisions.md). */
export const DEFAULT_MAX_BEHIND_LIVE_MS = 15_000;

export interface AudioPlayerStats extends JitterBufferStats {
  /** Utterances whose MP3 the browser could not decode (skipped). */
  undecodable: number;
  /** Utterances dropped or cut short by `jumpToLive` or by catching up. */
  droppedForLive: number;
  /** Times the player skipped to live by itself (more than `maxBehindLiveMs` behind). */
  caughtUp: number;
}

export interface AudioPlayer {
  /** Adds an utterance; it plays when its turn comes. */
  enqueue(audio: ReceivedAudio): void;
  /** Plays everything a listener receives; returns the disposer. */
  attach(listener: {
    on(event: 'audioReceived', handler: (audio: ReceivedAudio) => void): Disposer;
  }): Disposer;
  /**
   * Lets audio play: call it inside the tap's handler (before any `await`). It resumes the
   * AudioContext and plays a one-sample silent buffer, which iOS needs; also "tap to resume".
   */
  unlock(): Promise<void>;
  readonly state: AudioPlayerState;
  /** Received audio not yet played, ms: what is scheduled plus what waits in the jitter buffer. */
  readonly behindLiveMs: number;
  /**
   * Stops what is scheduled and drops what waits, so the next utterance plays at once (the same
   * skip `maxBehindLiveMs` makes by itself).
   */
  jumpToLive(): void;
  setVolume(volume: number): void;
  readonly stats: AudioPlayerStats;
  stop(): Promise<void>;
}

/** How far ahead of the AudioContext clock the first utterance after a pause is started, s. */
const START_LEAD_S = 0.05;
/** An utterance counts as started this close to its start time, ms (the clock moves in render quanta). */
const START_TOLERANCE_MS = 5;
/** While the AudioContext is stopped, how often a scheduled start is looked at again, ms. */
const STOPPED_CLOCK_POLL_MS = 250;

interface Scheduled {
  audio: ReceivedAudio;
  source: AudioBufferSourceNode;
  startAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Plays translated utterances back to back in sequence-number order through a jitter buffer that
 * tolerates gaps (an utterance that never comes is skipped after `gapTimeoutMs`).
 *
 * @example
 * const player = createAudioPlayer({ onStateChange: (state) => render(state) });
 * player.attach(listener);
 * tapButton.onclick = () => void player.unlock(); // inside the tap, as iOS needs
 * setInterval(() => (behind.textContent = `${Math.round(player.behindLiveMs / 1000)} s behind`), 1000);
 */
export function createAudioPlayer(options: AudioPlayerOptions = {}): AudioPlayer {
  const maxBehindLiveMs = options.maxBehindLiveMs ?? DEFAULT_MAX_BEHIND_LIVE_MS;
  if (typeof maxBehindLiveMs !== 'number' || Number.isNaN(maxBehindLiveMs) || maxBehindLiveMs <= 0)
    throw new LingoCastError('INVALID_PARAMETERS', 'maxBehindLiveMs is a number of ms above 0 (or Infinity)');
  const context = options.audioContext ?? new AudioContext();
  const gain = context.createGain();
  gain.connect(context.destination);
  const buffer = new JitterBuffer<ReceivedAudio>(options);
  const scheduled = new Set<Scheduled>();
  /** The AudioContext time the last scheduled utterance ends. */
  let playAt = 0;
  /** Taken from the buffer, not yet scheduled (decoding): how many, and how long they last. */
  let decoding = 0;
  let decodingMs = 0;
  /** Bumped by jumpToLive: utterances of an older generation are dropped. */
  let generation = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let undecodable = 0;
  let droppedForLive = 0;
  let caughtUp = 0;
  let hasRun = false;
  let state: AudioPlayerState = 'suspended';

  function stateOfContext(): AudioPlayerState {
    if (stopped) return 'closed';
    const now = context.state as AudioContextState | 'interrupted';
    if (now === 'running') hasRun = true;
    if (now === 'running' || now === 'closed') return now;
    return hasRun || now === 'interrupted' ? 'interrupted' : 'suspended';
  }

  function refreshState(): void {
    const next = stateOfContext();
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  }

  /** The performance.now() time of an AudioContext time. */
  function performanceTimeOf(contextTime: number): number {
    const stamp = context.getOutputTimestamp?.();
    if (stamp?.contextTime !== undefined && stamp.performanceTime !== undefined && stamp.performanceTime > 0)
      return stamp.performanceTime + (contextTime - stamp.contextTime) * 1000;
    return performance.now() + (contextTime - context.currentTime) * 1000;
  }

  function behindLive(): number {
    const scheduledMs = Math.max(0, playAt - context.currentTime) * 1000;
    const waitingMs = buffer.waiting().reduce((sum, audio) => sum + audio.durationMs, 0);
    return Math.round(scheduledMs + decodingMs + waitingMs);
  }

  function announceWhenStarted(entry: Scheduled): void {
    const remainingMs = (entry.startAt - context.currentTime) * 1000;
    if (remainingMs > START_TOLERANCE_MS) {
      const wait = context.state === 'running' ? remainingMs : STOPPED_CLOCK_POLL_MS;
      entry.timer = setTimeout(() => announceWhenStarted(entry), wait);
      return;
    }
    entry.timer = undefined;
    options.onUtteranceStart?.(entry.audio, {
      startedAt: performanceTimeOf(entry.startAt),
      behindLiveMs: behindLive(),
    });
  }

  async function play(audio: ReceivedAudio, of: number): Promise<void> {
    if (of !== generation || stopped) return;
    let decoded: AudioBuffer;
    try {
      decoded = await context.decodeAudioData(audio.audio.slice().buffer);
    } catch (error) {
      if (of !== generation) return;
      decoding -= 1;
      decodingMs -= audio.durationMs;
      // An undecodable utterance is skipped, not fatal; counted and reported.
      undecodable += 1;
      options.onUndecodable?.(audio, error);
      return;
    }
    if (of !== generation || stopped) return;
    decoding -= 1;
    decodingMs -= audio.durationMs;
    const source = context.createBufferSource();
    source.buffer = decoded;
    source.connect(gain);
    const startAt = Math.max(playAt, context.currentTime + START_LEAD_S);
    source.start(startAt);
    playAt = startAt + decoded.duration;
    const entry: Scheduled = { audio, source, startAt, timer: undefined };
    scheduled.add(entry);
    source.onended = () => {
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      scheduled.delete(entry);
    };
    if (options.onUtteranceStart) announceWhenStarted(entry);
  }

  function pump(): void {
    if (stopped) return;
    const of = generation;
    for (const audio of buffer.take(performance.now())) {
      decoding += 1;
      decodingMs += audio.durationMs;
      // One utterance failing must not stop the ones after it.
      chain = chain.then(() => play(audio, of)).catch(() => undefined);
    }
    if (timer !== undefined) clearTimeout(timer);
    const deadline = buffer.nextDeadline();
    timer = deadline === undefined ? undefined : setTimeout(pump, Math.max(0, deadline - performance.now()));
  }

  /** Stops every scheduled utterance but `keep`; returns how many it stopped. */
  function cutScheduled(keep?: Scheduled): number {
    let cut = 0;
    for (const entry of scheduled) {
      if (entry === keep) continue;
      cut += 1;
      scheduled.delete(entry);
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      entry.source.onended = null;
      try {
        entry.source.stop();
      } catch {
        // already ended: nothing to stop
      }
    }
    return cut;
  }

  /** The utterance being heard now, if one is. */
  function playing(): Scheduled | undefined {
    const now = context.currentTime;
    for (const entry of scheduled)
      if (entry.startAt <= now && now < entry.startAt + (entry.source.buffer?.duration ?? 0)) return entry;
    return undefined;
  }

  /**
   * jumpToLive and the catch-up: what is scheduled stops, what waits or decodes is dropped. The
   * catch-up lets the sentence being heard end (`keep`); the button cuts it too.
   */
  function skipToLive(keep?: Scheduled): void {
    generation += 1;
    droppedForLive += cutScheduled(keep) + buffer.dropAll() + decoding;
    decoding = 0;
    decodingMs = 0;
    playAt = keep ? keep.startAt + (keep.source.buffer?.duration ?? 0) : 0;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  const onContextStateChange = (): void => {
    refreshState();
    // The clock runs again: look at pending starts now rather than at the next slow poll.
    if (context.state === 'running')
      for (const entry of scheduled)
        if (entry.timer !== undefined) {
          clearTimeout(entry.timer);
          announceWhenStarted(entry);
        }
  };
  context.addEventListener?.('statechange', onContextStateChange);
  state = stateOfContext();

  return {
    enqueue(audio) {
      const behind = behindLive();
      // Catch up rather than trail further: only what is queued goes (an utterance alone may be long).
      if (behind > 0 && behind + audio.durationMs > maxBehindLiveMs) {
        caughtUp += 1;
        skipToLive(playing());
      }
      buffer.push(audio.sequenceNumber, audio, performance.now());
      pump();
    },
    attach(listener) {
      return listener.on('audioReceived', (audio) => this.enqueue(audio));
    },
    async unlock() {
      if (stopped) return;
      // Both synchronous, inside the tap: iOS unlocks audio only for a sound started in the gesture.
      const resuming = context.resume();
      const silence = context.createBufferSource();
      silence.buffer = context.createBuffer(1, 1, context.sampleRate);
      silence.connect(context.destination);
      silence.start(0);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.unlockTimeoutMs ?? 2000);
      });
      try {
        await Promise.race([resuming, gaveUp]);
      } finally {
        clearTimeout(timer);
      }
      refreshState();
    },
    get state() {
      return state;
    },
    get behindLiveMs() {
      return behindLive();
    },
    jumpToLive() {
      skipToLive();
    },
    setVolume(volume) {
      gain.gain.value = Math.max(0, Math.min(1, volume));
    },
    get stats() {
      return { ...buffer.stats, undecodable, droppedForLive, caughtUp };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      cutScheduled();
      context.removeEventListener?.('statechange', onContextStateChange);
      refreshState();
      if (!options.audioContext) await context.close();
    },
  };
}
