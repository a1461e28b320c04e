// Latency on the local stage, two cases. Pauses: sentences with 1.5 s of silence after each, timed from
// the chunk that closes the utterance to its first translatedAudio at a listener, with a per-stage
// breakdown from the services' own `utterance delivered` log lines. Continuous speech: sentences with
// 0.3 s between them, timed from each sentence's last voiced sample to the first translatedAudio of the
// utterance holding that sample. Both also give the speaker's side: end of speech → final transcript, and
// (streaming recognition, --set RECOGNITION_MODE=streaming) start of speech → first partial. Prints
// figures; asserts nothing.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import { freePorts, requestToken, startStage } from '@lingocast/stage';
import type { RunningStage as Stage } from '@lingocast/stage';
import { BYTES_PER_MS, speak } from '@lingocast/speech-fixtures';
import { logEntries } from './logs';
import { loadAverage } from './machine';
import {
  CHUNK_BYTES,
  CHUNK_MS,
  SENTENCES,
  SENTENCE_GAP_MS,
  WARM_UP,
  closingChunk,
  joinSentences,
  voicedSpan,
} from './speech';
import { quantile, summary } from './stats';
import { sleep, stopOnInterrupt } from './tasks';

interface Delivered {
  utterance: number;
  assemblyMs: number;
  speechToTextMs: number;
  endToEndMs?: number;
  languages: Array<{
    language: string;
    translationMs: number;
    synthesisMs: number;
    fanOutMs: number;
    cacheHit: boolean;
  }>;
}

interface Claimed {
  /** When the log line was written (ISO 8601): the claim, on the same clock as the bench's. */
  time: string;
  utterance: number;
  firstChunk: number;
  lastChunk: number;
  reason: string;
}

/** A speaker and listeners joined to a new session, recording when each utterance's first audio arrives. */
interface Broadcast {
  sessionId: string;
  speaker: SpeakerClient;
  firstAudioAt: Map<number, number>;
  /** When the speaker got each utterance's first `transcriptPartial` (streaming recognition only). */
  firstPartialAt: Map<number, number>;
  /** When the speaker got each utterance's final `transcript`. */
  transcriptAt: Map<number, number>;
  close(): void;
}

async function openBroadcast(stage: Stage, languages: readonly string[]): Promise<Broadcast> {
  const { endpoints } = stage;
  const token = await requestToken(endpoints.tokenUrl, 'bench-speaker');
  const speaker = new SpeakerClient({
    httpUrl: endpoints.httpApi,
    websocketUrl: endpoints.websocket,
    tokenProvider: () => token.idToken,
    WebSocket,
  });
  const session = await speaker.createSession({ sourceLanguage: 'en' });
  const firstAudioAt = new Map<number, number>();
  const listeners = await Promise.all(
    languages.map(async (language) => {
      const listener = new ListenerClient({ websocketUrl: endpoints.websocket, WebSocket });
      listener.on('message', (message) => {
        if (message.type === 'translatedAudio' && !firstAudioAt.has(message.sequenceNumber)) {
          firstAudioAt.set(message.sequenceNumber, Date.now());
        }
      });
      await listener.join(session.sessionId, language);
      return listener;
    }),
  );
  const firstPartialAt = new Map<number, number>();
  const transcriptAt = new Map<number, number>();
  speaker.on('transcriptPartial', (message) => {
    if (!firstPartialAt.has(message.sequenceNumber)) firstPartialAt.set(message.sequenceNumber, Date.now());
  });
  speaker.on('transcript', (message) => {
    if (!transcriptAt.has(message.sequenceNumber)) transcriptAt.set(message.sequenceNumber, Date.now());
  });
  await speaker.connect(session.sessionId);
  return {
    sessionId: session.sessionId,
    speaker,
    firstAudioAt,
    firstPartialAt,
    transcriptAt,
    close: () => {
      listeners.forEach((listener) => listener.close());
      speaker.close();
    },
  };
}

