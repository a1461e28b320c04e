import type { TranscriptMessage, TranslatedAudioMessage } from '@lingocast/contract';
import { fromBase64 } from './base64';

/** One utterance's translated speech, complete. */
export interface ReceivedAudio {
  sequenceNumber: number;
  targetLanguage: string;
  format: 'mp3';
  audio: Uint8Array;
  durationMs: number;
  transcript: string;
}

/**
 * Joins the parts of each utterance's `translatedAudio` into one MP3, whatever order the parts come
 * in; duplicates are ignored, and so are parts of utterances already delivered. Holds at most
 * `maxPending` incomplete utterances (the oldest is dropped) and remembers the last `maxRemembered`
 * delivered ones.
 */
export class AudioAssembler {
  private readonly pending = new Map<
    string,
    { parts: (Uint8Array | undefined)[]; first: TranslatedAudioMessage }
  >();
  private readonly delivered = new Set<string>();

  constructor(
    private readonly maxPending = 32,
    private readonly maxRemembered = 1024,
  ) {}

  /** Adds a part; returns the whole utterance when this part completed it. */
  add(message: TranslatedAudioMessage): ReceivedAudio | undefined {
    const key = `${message.targetLanguage}:${message.sequenceNumber}`;
    if (this.delivered.has(key) || message.part >= message.parts) return undefined;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { parts: new Array<Uint8Array | undefined>(message.parts).fill(undefined), first: message };
      this.pending.set(key, entry);
      if (this.pending.size > this.maxPending) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
    }
    // Parts of one utterance disagreeing on the count: keep the first count, never grow past it.
    if (message.part >= entry.parts.length) return undefined;
    entry.parts[message.part] ??= fromBase64(message.audio);
    if (entry.parts.some((part) => part === undefined)) return undefined;
    this.pending.delete(key);
    this.delivered.add(key);
    if (this.delivered.size > this.maxRemembered) {
      const oldest = this.delivered.values().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
    const parts = entry.parts as Uint8Array[];
    const audio = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      audio.set(part, offset);
      offset += part.length;
    }
    return {
      sequenceNumber: message.sequenceNumber,
      targetLanguage: message.targetLanguage,
      format: 'mp3',
      audio,
      durationMs: entry.first.durationMs,
      transcript: entry.first.transcript,
    };
  }
}

/**
 * The caption that rides in a `translatedAudio` part (the server sends no separate `transcript` to a
 * listener that gets audio), as the `transcript` message it stands for; undefined for a part without
 * one (servers before the caption rode in the audio).
 *
 * @example
 * const caption = captionInAudio(part); // { type: 'transcript', translatedText: part.transcript, … }
 */
export function captionInAudio(message: TranslatedAudioMessage): TranscriptMessage | undefined {
  if (message.sourceLanguage === undefined || message.sourceText === undefined) return undefined;
  return {
    type: 'transcript',
    timestamp: message.timestamp,
    sessionId: message.sessionId,
    sequenceNumber: message.sequenceNumber,
    sourceLanguage: message.sourceLanguage,
    sourceText: message.sourceText,
    targetLanguage: message.targetLanguage,
    translatedText: message.transcript,
  };
}
