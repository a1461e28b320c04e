import type { SegmentText } from '../../ports/speech-stream';
import type { Transcription } from '../../ports/speech-to-text';
import { mean } from './transcribe-streaming-request';

/** One final of a stream, as its segments keep it. */
export interface HeardFinal {
  /** Which request of the stream heard it (1, 2, …): a closing request's late finals go before the next one's. */
  request: number;
  text: string;
  /** Per word, so a segment's confidence weighs every word alike, as the stream's does. */
  confidences: readonly number[];
  /** Where its words end, in ms from the stream's first sample. */
  endMs?: number;
}

/**
 * The finals of one Transcribe stream, split into the segments `endSegment` hands out. Transcribe cannot be
 * told to end a segment, so a cut is closed by the first final that reaches it (within `toleranceMs`: its
 * end times stop at the last word, not at the audio's end), by the previous segment when that one ran past
 * the cut, or by every final of a request that has finished.
 *
 * @example
 * const finals = new SegmentFinals(600);
 * finals.add({ request: 1, text: 'Good morning.', confidences: [0.9], endMs: 2_700 });
 * finals.covered(3_000); // true
 * finals.takeCovering(3_000); // { text: 'Good morning.', confidence: 0.9, endMs: 3000 }
 */
export class SegmentFinals {
  private readonly finals: HeardFinal[] = [];
  /** Finals before this index were handed out by an earlier segment. */
  private taken = 0;
  /** How far the segments handed out so far reach into the stream. */
  private coveredMs = 0;
  private waiter: { reachMs: number; resolve: () => void } | undefined;

  constructor(private readonly toleranceMs: number) {}

  /** Keeps a final (in request order, then arrival) and wakes a segment waiting for one that reaches it. */
  add(final: HeardFinal): void {
    let index = this.finals.length;
    while (index > this.taken && (this.finals[index - 1]?.request ?? 0) > final.request) index -= 1;
    this.finals.splice(index, 0, final);
    const waiter = this.waiter;
    if (waiter !== undefined && reaches(final, waiter.reachMs)) {
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  /**
   * True when the segments already handed out reach `cutMs`, or a final not yet handed out ends within
   * the tolerance before it. (The tolerance is not given to the segments handed out: a short segment
   * right after a cut then waits for its own words.)
   */
  covered(cutMs: number): boolean {
    const reachMs = cutMs - this.toleranceMs;
    return this.coveredMs >= cutMs || this.pending().some((final) => reaches(final, reachMs));
  }

  /** Resolves once `covered(cutMs)`; only the latest waiter is kept (segments close one at a time). */
  whenCovered(cutMs: number): Promise<void> {
    if (this.covered(cutMs)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiter = { reachMs: cutMs - this.toleranceMs, resolve };
    });
  }

  /**
   * The segment closed at `cutMs` once `covered`: the finals up to the first that reaches it (all of them
   * when the previous segment ran past it); later ones belong to the next segment.
   */
  takeCovering(cutMs: number): SegmentText {
    const pending = this.pending();
    const reachMs = cutMs - this.toleranceMs;
    const covering = pending.findIndex((final) => reaches(final, reachMs));
    return this.take(covering < 0 ? pending.length : covering + 1, cutMs);
  }

  /** The segment closed by the end of `request` (and every one before it), whose audio reached `endMs`. */
  takeThrough(request: number, endMs: number): SegmentText {
    const count = this.pending().filter((final) => final.request <= request).length;
    return this.take(count, endMs);
  }

  /** Every final of the stream, joined in order. */
  all(): Transcription {
    return joinFinals(this.finals);
  }

  private pending(): HeardFinal[] {
    return this.finals.slice(this.taken);
  }

  private take(count: number, atLeastMs: number): SegmentText {
    const segment = this.finals.slice(this.taken, this.taken + count);
    this.taken += count;
    this.waiter = undefined;
    this.coveredMs = Math.max(this.coveredMs, atLeastMs, ...segment.map((final) => final.endMs ?? 0));
    return { ...joinFinals(segment), endMs: this.coveredMs };
  }
}

function reaches(final: HeardFinal, reachMs: number): boolean {
  return final.endMs !== undefined && final.endMs >= reachMs;
}

/** The texts joined with single spaces, and the mean word confidence when Transcribe gave any. */
function joinFinals(finals: readonly HeardFinal[]): Transcription {
  const text = finals
    .flatMap((final) => (final.text.length > 0 ? [final.text] : []))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const confidences = finals.flatMap((final) => final.confidences);
  return confidences.length === 0 ? { text } : { text, confidence: mean(confidences) };
}
