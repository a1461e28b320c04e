import type { ReplayCompleteMessage, TranscriptMessage, TranslatedAudioMessage } from '@lingocast/contract';
import { HeldUtterances } from './held-utterances';
import type { TimerHandle, Timers } from './timers';

/** A message that carries (part of) one utterance. */
export type UtteranceMessage = TranslatedAudioMessage | TranscriptMessage;

/** Utterances said while the listener was away that the server no longer holds (older than its window). */
export interface MissedUtterances {
  fromSequenceNumber: number;
  toSequenceNumber: number;
  /** Utterance numbers in the range (an empty utterance, if any, counts too: "about"). */
  count: number;
  /** How far back the server's replay window reaches, ms. */
  windowMs: number;
}

/** What the tracker asks the server for. */
export type ReplayRequest = { afterSequenceNumber: number } | { recent: number };

export interface ReplayTrackerOptions {
  timers: Timers;
  /** Sends `replay` with this request id; false when no socket is open. */
  send(request: ReplayRequest, requestId: string): boolean;
  nextRequestId(): string;
  /** Emits what a message brings; returns the utterance number when this message completed one. */
  deliver(message: UtteranceMessage): number | undefined;
  onMissed(missed: MissedUtterances): void;
  /**
   * Live utterances are held waiting for `replayComplete` until no utterance has arrived for this
   * long (default 5 000 ms), and never longer than {@link MAX_HOLD_FACTOR} times it: a long replay
   * that is still streaming in keeps the hold, a server that never answers does not.
   */
  replayTimeoutMs?: number;
  /** A missing number is waited for this long once a later one is here, then asked for (default 3 000 ms). */
  gapTimeoutMs?: number;
}

/** Why a replay was asked: a (re)join, a late joiner's history, or a hole in live delivery. */
type ReplayKind = 'rejoin' | 'history' | 'gap';

export const DEFAULT_REPLAY_TIMEOUT_MS = 5_000;
export const DEFAULT_GAP_TIMEOUT_MS = 3_000;
/** The longest hold, in multiples of `replayTimeoutMs` (30 s by default). */
export const MAX_HOLD_FACTOR = 6;
/** Below every utterance number: `replay { afterSequenceNumber: -1 }` asks from the session's first. */
const BEFORE_FIRST = -1;
/** Delivered numbers kept above an open hole; beyond it the hole is given up on. */
const MAX_OPEN = 512;

/**
 * Turns the server's at-least-once delivery into in order, each once: remembers which utterance
 * numbers were delivered (everything up to `floor`, plus the ones after it), asks for what is
 * missing after a re-join or when a live hole stays open, holds live utterances while a replay is
 * answered and then delivers replayed and held ones in number order through the client's
 * de-duplication. Sequence numbers are the session's, shared by all languages.
 *
 * @example
 * const tracker = new ReplayTracker({ timers, send, nextRequestId, deliver, onMissed });
 * tracker.rejoined(); // after a reconnect: replay { afterSequenceNumber: floor }
 * tracker.accept(message); // every translatedAudio / transcript
 */
export class ReplayTracker {
  /** Every utterance number ≤ floor was delivered or given up on. */
  private floor: number | undefined;
  /** Delivered numbers above `floor` (a hole below them is still open). */
  private readonly done = new Set<number>();
  private readonly held = new HeldUtterances();
  private request: { id: string; kind: ReplayKind } | undefined;
  private holding = false;
  private holdTimer: TimerHandle | undefined;
  private holdStartedAt = 0;
  private gapTimer: TimerHandle | undefined;
  /** The newest number a `utterancesMissed` event reported, so overlapping answers report once. */
  private reportedUpTo = -1;
  private readonly replayTimeoutMs: number;
  private readonly gapTimeoutMs: number;

  constructor(private readonly options: ReplayTrackerOptions) {
    this.replayTimeoutMs = options.replayTimeoutMs ?? DEFAULT_REPLAY_TIMEOUT_MS;
    this.gapTimeoutMs = options.gapTimeoutMs ?? DEFAULT_GAP_TIMEOUT_MS;
  }

  /** The newest utterance number up to which everything was delivered (or given up), if any. */
  get deliveredUpTo(): number | undefined {
    return this.floor;
  }

  /** A message with (part of) an utterance, replayed or live: held during a replay, else delivered. */
  accept(message: UtteranceMessage): void {
    if (this.holding && this.held.add(message)) {
      // Still streaming in: the hold lasts until the messages stop (within the cap).
      if (this.request) this.armHold(this.request.kind);
      return;
    }
    // The hold is full: deliver what it has, in order, and this one after it.
    if (this.holding) this.release();
    this.deliverOne(message);
  }

  /**
   * The first greeting of a join: with nothing delivered yet, the count starts at the session's
   * newest utterance then (`lastSequenceNumber`), so a re-join asks for what was said since. A late
   * joiner asks for the last `history` captions.
   */
  joined(history: number | undefined, lastSequenceNumber?: number): void {
    this.floor ??= lastSequenceNumber;
    if (history !== undefined && history > 0) this.ask({ recent: history }, 'history');
  }

  /**
   * A re-join (reconnect, resume, refresh): asks for everything after what was delivered — from the
   * session's first utterance (-1) when nothing was and the greeting named no number.
   */
  rejoined(): void {
    this.clearGapTimer();
    this.ask({ afterSequenceNumber: this.floor ?? BEFORE_FIRST }, 'rejoin');
  }

