import type { FollowAudioEvent } from '@lingocast/contract';
import type { Logger } from '@lingocast/logging';
import { cutNext } from '../../domain/utterance-cutter';
import type { CutDecision } from '../../domain/utterance-cutter';
import { truecase } from '../../domain/truecase';
import type { StoredChunk, StreamCursor, StreamLease } from '../../ports';
import { forwardUtterance, reportLostUtterance, warnAboutQuality } from '../deliver-utterance';
import type { UtteranceRef } from '../deliver-utterance';
import { FollowedStream } from './followed-stream';
import type { FollowerDeps } from './follower-deps';
import { PartialPublisher } from './partial-publisher';

export type FollowOutcome =
  /** Someone else follows this session: nothing done. */
  | { kind: 'notOwner' }
  /** Nothing to hear for a while: the lease was released. */
  | { kind: 'idle'; utterances: number }
  /** Near the time limit: a successor was started and the lease released. */
  | { kind: 'handedOver'; utterances: number }
  /** The lease lapsed or was taken over: stopped at once, the new owner goes on from the cursor. */
  | { kind: 'lostLease'; utterances: number };

/** The code of an engine whose streams are all taken (pocketsphinx's worker: `maxStreams`). */
const ENGINE_BUSY = 'TooManyStreams';

/** The wait before the first stream that replaces a failed one; doubled for the next. */
const RETRY_BACKOFF_MS = 200;

/** Bounds the claims of one look at the pending chunks. */
const MAX_CLAIMS_PER_ROUND = 50;

/**
 * Follows a session's stored audio in order, as it arrives, with one recognition stream per speaking
 * period, while it holds the session's stream lease. The voice-activity cutter (adaptive pauses, the
 * same as whole-utterance recognition) decides where each utterance ends; the stream is cut there and
 * its text forwarded at once, so the final costs only the segment's last pass. Utterances are numbered by
 * claims fenced by the lease's epoch, so a deposed owner can never number one; a failed stream is
 * restarted from the cursor (the first chunk after the last claimed utterance). Partials of the
 * utterance in progress go to the speaker and to listeners who asked, at most one per interval.
 *
 * @example
 * const outcome = await followAudio(deps, event, { owner: context.awsRequestId, deadlineAt });
 */
export async function followAudio(
  deps: FollowerDeps,
  event: FollowAudioEvent,
  limits: { owner: string; deadlineAt: number },
): Promise<FollowOutcome> {
  const lease = await deps.leases.acquire(
    event.sessionId,
    limits.owner,
    deps.clock.now(),
    deps.follower.leaseMs,
  );
  if (lease === undefined) return { kind: 'notOwner' };
  const log = deps.logger.child({ owner: limits.owner, epoch: lease.epoch });
  log.info({ reason: event.reason ?? 'audio' }, 'following the session’s audio');
  const follower = new Follower(deps, event, lease, limits.deadlineAt, log);
  const stopKeeping = deps.every?.(deps.follower.leaseMs / 3, () => follower.keepLeaseInBackground());
  try {
    return await follower.run();
  } finally {
    stopKeeping?.();
    await follower.stop();
  }
}

class Follower {
  private cursor: StreamCursor = { nextChunk: 0, nextUtterance: 0 };
  /** Chunks at or after the cursor, read and not yet claimed, by sequence number. */
  private readonly pending = new Map<number, StoredChunk>();
  private stream: FollowedStream | undefined;
  private readonly partials: PartialPublisher;
  private readonly startedAt: number;
  private lastArrivalAt: number;
  /** When a chunk with speech was last read (the start, before any). */
  private lastHeardAt: number;
  private utterances = 0;
  /** Streams that failed for the utterance at the cursor. */
  private failures = 0;
  /** The speaker's connection as the newest chunk named it. */
  private lastSpeaker: string | undefined;
  private renewing: Promise<boolean> | undefined;
  /** Set once a renewal was refused: nothing more is written or claimed. */
  private leaseLost = false;

  constructor(
    private readonly deps: FollowerDeps,
    private readonly event: FollowAudioEvent,
    private lease: StreamLease,
    private readonly deadlineAt: number,
    private readonly log: Logger,
  ) {
    this.startedAt = deps.clock.now();
    this.lastArrivalAt = this.startedAt;
    this.lastHeardAt = this.startedAt;
    this.partials = new PartialPublisher(deps, event, log);
  }