/** Sends `pcm` as a microphone would: each chunk when its last sample is captured. Returns the capture start. */
async function streamInRealTime(speaker: SpeakerClient, pcm: Buffer, onChunk?: (index: number) => void) {
  const startedAt = Date.now();
  for (let index = 0, offset = 0; offset < pcm.length; index += 1, offset += CHUNK_BYTES) {
    const dueAt = startedAt + (index + 1) * CHUNK_MS;
    await sleep(Math.max(0, dueAt - Date.now()));
    speaker.sendAudio(pcm.subarray(offset, offset + CHUNK_BYTES));
    onChunk?.(index);
  }
  return startedAt;
}

/** For each counted utterance (not the warm-up, 0), the ms from its moment to its arrival, when it arrived. */
function since(moments: readonly number[], arrivals: Map<number, number>): number[] {
  return moments.flatMap((at, utterance) => {
    const arrivedAt = arrivals.get(utterance);
    return utterance > 0 && arrivedAt !== undefined ? [arrivedAt - at] : [];
  });
}

/** Waits until `expected` utterances have audio, or nothing new came for `quietMs` (at most 60 s). */
async function settle(firstAudioAt: Map<number, number>, expected: number, quietMs: number): Promise<void> {
  let seen = firstAudioAt.size;
  let quietSince = Date.now();
  for (let waited = 0; firstAudioAt.size < expected && waited < 60_000; waited += 250) {
    await sleep(250);
    if (firstAudioAt.size !== seen) {
      seen = firstAudioAt.size;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) return;
  }
}

function deliveredLines(stage: Stage, sessionId: string): Delivered[] {
  return logEntries<Delivered>(
    join(stage.logDir, 'translation-pipeline.log'),
    'utterance delivered',
    sessionId,
  );
}

/** The `utterance claimed` lines audio-transcription logged for a session: which chunks each utterance holds. */
function claimedLines(stage: Stage, sessionId: string): Claimed[] {
  return logEntries<Claimed>(join(stage.logDir, 'audio-transcription.log'), 'utterance claimed', sessionId);
}

function printBreakdown(logs: readonly Delivered[]): void {
  const perLanguage = logs.flatMap((d) => d.languages);
  const rows: Array<[string, number[]]> = [
    [
      'server: last chunk received → first audio sent',
      logs.flatMap((d) => (d.endToEndMs === undefined ? [] : [d.endToEndMs])),
    ],
    ['assembly (last chunk received → utterance claimed)', logs.map((d) => d.assemblyMs)],
    ['speech-to-text (claimed → transcribed)', logs.map((d) => d.speechToTextMs)],
    [
      'translation, per language (cache misses)',
      perLanguage.filter((l) => !l.cacheHit).map((l) => l.translationMs),
    ],
    [
      'translation, per language (cache hits)',
      perLanguage.filter((l) => l.cacheHit).map((l) => l.translationMs),
    ],
    ['synthesis, per language', perLanguage.map((l) => l.synthesisMs)],
    ['fan-out, per language', perLanguage.map((l) => l.fanOutMs)],
  ];
  for (const [label, values] of rows) console.log(`  ${`${label}:`.padEnd(70)} ${summary(values)}`);
}

