// Word error and decoding CPU of pocketsphinx decoder settings on real human speech
// (`npx nx run bench:accuracy`): every recording Debian's pocketsphinx-testdata ships with a reference
// transcript (cards: 5 short phrases; librivox: 5 sentences read from Sense and Sensibility), recognised
// by the stage's own adapter (one warm worker per setting, one recording at a time) and scored against
// the reference (lower case, no punctuation). Prints per setting: word error rate, words, CPU time of the
// decoder process, real-time factor, p50/p95 per recording, and the load average. Asserts nothing.
// Lives in the app, not tools/bench, because tools may not import an app's modules (module boundaries).
//   --streaming      incremental decoding as the follower does it (accuracy-streaming.ts): one stream per
//                    setting for all recordings, 250 ms chunks back to back, endSegment() after each;
//                    prints the p50/p95 of endSegment() instead of per recording
//   --limit N        at most N recordings (default: all)
//   --timeout-ms MS  stop after MS in all (default 300 000)
//   --noise-dbfs=L   add white noise at L dBFS RMS (e.g. --noise-dbfs=-30) to every recording, a rough noisy-room case
//   --verbose        print every transcript
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_DECODER_OPTIONS,
  PocketsphinxSpeechToText,
} from '../src/adapters/offline/pocketsphinx-speech-to-text';
import { wordErrorRate } from '../src/domain/word-error';
import { childrenCpuSeconds, load, ms, quantile } from './accuracy-measures';
import type { DecoderOptions } from './accuracy-measures';
import { STREAMING_SETTINGS, streamRecordings, streamingLine } from './accuracy-streaming';
import { SAMPLE_RATE, TESTDATA, recordings, withNoise } from './accuracy-testdata';
import type { Recording } from './accuracy-testdata';

const SETTINGS: ReadonlyArray<[string, DecoderOptions]> = [
  [`stage (${JSON.stringify(DEFAULT_DECODER_OPTIONS)})`, DEFAULT_DECODER_OPTIONS],
  ['-maxhmmpf 3000 (until issue 13)', { '-maxhmmpf': 3000 }],
  ['pocketsphinx defaults', {}],
];

const { values } = parseArgs({
  options: {
    streaming: { type: 'boolean' },
    limit: { type: 'string' },
    'timeout-ms': { type: 'string', default: '300000' },
    'noise-dbfs': { type: 'string' },
    verbose: { type: 'boolean' },
  },
});

function printText(recording: Recording, text: string): void {
  if (values.verbose === true) console.log(`  ${recording.id}: ${text}`);
}

async function measure(name: string, options: DecoderOptions, audio: readonly Recording[], deadline: number) {
  const stt = new PocketsphinxSpeechToText({ decoderOptions: options });
  try {
    await stt.start(); // model loading is not counted: the stage keeps its worker warm
    const pairs: Array<{ reference: string; hypothesis: string }> = [];
    const cpu: number[] = [];
    let seconds = 0;
    for (const recording of audio) {
      if (Date.now() > deadline) break;
      const before = childrenCpuSeconds();
      const { text } = await stt.transcribe({
        pcm: recording.pcm,
        sampleRate: SAMPLE_RATE,
        languageCode: 'en',
      });
      cpu.push(childrenCpuSeconds() - before);
      seconds += recording.seconds;
      pairs.push({ reference: recording.reference, hypothesis: text });
      printText(recording, text);
    }
    const score = wordErrorRate(pairs);
    const total = cpu.reduce((sum, value) => sum + value, 0);
    console.log(
      `${name.padEnd(32)} WER ${(100 * score.rate).toFixed(1).padStart(5)} % (${score.errors}/${score.words} words, ` +
        `${pairs.length} recordings)  CPU ${total.toFixed(2)} s for ${seconds.toFixed(1)} s of audio, ` +
        `RTF ${(total / seconds).toFixed(2)}  per recording p50 ${ms(quantile(cpu, 0.5))} / p95 ${ms(quantile(cpu, 0.95))} ms  ` +
        `load ${load()}`,
    );
  } finally {
    stt.close();
  }
}

async function measureStreaming(
  name: string,
  options: DecoderOptions,
  audio: readonly Recording[],
  deadline: number,
) {
  console.log(streamingLine(name, await streamRecordings(options, audio, deadline, printText)));
}

async function main(): Promise<void> {
  if (!existsSync(TESTDATA)) {
    throw new Error(`${TESTDATA} is missing: install Debian's pocketsphinx-testdata (tools/bootstrap)`);
  }
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  const timeoutMs = Number(values['timeout-ms']);
  if (!(limit > 0) || !(timeoutMs > 0)) throw new Error('--limit and --timeout-ms must be positive numbers');
  const deadline = Date.now() + timeoutMs;
  const noise = values['noise-dbfs'] === undefined ? undefined : Number(values['noise-dbfs']);
  if (noise !== undefined && !(noise < 0))
    throw new Error('--noise-dbfs must be a negative number, e.g. --noise-dbfs=-30');
  const audio = recordings()
    .slice(0, limit)
    .map((recording) =>
      noise === undefined ? recording : { ...recording, pcm: withNoise(recording.pcm, noise) },
    );
  const seconds = audio.reduce((sum, recording) => sum + recording.seconds, 0);
  const noisy = noise === undefined ? '' : `, white noise at ${noise} dBFS added`;
  const streaming = values.streaming === true;
  const mode = streaming
    ? 'streamed: one stream per setting, 250 ms chunks back to back, endSegment() after each'
    : 'whole-utterance decodes';
  console.log(
    `${audio.length} pocketsphinx-testdata recordings, ${seconds.toFixed(1)} s of audio${noisy}, ${mode}; load ${load()}`,
  );
  for (const [name, options] of streaming ? STREAMING_SETTINGS : SETTINGS) {
    if (Date.now() > deadline) {
      console.log(`stopped: --timeout-ms ${timeoutMs} reached before '${name}'`);
      break;
    }
    await (streaming ? measureStreaming : measure)(name, options, audio, deadline);
  }
  console.log(`load ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