  async run(): Promise<FollowOutcome> {
    const { follower } = this.deps;
    this.cursor = await this.deps.store.getCursor(this.event.sessionId);
    for (;;) {
      if (!(await this.keepLease())) return this.outcome('lostLease');
      await this.readNew();
      const now = this.deps.clock.now();
      const quietMs = now - this.lastArrivalAt;
      const claimed = await this.advance(quietMs >= follower.flushAfterMs);
      if (claimed === undefined) return this.outcome('lostLease');
      await this.feed();
      this.partials.offer(this.stream?.partial ?? '', this.cursor.nextUtterance, this.speakerConnectionId());
      await this.closeIdleStream(now, quietMs >= follower.flushAfterMs);
      const idle = this.pending.size === 0 && this.stream === undefined;
      const lingering = now - this.startedAt >= follower.handoverAfterMs;
      const lastChance = now >= this.deadlineAt;
      // Time to go while nothing is heard: no successor, the next chunk starts an owner.
      if ((lingering || lastChance) && idle) return this.release('idle');
      if ((lingering && (claimed > 0 || this.pending.size === 0)) || lastChance) return this.handOver();
      // Silence still arriving (a live microphone) is no reason to stay: ingestion moves past it.
      if (idle && now - this.lastHeardAt >= follower.exitAfterMs) return this.release('idle');
      await this.deps.sleep(follower.pollMs);
    }
  }

  /** Frees the stream (a lost lease, an error): the next owner starts again from the cursor. */
  async stop(): Promise<void> {
    this.dropStream();
    await this.partials.flushed();
  }

  private outcome(kind: 'lostLease' | 'idle' | 'handedOver'): FollowOutcome {
    if (kind === 'lostLease') this.log.warn({ utterances: this.utterances }, 'stream lease lost: stopping');
    return { kind, utterances: this.utterances };
  }

  /** Renews the lease from a timer while the loop is busy; a loss is seen by the loop's next step. */
  async keepLeaseInBackground(): Promise<void> {
    await this.keepLease().catch((error: unknown) => {
      this.log.warn({ err: error }, 'stream lease not renewed');
    });
  }

