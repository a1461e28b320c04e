import type { Timers } from './timers';

/** One chunk of the speaker's audio, kept until the server acknowledges it. */
export interface OutgoingChunk {
  sequenceNumber: number;
  audio: string;
  bytes: number;
  sampleRate: number | undefined;
}

/**
 * The speaker's unacknowledged audio, by sequence number, with a byte limit and `drain()` for
 * callers that wait for it to empty.
 *
 * @example
 * const outbox = new AudioOutbox(30_000 * 32, timers);
 * outbox.add(chunk);
 * outbox.acknowledge(chunk.sequenceNumber); // true once; drain() resolves when none is left
 */
export class AudioOutbox {
  private readonly chunks = new Map<number, OutgoingChunk>();
  private queuedBytes = 0;
  /** Callers of drain() waiting for the outbox to empty. */
  private drainWaiters: Array<(drained: boolean) => void> = [];

  constructor(
    readonly maxBytes: number,
    private readonly timers: Timers,
  ) {}

  /** Bytes kept, not yet acknowledged. */
  get bytes(): number {
    return this.queuedBytes;
  }

  get size(): number {
    return this.chunks.size;
  }

  /** True when `bytes` more still fit under the limit. */
  fits(bytes: number): boolean {
    return this.queuedBytes + bytes <= this.maxBytes;
  }

  add(chunk: OutgoingChunk): void {
    this.chunks.set(chunk.sequenceNumber, chunk);
    this.queuedBytes += chunk.bytes;
  }

  get(sequenceNumber: number): OutgoingChunk | undefined {
    return this.chunks.get(sequenceNumber);
  }

  /** Every chunk kept, in order. */
  backlog(): OutgoingChunk[] {
    return [...this.chunks.values()].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }

  /** Forgets a chunk the server stored (or will never store); false when it was not kept. */
  acknowledge(sequenceNumber: number): boolean {
    const chunk = this.chunks.get(sequenceNumber);
    if (!chunk) return false;
    this.chunks.delete(sequenceNumber);
    this.queuedBytes -= chunk.bytes;
    if (this.chunks.size === 0) for (const settle of [...this.drainWaiters]) settle(true);
    return true;
  }

  /** Resolves true once empty, false after `timeoutMs` or a `clear()`. Never rejects. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.chunks.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => settle(false), timeoutMs);
      const settle = (drained: boolean) => {
        this.timers.clearTimeout(timer);
        this.drainWaiters = this.drainWaiters.filter((waiter) => waiter !== settle);
        resolve(drained);
      };
      this.drainWaiters.push(settle);
    });
  }

  /** Drops everything; waiting drains resolve false. */
  clear(): void {
    this.chunks.clear();
    this.queuedBytes = 0;
    for (const settle of [...this.drainWaiters]) settle(false);
  }
}