/** Sentences with 1.5 s of silence after each: one utterance each, timed from the closing chunk. */
async function pausesCase(stage: Stage, languages: readonly string[], count: number): Promise<void> {
  const broadcast = await openBroadcast(stage, languages);
  const { firstAudioAt } = broadcast;
  // Warm-up utterance (first-use costs: recogniser and translator start, module loads), not counted.
  const sentences = [
    WARM_UP,
    ...Array.from({ length: count }, (_, i) => SENTENCES[i % SENTENCES.length] ?? ''),
  ];
  const closingSentAt: number[] = [];
  const speechEndedAt: number[] = [];
  const speechStartedAt: number[] = [];
  for (const sentence of sentences) {
    const pcm = speak(sentence, 1.5, 0.2);
    const closing = closingChunk(pcm);
    const startedAt = await streamInRealTime(broadcast.speaker, pcm, (index) => {
      if (index === closing) closingSentAt.push(Date.now());
    });
    speechEndedAt.push(startedAt + voicedSpan(pcm).end / BYTES_PER_MS);
    speechStartedAt.push(startedAt + voicedSpan(pcm).start / BYTES_PER_MS);
  }
  await settle(firstAudioAt, sentences.length, 30_000);
  const client = closingSentAt
    .map((sentAt, utterance) => ({ utterance, ms: (firstAudioAt.get(utterance) ?? Number.NaN) - sentAt }))
    .filter((entry) => entry.utterance > 0 && !Number.isNaN(entry.ms));
  const fromSpeechEnd = speechEndedAt.flatMap((endedAt, utterance) => {
    const heardAt = firstAudioAt.get(utterance);
    return utterance > 0 && heardAt !== undefined ? [heardAt - endedAt] : [];
  });
  const claimedAt = new Map(
    claimedLines(stage, broadcast.sessionId).map((c) => [c.utterance, Date.parse(c.time)]),
  );
  const toCut = speechEndedAt.flatMap((endedAt, utterance) => {
    const cutAt = claimedAt.get(utterance);
    return utterance > 0 && cutAt !== undefined ? [cutAt - endedAt] : [];
  });
  const logs = deliveredLines(stage, broadcast.sessionId).filter((d) => d.utterance > 0);
  console.log(
    `\nPauses: ${languages.length} target languages (${languages.join(', ')}), ${client.length} utterances (+1 warm-up), 250 ms chunks, 1.5 s of silence after each`,
  );
  console.log(
    `end of utterance (chunk with 500 ms of silence sent) → first translatedAudio at a listener: ${summary(client.map((c) => c.ms))}`,
  );
  console.log(
    `end of speech (last voiced sample) → first translatedAudio at a listener:                  ${summary(fromSpeechEnd)}`,
  );
  console.log(`  end of speech → utterance claimed (the cut):                           ${summary(toCut)}`);
  console.log(
    `end of speech → final transcript at the speaker:                                   ${summary(since(speechEndedAt, broadcast.transcriptAt))}`,
  );
  console.log(
    `start of speech (first voiced sample) → first partial at the speaker:              ${summary(since(speechStartedAt, broadcast.firstPartialAt))}`,
  );
  printBreakdown(logs);
  const missing = sentences.length - firstAudioAt.size;
  if (missing > 0) console.log(`  ${missing} utterance(s) never arrived`);
  console.log(
    `median end to end: ${Math.round(
      quantile(
        client.map((c) => c.ms),
        0.5,
      ),
    )} ms`,
  );
  broadcast.close();
}

/**
 * Continuous speech: a warm-up sentence and a pause, then `count` sentences with SENTENCE_GAP_MS
 * between them. Each sentence is timed from its last voiced sample (when a person hears it end) to
 * the first translated audio of the utterance holding that sample; the stage's `utterance claimed`
 * log lines say which chunks each utterance holds.
 */
