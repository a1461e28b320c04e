// Streaming speech as a microphone client does: 250 ms chunks, and where in them the server sees
// the pause that ends an utterance ("end of utterance" for the latency figures).
import { BYTES_PER_MS } from '@lingocast/speech-fixtures';
import sentencesFile from './sentences.json';

/** Distinct sentences, so every counted utterance misses the translation cache (shared with the decoder bench). */
export const SENTENCES: readonly string[] = sentencesFile;
/** Spoken first and not counted: it pays the engines' start-up. */
export const WARM_UP = 'Good morning and welcome to all of you.';

/** What a microphone client sends at a time. */
export const CHUNK_MS = 250;
export const CHUNK_BYTES = CHUNK_MS * BYTES_PER_MS;
/** The silence that ends an utterance on the stage (UTTERANCE_PAUSE_MS default). */
export const PAUSE_MS = 500;
/** Frames above this level count as speech (the server's default speech threshold). */
const SPEECH_DB = -40;

/** The gap a fluent speaker leaves between sentences (a preacher, a keynote): shorter than PAUSE_MS. */
export const SENTENCE_GAP_MS = 300;

/** Byte offsets of the first and just past the last speech frame (20 ms frames, as the server measures). */
export function voicedSpan(pcm: Buffer): { start: number; end: number } {
  const frame = 20 * BYTES_PER_MS;
  let start = -1;
  let end = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame) {
    let sum = 0;
    for (let i = offset; i < offset + frame; i += 2) sum += (pcm.readInt16LE(i) / 32768) ** 2;
    if (10 * Math.log10(sum / (frame / 2) || 1e-12) > SPEECH_DB) {
      if (start < 0) start = offset;
      end = offset + frame;
    }
  }
  return { start: Math.max(0, start), end };
}

/** Index of the chunk in which the server sees PAUSE_MS of silence after the last speech frame. */
export function closingChunk(pcm: Buffer): number {
  return Math.floor((voicedSpan(pcm).end + PAUSE_MS * BYTES_PER_MS) / CHUNK_BYTES);
}

/** Continuous speech: each sentence's voiced part, `gapMs` of silence between, and where each ends (ms). */
export interface Talk {
  pcm: Buffer;
  /** Per sentence, the end of its last voiced frame, in ms from the start of `pcm`. */
  sentenceEndsMs: number[];
}

/**
 * Joins spoken sentences (their own leading and trailing silence trimmed) with exactly `gapMs` of
 * silence, after `leadingMs` of silence, and ends with `trailingMs` of silence.
 *
 * @example
 * const talk = joinSentences([speak('One.', 0, 0), speak('Two.', 0, 0)], { gapMs: 300 });
 */
export function joinSentences(
  spoken: readonly Buffer[],
  options: { gapMs: number; leadingMs?: number; trailingMs?: number },
): Talk {
  const silence = (ms: number) => Buffer.alloc(ms * BYTES_PER_MS);
  const parts: Buffer[] = [silence(options.leadingMs ?? 200)];
  const sentenceEndsMs: number[] = [];
  let lengthBytes = parts[0]?.length ?? 0;
  spoken.forEach((pcm, index) => {
    const { start, end } = voicedSpan(pcm);
    const voiced = pcm.subarray(start, end);
    if (index > 0) parts.push(silence(options.gapMs));
    lengthBytes += (index > 0 ? options.gapMs * BYTES_PER_MS : 0) + voiced.length;
    parts.push(voiced);
    sentenceEndsMs.push(lengthBytes / BYTES_PER_MS);
  });
  parts.push(silence(options.trailingMs ?? 1500));
  return { pcm: Buffer.concat(parts), sentenceEndsMs };
}