  /** Renews the lease once a third of it has passed; false when it lapsed or was taken over. */
  private async keepLease(): Promise<boolean> {
    this.renewing ??= this.renew().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renew(): Promise<boolean> {
    if (this.leaseLost) return false;
    const now = this.deps.clock.now();
    const { leaseMs } = this.deps.follower;
    if (now < this.lease.expiresAt - (leaseMs * 2) / 3) return true;
    const renewed = await this.deps.leases.renew(this.lease, now, leaseMs);
    if (renewed === undefined) {
      this.leaseLost = true;
      return false;
    }
    this.lease = renewed;
    return true;
  }

  /** Reads chunks from the first one not yet held (a hole is read again until it is filled). */
  private async readNew(): Promise<void> {
    let from = this.cursor.nextChunk;
    while (this.pending.has(from)) from += 1;
    const chunks = await this.deps.store.readChunks(this.event.sessionId, from, this.deps.follower.readLimit);
    for (const chunk of chunks) {
      if (chunk.sequenceNumber < this.cursor.nextChunk || this.pending.has(chunk.sequenceNumber)) continue;
      this.pending.set(chunk.sequenceNumber, chunk);
      if (chunk.speakerConnectionId) this.lastSpeaker = chunk.speakerConnectionId;
      this.lastArrivalAt = this.deps.clock.now();
      if (chunk.hasSpeech) this.lastHeardAt = this.lastArrivalAt;
    }
  }

  /** Claims every utterance (and stretch of leading silence) the cutter closes; undefined when fenced out. */
  private async advance(flush: boolean): Promise<number | undefined> {
    let claimed = 0;
    for (let round = 0; round < MAX_CLAIMS_PER_ROUND; round += 1) {
      const nowMs = this.deps.clock.now();
      const decision = cutNext(this.cursor.nextChunk, this.sorted(), this.deps.settings, { flush, nowMs });
      if (decision.kind === 'wait') return claimed;
      if (decision.kind === 'skip') {
        // Silence goes on feeding an open stream, so its clock and the engine's stay together.
        if (this.stream) await this.writeThrough(decision.lastChunk).catch(() => this.dropStream());
        if (!(await this.claim(decision.lastChunk, false, nowMs))) return undefined;
        continue;
      }
      const outcome = await this.closeUtterance(decision, nowMs);
      if (outcome === undefined) return undefined;
      if (outcome) claimed += 1;
    }
    return claimed;
  }

  /** Recognises and claims one utterance; true when it was numbered, undefined when fenced out. */
  private async closeUtterance(
    decision: Extract<CutDecision, { kind: 'utterance' }>,
    assembledAt: number,
  ): Promise<boolean | undefined> {
    const pending = this.sorted();
    const chunks = pending.filter((chunk) => chunk.sequenceNumber <= decision.lastChunk);
    // Traced like a cut in ingestAudio: by the request of the chunk whose arrival closed the utterance.
    const requestId = pending.at(-1)?.requestId ?? this.event.requestId;
    const raw = await this.recognise(decision.lastChunk);
    if (raw === 'retry') return false;
    const text = raw === undefined ? '' : truecase(raw);
    const transcribedAt = this.deps.clock.now();
    const firstUtterance = this.cursor.nextUtterance;
    if (!(await this.claim(decision.lastChunk, text !== '', assembledAt))) return undefined;
    const ref: UtteranceRef = {
      sessionId: this.event.sessionId,
      sourceLanguage: this.event.sourceLanguage,
      sequenceNumber: firstUtterance,
      requestId,
      ...this.speakerRef(chunks),
    };
    if (raw === undefined) {
      await reportLostUtterance(this.deps, ref, 'what was just said').catch(() => undefined);
      return false;
    }
    if (text === '') return false;
    const pcm = Buffer.concat(chunks.map((chunk) => chunk.pcm));
    const sampleRate = chunks[0]?.sampleRate ?? 16_000;
    await Promise.all([
      forwardUtterance(this.deps, ref, text, {
        pcm,
        sampleRate,
        timings: { lastChunkReceivedAt: decision.lastChunkReceivedAt, assembledAt, transcribedAt },
      }),
      warnAboutQuality(this.deps, ref, pcm, sampleRate).catch((error: unknown) =>
        this.log.warn({ err: error }, 'audio-quality check failed'),
      ),
    ]);
    this.utterances += 1;
    this.log.info(
      {
        utterance: firstUtterance,
        firstChunk: decision.firstChunk,
        lastChunk: decision.lastChunk,
        reason: decision.reason,
        sttMs: transcribedAt - assembledAt,
      },
      // The same line as whole-utterance recognition's claim: operators and bench:latency read it.
      'utterance claimed',
    );
    return true;
  }

  /**
   * The text of the chunks from the cursor through `lastChunk`: 'retry' when the stream failed (it is
   * reopened from the cursor on the next round), undefined once streams failed `maxAttempts` times for
   * this utterance (lost: the speaker is told).
   */
  private async recognise(lastChunk: number): Promise<string | 'retry' | undefined> {
    if (this.givenUp()) return undefined;
    try {
      await this.writeThrough(lastChunk);
      const stream = this.requireStream();
      const text = await stream.cut();
      if (stream.ended) this.stream = undefined;
      return text;
    } catch (error) {
      this.streamFailed(error);
      if (this.givenUp()) return undefined;
      // A throttled or failing engine gets a moment before the next stream (0.2 s, then 0.4 s).
      await this.deps.sleep(RETRY_BACKOFF_MS * 2 ** Math.max(0, this.failures - 1));
      return 'retry';
    }
  }

  /**
   * A stream failed: dropped, and counted against the utterance at the cursor — unless the engine was
   * only busy (every decoder of the local worker serving another session): then the utterance waits
   * for one to free (streams end after idleStreamMs), later but not lost.
   */
  private streamFailed(error: unknown): void {
    const busy = (error as { code?: unknown } | null)?.code === ENGINE_BUSY;
    if (!busy) this.failures += 1;
    this.log.warn(
      { err: error, attempt: this.failures, busy },
      busy ? 'recognition engine busy: trying again' : 'recognition stream failed: restarting it',
    );
    this.dropStream();
  }

  /** Streams failed too often for the utterance at the cursor: no more are opened for it. */
  private givenUp(): boolean {
    return this.failures >= this.deps.follower.maxAttempts;
  }

  /** Moves the cursor past `lastChunk` (numbering an utterance), fenced by the lease's epoch. */
  private async claim(lastChunk: number, isUtterance: boolean, nowMs: number): Promise<boolean> {
    const claimed = await this.deps.store.claim(
      this.event.sessionId,
      this.cursor,
      lastChunk,
      isUtterance,
      nowMs,
      this.lease.epoch,
    );
    if (claimed === undefined) return false;
    this.failures = 0;
    this.cursor = {
      nextChunk: lastChunk + 1,
      nextUtterance: this.cursor.nextUtterance + (isUtterance ? 1 : 0),
    };
    for (const sequenceNumber of [...this.pending.keys()])
      if (sequenceNumber <= lastChunk) this.pending.delete(sequenceNumber);
    return true;
  }

  /** Writes the pending chunks not yet written (opening a stream for speech), up to the first hole. */
  private async feed(): Promise<void> {
    const first = this.sorted()[0];
    if (first === undefined || this.givenUp()) return;
    let last = first.sequenceNumber;
    while (this.pending.has(last + 1)) last += 1;
    await this.writeThrough(last).catch((error: unknown) => this.streamFailed(error));
  }

  private async writeThrough(lastChunk: number): Promise<void> {
    for (
      let next = (this.stream?.writtenThrough ?? this.cursor.nextChunk - 1) + 1;
      next <= lastChunk;
      next += 1
    ) {
      const chunk = this.pending.get(next);
      if (chunk === undefined || this.leaseLost) return;
      const stream = this.stream ?? this.open(chunk);
      await stream.write(chunk, this.deps.clock.now());
    }
  }

  private open(first: StoredChunk): FollowedStream {
    this.stream = new FollowedStream(this.deps.streaming, {
      languageCode: this.event.sourceLanguage,
      sampleRate: first.sampleRate,
      firstChunk: first.sequenceNumber,
      nowMs: this.deps.clock.now(),
    });
    return this.stream;
  }

  private requireStream(): FollowedStream {
    // An utterance starts at the cursor with a stored chunk, so writing it opened a stream.
    if (this.stream === undefined) throw new Error('no stream after writing the utterance');
    return this.stream;
  }

  /** Ends a stream that heard no speech for a while, or whose speaker stopped sending. */
  private async closeIdleStream(now: number, speakerStopped: boolean): Promise<void> {
    const stream = this.stream;
    if (stream === undefined || this.pending.size > 0) return;
    if (!speakerStopped && now - stream.lastSpeechAt < this.deps.follower.idleStreamMs) return;
    this.stream = undefined;
    const left = await stream.end().catch((error: unknown) => {
      this.log.warn({ err: error }, 'idle recognition stream failed to end');
      return '';
    });
    if (left !== '') this.log.warn({ words: left.split(' ').length }, 'words after the last cut dropped');
  }

  private dropStream(): void {
    this.stream?.abort();
    this.stream = undefined;
  }

  private async handOver(): Promise<FollowOutcome> {
    this.dropStream();
    const released = await this.deps.leases.release(this.lease);
    if (released) {
      await this.deps.followers.start({
        kind: 'followAudio',
        sessionId: this.event.sessionId,
        sourceLanguage: this.event.sourceLanguage,
        reason: 'handover',
        requestId: this.event.requestId,
      });
    }
    this.log.info({ utterances: this.utterances, released }, 'handed the session over');
    return this.outcome(released ? 'handedOver' : 'lostLease');
  }

  private async release(kind: 'idle'): Promise<FollowOutcome> {
    await this.deps.leases.release(this.lease);
    this.log.info({ utterances: this.utterances }, 'no audio for a while: stopped following');
    return this.outcome(kind);
  }

  private sorted(): StoredChunk[] {
    return [...this.pending.values()].sort((left, right) => left.sequenceNumber - right.sequenceNumber);
  }

  private speakerConnectionId(): string | undefined {
    return this.speakerRef(this.sorted()).speakerConnectionId;
  }

  /** The speaker's connection as the newest of these chunks names it. */
  private speakerRef(chunks: readonly StoredChunk[]): { speakerConnectionId?: string } {
    for (let index = chunks.length - 1; index >= 0; index -= 1) {
      const id = chunks[index]?.speakerConnectionId;
      if (id) return { speakerConnectionId: id };
    }
    return this.lastSpeaker ? { speakerConnectionId: this.lastSpeaker } : {};
  }
}
