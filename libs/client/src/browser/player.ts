import type { ReceivedAudio } from '../audio-assembler';
import type { Disposer } from '../emitter';
import type { JitterBufferOptions, JitterBufferStats } from './jitter-buffer';
import { JitterBuffer } from './jitter-buffer';

export interface AudioPlayerOptions extends JitterBufferOptions {
  /** An AudioContext to use (default: a new one, closed by `stop`). */
  audioContext?: AudioContext;
  /** Called when an utterance's MP3 cannot be decoded (it is skipped; playback goes on). */
  onUndecodable?: (audio: ReceivedAudio, error: unknown) => void;
}

export interface AudioPlayerStats extends JitterBufferStats {
  /** Utterances whose MP3 the browser could not decode (skipped). */
  undecodable: number;
}

export interface AudioPlayer {
  /** Adds an utterance; it plays when its turn comes. */
  enqueue(audio: ReceivedAudio): void;
  /** Plays everything a listener receives; returns the disposer. */
  attach(listener: {
    on(event: 'audioReceived', handler: (audio: ReceivedAudio) => void): Disposer;
  }): Disposer;
  setVolume(volume: number): void;
  readonly stats: AudioPlayerStats;
  stop(): Promise<void>;
}

/**
 * Plays translated utterances back to back in sequence-number order through a jitter buffer that
 * tolerates gaps (an utterance that never comes is skipped after `gapTimeoutMs`).
 *
 * @example
 * const player = createAudioPlayer();
 * player.attach(listener);
 */
export function createAudioPlayer(options: AudioPlayerOptions = {}): AudioPlayer {
  const context = options.audioContext ?? new AudioContext();
  const gain = context.createGain();
  gain.connect(context.destination);
  const buffer = new JitterBuffer<ReceivedAudio>(options);
  let playAt = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let undecodable = 0;

  async function play(audio: ReceivedAudio): Promise<void> {
    const bytes = audio.audio.slice().buffer;
    let decoded: AudioBuffer;
    try {
      decoded = await context.decodeAudioData(bytes);
    } catch (error) {
      // An undecodable utterance is skipped, not fatal; counted and reported.
      undecodable += 1;
      options.onUndecodable?.(audio, error);
      return;
    }
    if (stopped) return;
    const source = context.createBufferSource();
    source.buffer = decoded;
    source.connect(gain);
    playAt = Math.max(playAt, context.currentTime + 0.05);
    source.start(playAt);
    playAt += decoded.duration;
  }

  function pump(): void {
    if (stopped) return;
    for (const audio of buffer.take(performance.now())) chain = chain.then(() => play(audio));
    if (timer !== undefined) clearTimeout(timer);
    const deadline = buffer.nextDeadline();
    timer = deadline === undefined ? undefined : setTimeout(pump, Math.max(0, deadline - performance.now()));
  }

  return {
    enqueue(audio) {
      buffer.push(audio.sequenceNumber, audio, performance.now());
      pump();
    },
    attach(listener) {
      return listener.on('audioReceived', (audio) => this.enqueue(audio));
    },
    setVolume(volume) {
      gain.gain.value = Math.max(0, Math.min(1, volume));
    },
    get stats() {
      return { ...buffer.stats, undecodable };
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      if (!options.audioContext) await context.close();
    },
  };
}
