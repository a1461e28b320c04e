import type { ServerMessage, TranslatedAudioMessage } from '@lingocast/contract';
import type { SynthesisRequest, SynthesizedSpeech } from '../ports';
import { InMemoryTranslationCache, RecordingSynthesizer } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';

// Shared setup of the translateUtterance specs (translate-utterance*.spec.ts).

/**
 * The translatedAudio messages among those a listener received.
 *
 * @example
 * expect(audioMessages(deps.listeners.messagesTo('listener-es'))).toHaveLength(1);
 */
export function audioMessages(messages: readonly ServerMessage[]): TranslatedAudioMessage[] {
  return messages.filter((message): message is TranslatedAudioMessage => message.type === 'translatedAudio');
}

/**
 * The audio a listener received, its parts put back together in order.
 *
 * @example
 * expect(audioReceivedBy(deps, 'listener-es').equals(fakeMp3(1_000))).toBe(true);
 */
export function audioReceivedBy(deps: TestDeps, connectionId: string): Buffer {
  const parts = audioMessages(deps.listeners.messagesTo(connectionId)).sort(
    (left, right) => left.part - right.part,
  );
  return Buffer.concat(parts.map((part) => Buffer.from(part.audio, 'base64')));
}

/**
 * The types of the messages a listener received, in order.
 *
 * @example
 * expect(typesReceivedBy(deps, 'listener-es')).toEqual(['translatedAudio']);
 */
export function typesReceivedBy(deps: TestDeps, connectionId: string): ServerMessage['type'][] {
  return deps.listeners.messagesTo(connectionId).map((message) => message.type);
}

/**
 * Lets the event loop turn a few times, so that work that does not wait on a gate gets done.
 *
 * @example
 * await flushTicks();
 */
export async function flushTicks(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A gate that holds callers until `open()`. */
export class Gate {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
}

/** Holds every synthesis until its gate opens, as Polly takes a few hundred milliseconds. */
export class HeldSynthesizer extends RecordingSynthesizer {
  constructor(private readonly gate: Gate) {
    super();
  }

  override async synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech> {
    await this.gate.opened;
    return super.synthesize(request);
  }
}

/** Holds every write until its gate opens. */
export class SlowWriteCache extends InMemoryTranslationCache {
  readonly gate = new Gate();

  override async put(key: string, translation: string): Promise<void> {
    await this.gate.opened;
    return super.put(key, translation);
  }
}
