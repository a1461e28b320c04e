import { LIMITS } from '@lingocast/contract';
import type { TranslatedAudioMessage } from '@lingocast/contract';

export type AudioMessageHeader = Omit<TranslatedAudioMessage, 'part' | 'parts' | 'audio'>;

/** Room left for the JSON envelope around the audio; part numbers never need more. */
const ENVELOPE_SLACK_BYTES = 64;

/**
 * Splits an utterance's MP3 into `translatedAudio` messages whose serialised JSON each fit in one
 * API Gateway frame (32 KB). Parts share the header; the client concatenates them in `part` order.
 *
 * @example
 * const messages = splitAudioMessages(header, mp3); // JSON.stringify(m).length ≤ 32768 for each
 */
export function splitAudioMessages(
  header: AudioMessageHeader,
  audio: Buffer,
  maxFrameBytes: number = LIMITS.maxFrameBytes,
): TranslatedAudioMessage[] {
  const envelopeBytes =
    Buffer.byteLength(JSON.stringify({ ...header, part: 0, parts: 0, audio: '' })) + ENVELOPE_SLACK_BYTES;
  const base64Budget = maxFrameBytes - envelopeBytes;
  // Base64 turns 3 bytes into 4 characters.
  const rawPerPart = Math.floor(base64Budget / 4) * 3;
  if (rawPerPart <= 0) throw new RangeError('the message header alone exceeds the frame limit');
  const parts = Math.max(1, Math.ceil(audio.length / rawPerPart));
  return Array.from({ length: parts }, (_, part) => ({
    ...header,
    part,
    parts,
    audio: audio.subarray(part * rawPerPart, (part + 1) * rawPerPart).toString('base64'),
  }));
}
