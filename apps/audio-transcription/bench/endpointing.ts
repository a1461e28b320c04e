// Where the utterance cutter cuts real speech, without a stage (`npx nx run audio-transcription:endpointing`):
// flite's sentences (the latency bench's) and Debian's LibriVox recordings (pocketsphinx-testdata),
// their own silence trimmed and joined with a fixed gap, cut in 250 ms chunks as they arrive. Prints,
// per setting, utterances against sentences, cuts inside a sentence, and an estimate of end of
// sentence → translated audio. Asserts nothing. Needs flite and sox (tools/bootstrap installs them).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodePcm16, frameLevelsDb } from '../src/domain/pcm';
import { cutNext } from '../src/domain/utterance-cutter';
import type { CutterSettings, StoredChunkSummary } from '../src/domain/utterance-cutter';
import { measureChunkActivity } from '../src/domain/voice-activity';

const SENTENCES: readonly string[] = JSON.parse(
  readFileSync(join(__dirname, '../../../tools/bench/src/sentences.json'), 'utf8'),
) as string[];
const BYTES_PER_MS = 32;
const CHUNK_MS = 250;
const CHUNK_BYTES = CHUNK_MS * BYTES_PER_MS;
const PCM16_16K = ['-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'];

/** Any file sox reads, as 16 kHz mono PCM16LE. */
function toPcm(path: string): Buffer {
  return execFileSync('sox', [path, ...PCM16_16K], { maxBuffer: 64 * 1024 * 1024 });
}

