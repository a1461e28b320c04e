// Word error and decoding CPU of pocketsphinx decoder settings on real human speech
// (`npx nx run bench:accuracy`): every recording Debian's pocketsphinx-testdata ships with a reference
// transcript (cards: 5 short phrases; librivox: 5 sentences read from Sense and Sensibility), recognised
// by the stage's own adapter (one warm worker per setting, one recording at a time) and scored against
// the reference (lower case, no punctuation). Prints per setting: word error rate, words, CPU time of the
// decoder process, real-time factor, p50/p95 per recording, and the load average. Asserts nothing.
// Lives in the app, not tools/bench, because tools may not import an app's modules (module boundaries).
//   --limit N        at most N recordings (default: all)
//   --timeout-ms MS  stop after MS in all (default 300 000)
//   --noise-dbfs=L   add white noise at L dBFS RMS (e.g. --noise-dbfs=-30) to every recording, a rough noisy-room case
//   --verbose        print every transcript
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_DECODER_OPTIONS,
  PocketsphinxSpeechToText,
} from '../src/adapters/offline/pocketsphinx-speech-to-text';
import { wordErrorRate } from '../src/domain/word-error';

const TESTDATA = '/usr/share/pocketsphinx/test/data';
const SAMPLE_RATE = 16_000;
const PCM16_16K = ['-t', 'raw', '-r', `${SAMPLE_RATE}`, '-c', '1', '-b', '16', '-e', 'signed-integer', '-'];

type DecoderOptions = Readonly<Record<string, string | number | boolean>>;

const SETTINGS: ReadonlyArray<[string, DecoderOptions]> = [
  [`stage (${JSON.stringify(DEFAULT_DECODER_OPTIONS)})`, DEFAULT_DECODER_OPTIONS],
  ['-maxhmmpf 3000 (until issue 13)', { '-maxhmmpf': 3000 }],
  ['pocketsphinx defaults', {}],
];

interface Recording {
  id: string;
  reference: string;
  pcm: Buffer;
  seconds: number;
}

/** `<s> ten of clubs </s> (001)` lines of a Sphinx transcription file, by file id. */
function transcriptions(path: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^(.*)\(([^()]+)\)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      byId.set(match[2].trim(), match[1].replace(/<\/?s>/g, ' ').trim());
    }
  }
  return byId;
}

/** The shipped recordings that have a reference transcript, as 16 kHz mono PCM16LE (via sox). */
function recordings(): Recording[] {
  const sets = [
    { folder: 'cards', transcription: 'cards.transcription' },
    { folder: 'librivox', transcription: 'transcription' },
  ];
  const found: Recording[] = [];
  for (const { folder, transcription } of sets) {
    const references = transcriptions(join(TESTDATA, folder, transcription));
    for (const file of readdirSync(join(TESTDATA, folder))
      .filter((name) => name.endsWith('.wav'))
      .sort()) {
      const reference = references.get(file.slice(0, -'.wav'.length));
      if (reference === undefined) continue;
      const pcm = execFileSync('sox', [join(TESTDATA, folder, file), ...PCM16_16K], {
        maxBuffer: 64 * 1024 * 1024,
      });
      found.push({ id: `${folder}/${file}`, reference, pcm, seconds: pcm.length / 2 / SAMPLE_RATE });
    }
  }
  return found;
}

/** `pcm` with seeded white noise of RMS `dbfs` added (clipped to 16 bits), the same noise on every run. */
function withNoise(pcm: Buffer, dbfs: number): Buffer {
  const noisy = Buffer.alloc(pcm.length);
  // Uniform noise in ±a has RMS a/√3.
  const amplitude = Math.sqrt(3) * 32768 * 10 ** (dbfs / 20);
  let seed = 1;
  for (let offset = 0; offset + 1 < pcm.length; offset += 2) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const sample = pcm.readInt16LE(offset) + Math.round((seed / 2147483648 - 0.5) * 2 * amplitude);
    noisy.writeInt16LE(Math.max(-32768, Math.min(32767, sample)), offset);
  }
  return noisy;
}

/** CPU seconds (user + system) of this process's live children: the warm decoder worker. */
function childrenCpuSeconds(): number {
  let seconds = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the last ')': state (0), ppid (1), … utime (11), stime (12), in 1/100 s ticks (USER_HZ).
      const fields = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      if (fields[1] === process.pid) seconds += ((fields[11] ?? 0) + (fields[12] ?? 0)) / 100;
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/** Nearest-rank quantile (q in 0…1); NaN for no values. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

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
      if (values.verbose === true) console.log(`  ${recording.id}: ${text}`);
    }
    const score = wordErrorRate(pairs);
    const total = cpu.reduce((sum, value) => sum + value, 0);
    const ms = (value: number) => `${Math.round(value * 1000)}`;
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

const { values } = parseArgs({
  options: {
    limit: { type: 'string' },
    'timeout-ms': { type: 'string', default: '300000' },
    'noise-dbfs': { type: 'string' },
    verbose: { type: 'boolean' },
  },
});

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
  console.log(
    `${audio.length} pocketsphinx-testdata recordings, ${seconds.toFixed(1)} s of audio${noisy}; load ${load()}`,
  );
  for (const [name, options] of SETTINGS) {
    if (Date.now() > deadline) {
      console.log(`stopped: --timeout-ms ${timeoutMs} reached before '${name}'`);
      break;
    }
    await measure(name, options, audio, deadline);
  }
  console.log(`load ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
