import type { TranscriptMessage, TranslatedAudioMessage } from '@lingocast/contract';

type Held = TranslatedAudioMessage | TranscriptMessage;

/** Messages held at most while a replay is answered (≈ 5 minutes of a talk's audio parts). */
export const MAX_HELD_MESSAGES = 2_048;

/**
 * Utterance messages held while a replay is answered, given back in sequence-number order (the
 * order of arrival within one number, so an utterance's parts stay as they came).
 *
 * @example
 * const held = new HeldUtterances();
 * held.add(live7); held.add(replayed5);
 * held.drain(); // [replayed5, live7]
 */
export class HeldUtterances {
  private messages: Held[] = [];

  constructor(private readonly capacity = MAX_HELD_MESSAGES) {}

  /** Holds a message; false when the hold is full (the caller delivers instead). */
  add(message: Held): boolean {
    if (this.messages.length >= this.capacity) return false;
    this.messages.push(message);
    return true;
  }

  /** Everything held, oldest utterance first; the hold is empty afterwards. */
  drain(): Held[] {
    const messages = this.messages;
    this.messages = [];
    // Array#sort is stable: parts of one utterance keep their order of arrival.
    return messages.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }
}