/** flite's `rms` voice (what the stage's tests and benches speak). */
function speak(text: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-endpointing-'));
  try {
    execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', join(dir, 'speech.wav')]);
    return toPcm(join(dir, 'speech.wav'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The voiced part: first to last 20 ms frame above −40 dBFS, as the cutter's voice activity sees it. */
function trimmed(pcm: Buffer): Buffer {
  const levels = frameLevelsDb(decodePcm16(pcm), 16_000, 20);
  const first = levels.findIndex((db) => db > -40);
  const last = levels.length - 1 - [...levels].reverse().findIndex((db) => db > -40);
  return first < 0
    ? Buffer.alloc(0)
    : pcm.subarray(first * 20 * BYTES_PER_MS, (last + 1) * 20 * BYTES_PER_MS);
}

/** Sentences joined with `gapMs` of silence (200 ms before, 1.5 s after); where each sentence ends, in ms. */
function joinSentences(spoken: readonly Buffer[], gapMs: number) {
  const silence = (ms: number) => Buffer.alloc(ms * BYTES_PER_MS);
  const parts: Buffer[] = [silence(200)];
  const sentenceEndsMs: number[] = [];
  let atMs = 200;
  spoken.forEach((pcm, index) => {
    if (index > 0) {
      parts.push(silence(gapMs));
      atMs += gapMs;
    }
    parts.push(pcm);
    atMs += pcm.length / BYTES_PER_MS;
    sentenceEndsMs.push(atMs);
  });
  parts.push(silence(1_500));
  return { pcm: Buffer.concat(parts), sentenceEndsMs };
}

/** The q-quantile, nearest rank. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
/** Rough cost of an utterance after its cut on the local stage: decoding at ≈ 0.25× real time + ≈ 300 ms. */
const PIPELINE = { perAudioMs: 0.25, fixedMs: 300 };

interface Cut {
  firstChunk: number;
  lastChunk: number;
  decidedAtMs: number;
}

/** Feeds the chunks one by one, claiming as ingestAudio would; returns each utterance and when it was decided. */
function cutAsArriving(pcm: Buffer, settings: CutterSettings): Cut[] {
  const summaries: StoredChunkSummary[] = [];
  const cuts: Cut[] = [];
  let cursor = 0;
  for (let index = 0; index * CHUNK_BYTES < pcm.length; index += 1) {
    const chunk = pcm.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    const arrivedAt = (index + 1) * CHUNK_MS;
    summaries.push({
      sequenceNumber: index,
      receivedAt: arrivedAt,
      ...measureChunkActivity(chunk, { sampleRate: 16_000 }),
    });
    for (;;) {
      const from = cursor;
      const decision = cutNext(
        from,
        summaries.filter((s) => s.sequenceNumber >= from),
        settings,
        { flush: false, nowMs: arrivedAt },
      );
      if (decision.kind === 'wait') break;
      if (decision.kind === 'utterance')
        cuts.push({ firstChunk: decision.firstChunk, lastChunk: decision.lastChunk, decidedAtMs: arrivedAt });
      cursor = decision.lastChunk + 1;
    }
  }
  return cuts;
}

function study(spoken: readonly Buffer[], gapMs: number, settings: CutterSettings) {
  const talk = joinSentences(spoken, gapMs);
  const cuts = cutAsArriving(talk.pcm, settings);
  const chunkOf = (ms: number) => Math.floor((ms * BYTES_PER_MS - 1) / CHUNK_BYTES);
  const estimates = talk.sentenceEndsMs.map((endMs) => {
    const cut = cuts.find((c) => c.firstChunk <= chunkOf(endMs) && chunkOf(endMs) <= c.lastChunk);
    if (!cut) return Number.NaN;
    const lengthMs = (cut.lastChunk - cut.firstChunk + 1) * CHUNK_MS;
    return cut.decidedAtMs - endMs + PIPELINE.perAudioMs * lengthMs + PIPELINE.fixedMs;
  });
  // A cut inside a sentence: its last chunk ends before the sentence's end, and the next cut starts in it.
  const ends = talk.sentenceEndsMs.map(chunkOf);
  const starts = talk.sentenceEndsMs.map((endMs, i) =>
    chunkOf(endMs - (spoken[i]?.length ?? 0) / BYTES_PER_MS + 1),
  );
  const inside = cuts.filter((c) =>
    ends.some((end, i) => (starts[i] ?? 0) < c.lastChunk && c.lastChunk < end),
  ).length;
  return { utterances: cuts.length, sentences: spoken.length, inside, estimates };
}

function line(label: string, result: ReturnType<typeof study>): string {
  const fmt = (q: number) => `${Math.round(quantile(result.estimates, q))}`;
  return `${label.padEnd(14)} ${String(result.utterances).padStart(3)} utterances / ${result.sentences} sentences, ${result.inside} inside a sentence, estimate p50 ${fmt(0.5)} p95 ${fmt(0.95)} ms`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      gaps: { type: 'string', default: '250,300,400' },
      'after-speech': { type: 'string', default: '1000,1500,2000,2500,3000' },
      'short-pause': { type: 'string', default: '200,250' },
      'min-pause': { type: 'string', default: '150' },
    },
  });
  const numbers = (text: string) => text.split(',').map(Number);
  const flite = SENTENCES.map((sentence) => trimmed(speak(sentence)));
  const librivox = existsSync(LIBRIVOX)
    ? readdirSync(LIBRIVOX)
        .filter((file) => file.endsWith('.wav'))
        .sort()
        .map((file) => trimmed(toPcm(join(LIBRIVOX, file))))
    : [];
  if (librivox.length === 0)
    console.log(`no LibriVox recordings at ${LIBRIVOX} (apt-get install pocketsphinx-testdata)`);
  const base: CutterSettings = { pauseMs: 500, maxUtteranceMs: 15_000, gapTimeoutMs: 10_000 };
  const variants: Array<[string, CutterSettings]> = [['fixed 500 ms', base]];
  for (const afterSpeechMs of numbers(values['after-speech']))
    for (const shortPauseMs of numbers(values['short-pause']))
      for (const minPauseMs of numbers(values['min-pause']))
        variants.push([
          `after ${afterSpeechMs} ms of speech: ${shortPauseMs} ms (${minPauseMs} ms at 15 s)`,
          { ...base, adaptive: { afterSpeechMs, shortPauseMs, minPauseMs } },
        ]);
  console.log(
    `${flite.length} flite sentences and ${librivox.length} LibriVox recordings (each repeated 4×), silence trimmed, 250 ms chunks`,
  );
  console.log(
    `estimate = cut decided − sentence end + ${PIPELINE.perAudioMs} × utterance length + ${PIPELINE.fixedMs} ms`,
  );
  for (const gapMs of numbers(values.gaps)) {
    console.log(`\n${gapMs} ms between sentences`);
    for (const [label, settings] of variants) {
      console.log(label);
      console.log(`  ${line('flite', study(flite, gapMs, settings))}`);
      if (librivox.length > 0)
        console.log(
          `  ${line('LibriVox', study([...librivox, ...librivox, ...librivox, ...librivox], gapMs, settings))}`,
        );
    }
  }
  // A hesitation early in a sentence must not cut it: the first words, a pause, the rest.
  const hesitations: Array<[string, string]> = [
    ['In the beginning', 'was the word.'],
    ['And so my friends', 'ask not what your country can do for you.'],
    ['We will', 'read from the book of Psalms.'],
    ['Please remember', 'the families who are sick this week.'],
  ];
  console.log('\nHesitations (utterances per sentence; 1 = not cut)');
  for (const pauseMs of [300, 400]) {
    for (const [label, settings] of variants) {
      const counts = hesitations.map(([before, after]) => {
        const first = trimmed(speak(before));
        const sentence = Buffer.concat([first, Buffer.alloc(pauseMs * BYTES_PER_MS), trimmed(speak(after))]);
        return study([sentence], 300, settings).utterances;
      });
      console.log(
        `  ${pauseMs} ms after ${hesitations.map(([b]) => `"${b}"`).join(', ')} — ${label}: ${counts.join(', ')}`,
      );
    }
  }
}

main();
