import type { TranscriptPartialMessage } from '@lingocast/contract';

/**
 * Keeps a client's `transcriptPartial` events current: a partial of an utterance that is already
 * final (its `transcript` or audio came, or a greeting said it exists) is stale and dropped, and
 * so is an exact repeat of the partial just let through (a connection refresh delivers on both
 * sockets). Sequence numbers are the session's, shared by every language.
 *
 * @example
 * const partials = new CurrentPartials();
 * partials.finalized(4); // utterance 4's transcript arrived
 * partials.admit({ ...partial, sequenceNumber: 4 }); // false: stale
 * partials.admit({ ...partial, sequenceNumber: 5 }); // true
 */
export class CurrentPartials {
  /** The newest utterance number known to be final; -1 before any. */
  private finalUpTo = -1;
  private latest: { sequenceNumber: number; text: string } | undefined;

  /** The newest utterance number known to be final (-1 when none is). */
  get lastFinal(): number {
    return this.finalUpTo;
  }

  /** Utterance `sequenceNumber` is final: its partials, and any older, are stale from now on. */
  finalized(sequenceNumber: number): void {
    if (sequenceNumber > this.finalUpTo) this.finalUpTo = sequenceNumber;
  }

  /** True when `partial` should be emitted: its utterance is not final and it says something new. */
  admit(partial: Pick<TranscriptPartialMessage, 'sequenceNumber' | 'text'>): boolean {
    if (partial.sequenceNumber <= this.finalUpTo) return false;
    const latest = this.latest;
    if (latest && latest.sequenceNumber === partial.sequenceNumber && latest.text === partial.text)
      return false;
    this.latest = { sequenceNumber: partial.sequenceNumber, text: partial.text };
    return true;
  }

  /** Forgets everything (another session). */
  reset(): void {
    this.finalUpTo = -1;
    this.latest = undefined;
  }
}