  /** The server answered a replay. False when it answers none this tracker is waiting for. */
  completed(message: ReplayCompleteMessage): boolean {
    if (!this.request || message.requestId !== this.request.id) return false;
    const { kind } = this.request;
    this.request = undefined;
    this.release();
    // Everything the server holds after what was asked was sent: what is still open is lost or empty.
    this.settle(kind === 'history' ? message.lastSequenceNumber : undefined);
    if (kind !== 'history' && message.missed) this.reportMissed(message.missed, message.windowMs);
    return true;
  }

  /** The server refused a replay (the session ended, the service is busy). False when it was not ours. */
  failed(requestId: string | undefined): boolean {
    if (!this.request || requestId !== this.request.id) return false;
    const { kind } = this.request;
    this.request = undefined;
    this.release();
    // A hole asked for in vain is given up on, or every later utterance would ask again.
    if (kind === 'gap') this.settle(undefined);
    return true;
  }

  /** The language changed: the new language's past is not replayed, and open holes are given up. */
  languageChanged(): void {
    this.clearGapTimer();
    this.settle(undefined);
  }

  /** The socket went away: a replay's answer cannot come on it; the re-join asks again. */
  interrupted(): void {
    this.request = undefined;
    if (this.holding) this.release();
    // After the release: what it delivered may leave a hole, and the re-join asks for that one.
    this.clearGapTimer();
  }

  /** Forgets everything (a join to another session). */
  reset(): void {
    this.interrupted();
    this.floor = undefined;
    this.done.clear();
    this.reportedUpTo = -1;
  }

  private ask(request: ReplayRequest, kind: ReplayKind): void {
    const id = this.options.nextRequestId();
    this.request = { id, kind };
    this.holding = true;
    this.holdStartedAt = this.options.timers.now();
    this.armHold(kind);
    if (!this.options.send(request, id)) {
      this.request = undefined;
      this.release();
    }
  }

  /** (Re)starts the hold's timeout: `replayTimeoutMs` from now, but not past the cap. */
  private armHold(kind: ReplayKind): void {
    if (this.holdTimer !== undefined) this.options.timers.clearTimeout(this.holdTimer);
    const left = this.holdStartedAt + MAX_HOLD_FACTOR * this.replayTimeoutMs - this.options.timers.now();
    // A replay that never answers must not stop live delivery: after the timeout, deliver what is held.
    this.holdTimer = this.options.timers.setTimeout(
      () => {
        this.holdTimer = undefined;
        this.release();
        // A hole's replay that never answered is given up on; a re-join's late answer still counts.
        if (kind === 'gap') {
          this.request = undefined;
          this.settle(undefined);
        }
      },
      Math.max(0, Math.min(this.replayTimeoutMs, left)),
    );
  }

  private release(): void {
    this.holding = false;
    if (this.holdTimer !== undefined) this.options.timers.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    for (const message of this.held.drain()) this.deliverOne(message);
  }

  private deliverOne(message: UtteranceMessage): void {
    const completed = this.options.deliver(message);
    if (completed !== undefined) this.note(completed);
  }

  private note(sequenceNumber: number): void {
    // The first utterance heard starts the count: what came before it is history, not a hole.
    this.floor ??= sequenceNumber - 1;
    if (sequenceNumber <= this.floor) return;
    this.done.add(sequenceNumber);
    while (this.done.delete(this.floor + 1)) this.floor += 1;
    if (this.done.size > MAX_OPEN) this.settle(undefined);
    else if (this.done.size > 0) this.armGapTimer();
    else this.clearGapTimer();
  }

  private armGapTimer(): void {
    if (this.gapTimer !== undefined) return;
    this.gapTimer = this.options.timers.setTimeout(() => {
      this.gapTimer = undefined;
      if (this.done.size === 0 || this.floor === undefined) return;
      if (this.holding) return; // a replay under way covers it; its answer settles the hole
      this.ask({ afterSequenceNumber: this.floor }, 'gap');
    }, this.gapTimeoutMs);
  }

  private clearGapTimer(): void {
    if (this.gapTimer !== undefined) this.options.timers.clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }

  /** Gives up on open holes: everything up to the newest delivered (or `newest`) counts as done. */
  private settle(newest: number | undefined): void {
    // Only a late joiner's history moves past what was delivered: a replay the server cut short
    // leaves later numbers for the next hole to ask.
    const highest = Math.max(...this.done, this.floor ?? -1, newest ?? -1);
    if (highest < 0) return;
    this.floor = highest;
    this.done.clear();
    this.clearGapTimer();
  }

  private reportMissed(
    missed: { fromSequenceNumber: number; toSequenceNumber: number },
    windowMs: number,
  ): void {
    const fromSequenceNumber = Math.max(missed.fromSequenceNumber, this.reportedUpTo + 1);
    const { toSequenceNumber } = missed;
    if (toSequenceNumber < fromSequenceNumber) return;
    this.reportedUpTo = toSequenceNumber;
    this.options.onMissed({
      fromSequenceNumber,
      toSequenceNumber,
      count: toSequenceNumber - fromSequenceNumber + 1,
      windowMs,
    });
  }
}
