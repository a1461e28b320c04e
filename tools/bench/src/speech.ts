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

/** Index of the chunk in which the server sees PAUSE_MS of silence after the last speech frame. */
export function closingChunk(pcm: Buffer): number {
  const frame = 20 * BYTES_PER_MS;
  let lastSpeechEnd = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame) {
    let sum = 0;
    for (let i = offset; i < offset + frame; i += 2) sum += (pcm.readInt16LE(i) / 32768) ** 2;
    if (10 * Math.log10(sum / (frame / 2) || 1e-12) > SPEECH_DB) lastSpeechEnd = offset + frame;
  }
  return Math.floor((lastSpeechEnd + PAUSE_MS * BYTES_PER_MS) / CHUNK_BYTES);
}
