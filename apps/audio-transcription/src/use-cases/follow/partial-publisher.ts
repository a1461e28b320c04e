import type { FollowAudioEvent } from '@lingocast/contract';
import type { Logger } from '@lingocast/logging';
import type { FollowerDeps } from './follower-deps';

/**
 * Sends the words heard so far of the utterance in progress: `transcriptPartial` to the speaker, and an
 * `utterancePartial` event to translation-pipeline for the listeners who asked for live captions. At most
 * one per interval, only when the words changed, in order, and never in the way of recognition: a
 * partial that cannot be delivered is logged and forgotten (the final transcript follows anyway).
 */
export class PartialPublisher {
  private lastText = '';
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Pick<FollowerDeps, 'speaker' | 'partials' | 'clock' | 'follower'>,
    private readonly event: FollowAudioEvent,
    private readonly log: Logger,
  ) {}

  /** Offers the current words of utterance `sequenceNumber`; '' (just cut) sends nothing. */
  offer(text: string, sequenceNumber: number, speakerConnectionId: string | undefined): void {
    if (text === this.lastText) return;
    if (text === '') {
      this.lastText = '';
      return;
    }
    const now = this.deps.clock.now();
    if (now - this.lastSentAt < this.deps.follower.partialIntervalMs) return;
    this.lastText = text;
    this.lastSentAt = now;
    this.tail = this.tail.then(() => this.send(text, sequenceNumber, now, speakerConnectionId));
  }

  /** Resolves once every partial offered so far was sent or given up. */
  flushed(): Promise<void> {
    return this.tail;
  }

  private async send(
    text: string,
    sequenceNumber: number,
    emittedAt: number,
    speakerConnectionId: string | undefined,
  ): Promise<void> {
    const { sessionId, sourceLanguage, requestId } = this.event;
    const deliveries: Array<Promise<void>> = [
      this.deps.partials.publish({
        kind: 'utterancePartial',
        sessionId,
        sourceLanguage,
        sequenceNumber,
        text,
        emittedAt,
        requestId,
      }),
    ];
    if (speakerConnectionId) {
      deliveries.push(
        this.deps.speaker.notify(speakerConnectionId, {
          type: 'transcriptPartial',
          timestamp: emittedAt,
          sessionId,
          sequenceNumber,
          sourceLanguage,
          text,
        }),
      );
    }
    const results = await Promise.allSettled(deliveries);
    for (const result of results)
      if (result.status === 'rejected') this.log.warn({ err: result.reason }, 'partial not delivered');
  }
}