async function continuousCase(stage: Stage, languages: readonly string[], count: number): Promise<void> {
  const broadcast = await openBroadcast(stage, languages);
  const { firstAudioAt } = broadcast;
  const sentences = Array.from({ length: count }, (_, i) => SENTENCES[i % SENTENCES.length] ?? '');
  const warmUp = speak(WARM_UP, 1.5, 0.2);
  const talk = joinSentences(
    sentences.map((sentence) => speak(sentence, 0, 0)),
    { gapMs: SENTENCE_GAP_MS, leadingMs: 0 },
  );
  const warmUpMs = warmUp.length / BYTES_PER_MS;
  const startedAt = await streamInRealTime(broadcast.speaker, Buffer.concat([warmUp, talk.pcm]));
  // The trailing silence closes the last utterance: wait until every claimed utterance was heard.
  for (let waited = 0; waited < 180_000; waited += 500) {
    await sleep(500);
    const pending = claimedLines(stage, broadcast.sessionId).filter((c) => !firstAudioAt.has(c.utterance));
    if (waited >= 2_000 && pending.length === 0) break;
  }
  const claimed = claimedLines(stage, broadcast.sessionId);
  const warmUpChunks = Math.ceil(warmUp.length / CHUNK_BYTES);
  const timed = talk.sentenceEndsMs.map((endMs) => {
    const atMs = warmUpMs + endMs;
    const chunk = Math.floor((atMs * BYTES_PER_MS - 1) / CHUNK_BYTES);
    const utterance = claimed.find((c) => c.firstChunk <= chunk && chunk <= c.lastChunk);
    const audioAt = utterance === undefined ? undefined : firstAudioAt.get(utterance.utterance);
    const transcriptAt =
      utterance === undefined ? undefined : broadcast.transcriptAt.get(utterance.utterance);
    const endedAt = startedAt + atMs;
    return {
      utterance,
      ms: audioAt === undefined ? Number.NaN : audioAt - endedAt,
      transcriptMs: transcriptAt === undefined ? Number.NaN : transcriptAt - endedAt,
      cutMs: utterance === undefined ? Number.NaN : Date.parse(utterance.time) - endedAt,
    };
  });
  const counted = claimed.filter((c) => c.lastChunk >= warmUpChunks);
  const heard = timed.filter((t) => !Number.isNaN(t.ms)).map((t) => t.ms);
  const reasons = new Map<string, number>();
  counted.forEach((c) => reasons.set(c.reason, (reasons.get(c.reason) ?? 0) + 1));
  const lengthsS = counted.map((c) => ((c.lastChunk - c.firstChunk + 1) * CHUNK_MS) / 1000);
  console.log(
    `\nContinuous speech: ${sentences.length} sentences, ${SENTENCE_GAP_MS} ms between them (${(talk.pcm.length / BYTES_PER_MS / 1000).toFixed(1)} s), streamed in real time, ${languages.length} target languages`,
  );
  console.log(
    `utterances: ${counted.length} for ${sentences.length} sentences (${[...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ')}); utterance length s: p50 ${quantile(lengthsS, 0.5)}  max ${quantile(lengthsS, 1)}`,
  );
  console.log(`end of sentence (last voiced sample) → its translatedAudio at a listener: ${summary(heard)}`);
  console.log(
    `  end of sentence → its utterance claimed (the cut):                    ${summary(timed.filter((t) => !Number.isNaN(t.cutMs)).map((t) => t.cutMs))}`,
  );
  console.log(
    `end of sentence → its final transcript at the speaker:                  ${summary(timed.filter((t) => !Number.isNaN(t.transcriptMs)).map((t) => t.transcriptMs))}`,
  );
  printBreakdown(deliveredLines(stage, broadcast.sessionId).filter((d) => d.utterance > 0));
  const lost = timed.length - heard.length;
  if (lost > 0) console.log(`  ${lost} sentence(s) never heard`);
  broadcast.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      utterances: { type: 'string', default: '20' },
      sentences: { type: 'string', default: '20' },
      languages: { type: 'string', default: 'es,ca,fr' },
      cases: { type: 'string', default: 'pauses,continuous' },
      // Stage settings, e.g. --set UTTERANCE_SHORT_PAUSE_MS=500 --set UTTERANCE_MIN_PAUSE_MS=500 (the fixed 500 ms rule).
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const languages = values.languages.split(',');
  const cases = values.cases.split(',');
  const env = Object.fromEntries(
    values.set.map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) throw new Error(`--set wants NAME=VALUE, got '${entry}'`);
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  console.log(`date: ${new Date().toISOString()}; load average at start: ${loadAverage()}`);
  if (values.set.length > 0) console.log(`stage settings: ${values.set.join(' ')}`);
  const started = Date.now();
  const stage = await startStage({
    ports: await freePorts(),
    logDir: join(tmpdir(), `lingocast-bench-${process.pid}`),
    env,
  });
  stopOnInterrupt(stage);
  console.log(`stage up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    if (cases.includes('pauses')) {
      await pausesCase(stage, languages, Number(values.utterances));
      console.log(`load average: ${loadAverage()}`);
    }
    if (cases.includes('continuous')) {
      await continuousCase(stage, languages, Number(values.sentences));
      console.log(`load average: ${loadAverage()}`);
    }
  } finally {
    await stage.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
