import type { ReceivedAudio } from '../audio-assembler';

type ContextState = 'suspended' | 'running' | 'interrupted' | 'closed';

/**
 * The part of AudioContext the player uses. Its clock runs with performance.now() (faked by jest)
 * while the state is running; MP3s whose first byte is 0 fail to decode, others last first/10 s.
 */
export class FakeAudioContext {
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

export function utterance(sequenceNumber: number, firstByte: number, durationMs = 1000): ReceivedAudio {
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
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

export const asContext = (context: FakeAudioContext) => context as unknown as AudioContext;
