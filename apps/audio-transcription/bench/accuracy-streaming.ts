// bench:accuracy --streaming: word error and cost of incremental decoding, as the follower decodes.
import { performance } from 'node:perf_hooks';
import { DEFAULT_DECODER_OPTIONS } from '../src/adapters/offline/pocketsphinx-speech-to-text';
import {
  PocketsphinxStreamingSpeechToText,
  STREAMING_DECODER_OPTIONS,
} from '../src/adapters/offline/pocketsphinx-streaming-speech-to-text';
import { wordErrorRate } from '../src/domain/word-error';
import { childrenCpuSeconds, load, ms, quantile } from './accuracy-measures';
import type { DecoderOptions } from './accuracy-measures';
import { SAMPLE_RATE } from './accuracy-testdata';
import type { Recording } from './accuracy-testdata';

/** The follower's chunk length: 250 ms of 16 kHz PCM16. */
const CHUNK_BYTES = (SAMPLE_RATE / 4) * 2;

/** The follower's settings, the whole-utterance stage's (with the flat pass), and pocketsphinx's own pruning. */
export const STREAMING_SETTINGS: ReadonlyArray<[string, DecoderOptions]> = [
  [`follower (${JSON.stringify(STREAMING_DECODER_OPTIONS)})`, STREAMING_DECODER_OPTIONS],
  [`whole-utterance stage (${JSON.stringify(DEFAULT_DECODER_OPTIONS)})`, DEFAULT_DECODER_OPTIONS],
  ['pocketsphinx defaults, -fwdflat no', { '-fwdflat': false }],
  ['pocketsphinx defaults', {}],
];

/** What one setting gave on the recordings, streamed. */
export interface StreamingMeasure {
  pairs: Array<{ reference: string; hypothesis: string }>;
  /** CPU seconds of the worker from the stream's opening to its end. */
  cpuSeconds: number;
  audioSeconds: number;
  /** Wall time of each `endSegment()`, in seconds. */
  cutSeconds: number[];
  /** CPU seconds of the worker inside the `endSegment()` calls, all together. */
  cutCpuSeconds: number;
}

/**
 * Feeds every recording to ONE stream on a warm worker (its decoder kept from recording to recording, as a
 * session's stream keeps it), in 250 ms chunks written back to back, and cuts with `endSegment()` after
 * each recording for its text. Model loading is not counted; the end of the stream is.
 *
 * @example
 * const { pairs, cutSeconds } = await streamRecordings(STREAMING_DECODER_OPTIONS, audio, Date.now() + 60_000);
 */
export async function streamRecordings(
  options: DecoderOptions,
  audio: readonly Recording[],
  deadline: number,
  onText: (recording: Recording, text: string) => void = () => undefined,
): Promise<StreamingMeasure> {
  const engine = new PocketsphinxStreamingSpeechToText({ decoderOptions: options });
  try {
    await engine.start();
    const stream = engine.open({ languageCode: 'en', sampleRate: SAMPLE_RATE });
    await stream.write(Buffer.alloc(0)); // resolves once the worker opened the stream
    const before = childrenCpuSeconds();
    const measure: StreamingMeasure = {
      pairs: [],
      cpuSeconds: 0,
      audioSeconds: 0,
      cutSeconds: [],
      cutCpuSeconds: 0,
    };
    for (const recording of audio) {
      if (Date.now() > deadline) break;
      for (let offset = 0; offset < recording.pcm.length; offset += CHUNK_BYTES) {
        await stream.write(recording.pcm.subarray(offset, offset + CHUNK_BYTES));
      }
      const [cutAt, cpuAtCut] = [performance.now(), childrenCpuSeconds()];
      const { text } = await stream.endSegment();
      measure.cutSeconds.push((performance.now() - cutAt) / 1000);
      measure.cutCpuSeconds += childrenCpuSeconds() - cpuAtCut;
      measure.audioSeconds += recording.seconds;
      measure.pairs.push({ reference: recording.reference, hypothesis: text });
      onText(recording, text);
    }
    await stream.end();
    measure.cpuSeconds = childrenCpuSeconds() - before;
    return measure;
  } finally {
    engine.close();
  }
}

/**
 * One printed line per setting: word error, errors/words, the worker's CPU, RTF, the cuts' p50/p95 and CPU, the load.
 *
 * @example
 * console.log(streamingLine('follower', measure)) // 'follower  WER  23.9 % (22/92 words, …'
 */
export function streamingLine(name: string, measure: StreamingMeasure): string {
  const score = wordErrorRate(measure.pairs);
  const { cpuSeconds, audioSeconds, cutSeconds } = measure;
  return (
    `${name.padEnd(32)} WER ${(100 * score.rate).toFixed(1).padStart(5)} % (${score.errors}/${score.words} words, ` +
    `${measure.pairs.length} recordings)  CPU ${cpuSeconds.toFixed(2)} s for ${audioSeconds.toFixed(1)} s of audio, ` +
    `RTF ${(cpuSeconds / audioSeconds).toFixed(2)}  endSegment p50 ${ms(quantile(cutSeconds, 0.5))} / ` +
    `p95 ${ms(quantile(cutSeconds, 0.95))} ms (CPU ${measure.cutCpuSeconds.toFixed(2)} s in all)  load ${load()}`
  );
}
