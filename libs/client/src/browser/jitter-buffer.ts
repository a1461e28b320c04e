export interface JitterBufferOptions {
  /** How long a missing item is waited for once later ones are here, ms (default 4 000). */
  gapTimeoutMs?: number;
  /** Most items held (default 32); beyond it the buffer skips ahead. */
  capacity?: number;
}

export interface JitterBufferStats {
  played: number;
  /** Sequence numbers given up on (never arrived in time). */
  skipped: number;
  /** Arrived after their turn had passed (dropped). */
  late: number;
  duplicates: number;
}

/**
 * Puts items that arrive out of order back in sequence-number order, tolerating gaps: a missing
 * number is waited for at most `gapTimeoutMs` after a later one arrived, then skipped. Duplicates
 * and latecomers are dropped. Pure (time is passed in), so it is tested without a browser.
 *
 * @example
 * const buffer = new JitterBuffer<Uint8Array>();
 * buffer.push(1, mp3, performance.now());
 * for (const mp3 of buffer.take(performance.now())) play(mp3);
 */
export class JitterBuffer<T> {
  private readonly items = new Map<number, { item: T; arrivedAt: number }>();
  private expected: number | undefined;
  /** After `dropAll`: nothing below this is accepted (it was live audio the listener skipped). */
  private floor: number | undefined;
  private highest: number | undefined;
  private readonly gapTimeoutMs: number;
  private readonly capacity: number;
  readonly stats: JitterBufferStats = { played: 0, skipped: 0, late: 0, duplicates: 0 };

  constructor(options: JitterBufferOptions = {}) {
    this.gapTimeoutMs = options.gapTimeoutMs ?? 4_000;
    this.capacity = Math.max(1, options.capacity ?? 32);
  }

  /** Items waiting. */
  get size(): number {
    return this.items.size;
  }

  /** The sequence number due next, once known. */
  get next(): number | undefined {
    return this.expected;
  }

  /** The items held (waiting for their turn or for a gap to close), in sequence-number order. */
  waiting(): T[] {
    return [...this.items.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry.item);
  }

  /**
   * Drops every item held and forgets the order, so the next item that arrives is taken at once
   * (a listener jumping to live); anything numbered up to what was seen is refused as late. Returns
   * how many items it dropped.
   */
  dropAll(): number {
    const dropped = this.items.size;
    this.items.clear();
    const seen = Math.max(this.highest ?? -1, (this.expected ?? 0) - 1);
    this.floor = seen + 1;
    this.expected = undefined;
    return dropped;
  }

  /** Adds an item; false when it was a duplicate or came too late. */
  push(sequenceNumber: number, item: T, nowMs: number): boolean {
    const due = this.expected ?? this.floor;
    if (due !== undefined && sequenceNumber < due) {
      this.stats.late += 1;
      return false;
    }
    if (this.items.has(sequenceNumber)) {
      this.stats.duplicates += 1;
      return false;
    }
    this.items.set(sequenceNumber, { item, arrivedAt: nowMs });
    this.highest = Math.max(this.highest ?? sequenceNumber, sequenceNumber);
    if (this.items.size > this.capacity) this.skipTo(this.lowest());
    return true;
  }

  /** The items whose turn has come, in order (possibly none). */
  take(nowMs: number): T[] {
    const ready: T[] = [];
    for (;;) {
      if (this.items.size === 0) break;
      this.expected ??= this.lowest();
      const entry = this.items.get(this.expected);
      if (entry) {
        this.items.delete(this.expected);
        this.expected += 1;
        this.stats.played += 1;
        ready.push(entry.item);
        continue;
      }
      const waitingSince = Math.min(...[...this.items.values()].map((waiting) => waiting.arrivedAt));
      if (nowMs - waitingSince < this.gapTimeoutMs) break;
      this.skipTo(this.lowest());
    }
    return ready;
  }

  /** When `take` may next have something even if nothing arrives (a gap times out), or undefined. */
  nextDeadline(): number | undefined {
    if (this.items.size === 0) return undefined;
    return Math.min(...[...this.items.values()].map((waiting) => waiting.arrivedAt)) + this.gapTimeoutMs;
  }

  private lowest(): number {
    return Math.min(...this.items.keys());
  }

  private skipTo(sequenceNumber: number): void {
    if (this.expected !== undefined && sequenceNumber > this.expected)
      this.stats.skipped += sequenceNumber - this.expected;
    this.expected = sequenceNumber;
  }
}
