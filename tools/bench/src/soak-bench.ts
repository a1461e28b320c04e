// Sustained load ("soak"): many sessions with full audiences for a compressed two hours, on its own
// local stage (all three apps, loopback, free ports), through the real client library — so
// heartbeats (every 30 s) and connection refreshes happen as real clients do them. The connection
// lifecycle timers are scaled down with the run, and the bench calls POST /local/sweep on the
// EventBridge schedule's behalf. Prints figures; asserts nothing. Every loop is bounded in count and time.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { LingoCastError, ListenerClient, SpeakerClient } from '@lingocast/client';
import type { ErrorMessage, ServerMessage, WebSocketFactory } from '@lingocast/client';
import { ENV } from '@lingocast/config';
import { DynamoSessionStore } from '@lingocast/session-data';
import type { RunningStage, StageCrash } from '@lingocast/stage';
import { LOCAL_STAGE, freePorts, localDynamoDbClient, requestToken, startStage } from '@lingocast/stage';
import { speak } from '@lingocast/speech-fixtures';
import { tableName } from '@lingocast/tables';
import { logEntries } from './logs';
import type { GroupUsage } from './machine';
import { groupUsage, loadAverage, machineLine } from './machine';
import { CHUNK_BYTES, CHUNK_MS, SENTENCES, WARM_UP } from './speech';
import { quantile, summary } from './stats';
import { bounded, sleep, stopOnInterrupt, withTimeout } from './tasks';

/** What the run compresses: the requirement's two hours, and production's lifecycle timers (seconds). */
const COMPRESSED_SECONDS = 2 * 3600;
const PRODUCTION = { refreshAfter: 6000, warningInterval: 300 };
const LANGUAGES = ['es', 'ca', 'fr'];
const HTTP_TIMEOUT_MS = 30_000;
/** A sweep with thousands of notices to send runs for minutes on the laptop; the bench waits at most this long for one. */
const SWEEP_TIMEOUT_MS = 300_000;
/** Like EventBridge, a sweep starts on time even if the last one runs on; beyond this many at once, it is skipped. */
const MAX_OVERLAPPING_SWEEPS = 2;
/** After the steady phase: how long the last utterances and audio acks may take, then the sweeps still running. */
const DRAIN_MS = 30_000;
const SWEEP_DRAIN_MS = 60_000;
/** The last utterances are in when no translated audio came for this long. */
const AUDIO_QUIET_MS = 5_000;
/** Before the counts are read: no refresh or reconnect for QUIET_MS, waiting at most QUIET_WAIT_MS. */
const QUIET_MS = 5_000;
const QUIET_WAIT_MS = 30_000;
/** Memory, CPU and load are sampled this often. */
const SAMPLE_MS = 15_000;

type Role = 'speaker' | 'listener';

/** A latency and when it was measured (performance.now()). */
interface Timed {
  at: number;
  ms: number;
}

/** Counts by label (errors by code, lifecycle events), printed sorted. */
class Tally {
  private readonly counts = new Map<string, number>();

  add(label: string, count = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + count);
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  /** `label n, label n, …` of the labels starting with `prefix`, or `none`. */
  format(prefix = ''): string {
    const rows = [...this.counts]
      .filter(([label]) => label.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return rows.length === 0
      ? 'none'
      : rows.map(([label, n]) => `${label.slice(prefix.length)} ${n}`).join(', ');
  }
}

/** Heartbeats as the client library sends them, timed on the socket itself: sent → `heartbeatAck`. */
interface HeartbeatStats {
  acks: Timed[];
  sent: number;
  /** Sent while the socket's previous heartbeat had no ack (answered by an error, or not at all). */
  unanswered: number;
  /** The socket closed with a heartbeat unanswered (a refresh retires the old socket, or the end of the run). */
  pendingAtClose: number;
}

type SendArgs = Parameters<WebSocket['send']>;
type SendCallback = (error?: Error) => void;

/**
 * The `ws` WebSocket with the heartbeats the client sends on it timed. One heartbeat is in flight
 * per socket at most (the client sends the next one a period later), and the ack carries no
 * requestId: the first `heartbeatAck` after a heartbeat answers it.
 */
function timedWebSocket(stats: HeartbeatStats): WebSocketFactory {
  return class TimedWebSocket extends WebSocket {
    private heartbeatSentAt: number | undefined;

    constructor(url: string) {
      super(url);
      this.on('message', (data: WebSocket.RawData) => {
        // Acks are tiny; the size check spares decoding every translatedAudio frame.
        if (this.heartbeatSentAt === undefined || !Buffer.isBuffer(data) || data.length > 200) return;
        if (!data.toString('utf8').includes('"type":"heartbeatAck"')) return;
        const now = performance.now();
        stats.acks.push({ at: now, ms: now - this.heartbeatSentAt });
        this.heartbeatSentAt = undefined;
      });
      this.on('close', () => {
        if (this.heartbeatSentAt !== undefined) stats.pendingAtClose += 1;
      });
    }

    override send(
      data: SendArgs[0],
      optionsOrCallback?: SendArgs[1] | SendCallback,
      callback?: SendCallback,
    ): void {
      // The clients send JSON text: a heartbeat is `{"action":"heartbeat"}`.
      if (typeof data === 'string' && data.startsWith('{"action":"heartbeat"')) {
        if (this.heartbeatSentAt !== undefined) stats.unanswered += 1;
        this.heartbeatSentAt = performance.now();
        stats.sent += 1;
      }
      if (typeof optionsOrCallback === 'function') super.send(data, optionsOrCallback);
      else super.send(data, optionsOrCallback ?? {}, callback);
    }
  };
}

/** The events both clients emit under the same names, for counting. */
interface CommonEvents {
  message: (message: ServerMessage) => void;
  connectionRefreshed: (connectionId: string) => void;
  reconnected: (attempts: number) => void;
  reconnectFailed: (attempts: number, lastError: Error | undefined) => void;
  error: (error: ErrorMessage) => void;
  invalidMessage: (reason: string) => void;
}

interface Watchable {
  on<K extends keyof CommonEvents>(event: K, listener: CommonEvents[K]): () => void;
}

/** When connections last changed (refresh asked, done, warned, reconnected), and when refreshes completed. */
interface Churn {
  last: number;
  refreshesDone: number[];
}

/** Counts a client's lifecycle events and errors under `role`. */
function watch(client: Watchable, role: Role, tally: Tally, churn: Churn): void {
  const changed = (label: string) => {
    tally.add(`${role}: ${label}`);
    churn.last = performance.now();
  };
  client.on('message', (message) => {
    if (
      message.type === 'connectionRefreshRequired' ||
      message.type === 'connectionWarning' ||
      message.type === 'connectionTimeout' ||
      message.type === 'sessionEnded'
    )
      changed(message.type);
  });
  client.on('connectionRefreshed', () => {
    changed('refresh completed');
    churn.refreshesDone.push(performance.now());
  });
  client.on('reconnected', () => changed('reconnected'));
  client.on('reconnectFailed', () => changed('reconnect failed'));
  client.on('error', (error) => tally.add(`error: ${role} ${error.action ?? ''} ${error.code}`));
  client.on('invalidMessage', () => tally.add(`error: ${role} invalid message`));
}

const codeOf = (error: unknown): string =>
  error instanceof LingoCastError
    ? error.code
    : error instanceof Error
      ? error.message.slice(0, 80)
      : String(error);

/** One session: its speaker, its audience, its audio, and (if it speaks) who got which utterance when. */
interface Session {
  sessionId: string;
  speaker: SpeakerClient;
  speaking: boolean;
  listeners: ListenerClient[];
  /** Chunk sequence number → when it was handed to sendAudio (performance.now()). */
  handedAt: number[];
  unacked: Set<number>;
  acks: Timed[];
  offered: number;
  refused: number;
  /** Utterance → listener index → its first translatedAudio part. */
  firstAudio: Map<number, Map<number, number>>;
  /** Utterance → listeners holding all of its audio. */
  complete: Map<number, Set<number>>;
  lastAudioAt: number;
}

/** A stage part's usage at a moment. */
interface Sample {
  at: number;
  load: string;
  parts: Map<string, GroupUsage>;
}

function sampleStage(stage: RunningStage): Sample {
  return {
    at: performance.now(),
    load: loadAverage(),
    parts: new Map(stage.processes().map((child) => [child.name, groupUsage(child.pid)])),
  };
}

/** `dynamodb 190, session-management 750, …` (RSS, MiB) */
function formatMemory(sample: Sample): string {
  return [...sample.parts].map(([name, { mib }]) => `${name} ${mib.toFixed(0)}`).join(', ');
}

/** Hands one chunk to the speaker client (which queues it while reconnecting) and notes when. */
function sendChunk(session: Session, pcm: Uint8Array, tally: Tally): void {
  session.offered += 1;
  try {
    const sequence = session.speaker.sendAudio(pcm);
    session.handedAt[sequence] = performance.now();
    session.unacked.add(sequence);
  } catch (error) {
    session.refused += 1;
    tally.add(`error: speaker sendAudio ${codeOf(error)}`);
  }
}

interface Clip {
  pcm: Buffer;
  chunks: number;
}

/**
 * Streams speech in real time: the warm-up sentence, then the sentences in turn, each followed by
 * its silence, until no further sentence fits before `endAt` (or `running()` turns false).
 */
async function streamSpeech(
  session: Session,
  clips: readonly Clip[],
  endAt: number,
  running: () => boolean,
  tally: Tally,
): Promise<void> {
  let next = performance.now();
  for (let n = 0; n < 100_000 && running(); n += 1) {
    const clip = clips[n === 0 ? 0 : 1 + ((n - 1) % (clips.length - 1))];
    if (!clip || next + clip.chunks * CHUNK_MS > endAt) return;
    for (let index = 0; index < clip.chunks && running(); index += 1) {
      sendChunk(session, clip.pcm.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES), tally);
      next += CHUNK_MS;
      await sleep(next - performance.now());
    }
  }
}

/** Streams a silence-level chunk (≈ −80 dBFS noise) `perSecond` times a second, from a random phase, until `endAt`. */
async function streamSilence(
  session: Session,
  perSecond: number,
  endAt: number,
  running: () => boolean,
  tally: Tally,
): Promise<void> {
  if (perSecond <= 0) return;
  const noise = Buffer.alloc(CHUNK_BYTES);
  for (let i = 0; i < CHUNK_BYTES; i += 2) noise.writeInt16LE(Math.round((Math.random() - 0.5) * 6), i);
  const periodMs = 1000 / perSecond;
  let next = performance.now() + Math.random() * periodMs;
  for (let n = 0; n < 1_000_000 && running() && next < endAt; n += 1) {
    await sleep(next - performance.now());
    sendChunk(session, noise, tally);
    next += periodMs;
  }
}

interface SweepRecord {
  number: number;
  /** When it was called (performance.now()). */
  startedAt: number;
  ms: number;
  report?: Record<string, number>;
  error?: string;
}

/**
 * Calls POST /local/sweep every `intervalMs` until `endAt()` (it moves once the steady phase has an
 * end), as EventBridge calls the scheduled sweeper: on time, whether or not the previous sweep has
 * finished (up to MAX_OVERLAPPING_SWEEPS at once). `stop` aborts the calls still waiting.
 */
async function sweepOnSchedule(
  httpApi: string,
  intervalMs: number,
  endAt: () => number,
  stop: AbortSignal,
  onSweep: (record: SweepRecord) => void,
): Promise<{ records: SweepRecord[]; skipped: number }> {
  const records: SweepRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  const first = performance.now();
  for (let number = 1; number < 10_000 && !stop.aborted; number += 1) {
    const at = first + number * intervalMs;
    if (at > endAt()) break;
    await sleep(at - performance.now());
    if (inFlight.size >= MAX_OVERLAPPING_SWEEPS) {
      skipped += 1;
      continue;
    }
    const record: SweepRecord = { number, startedAt: performance.now(), ms: 0 };
    const sweep = (async () => {
      try {
        const response = await fetch(`${httpApi}/local/sweep`, {
          method: 'POST',
          signal: AbortSignal.any([stop, AbortSignal.timeout(SWEEP_TIMEOUT_MS)]),
        });
        const body = (await response.json()) as Record<string, number>;
        if (response.status === 200) record.report = body;
        else record.error = `HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`;
      } catch (error) {
        record.error = `no answer (${codeOf(error)})`;
      }
      record.ms = performance.now() - record.startedAt;
      records.push(record);
      onSweep(record);
    })();
    inFlight.add(sweep);
    void sweep.finally(() => inFlight.delete(sweep));
  }
  await Promise.allSettled([...inFlight]);
  return { records: records.sort((a, b) => a.number - b.number), skipped };
}

/** Waits (polling, at most `ms`) until `done()`; true if it got there. */
async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

/** translation-pipeline's line per utterance (the fields used here). */
interface Delivered {
  /** `audio-<n>`: the chunk whose arrival let audio-transcription cut the utterance. */
  requestId?: string;
  utterance: number;
  endToEndMs?: number;
  languages: Array<{ listeners?: number; gone?: number }>;
}

/** One delivered utterance of a speaking session, as its listeners saw it. */
interface UtteranceFigures {
  /** When the chunk that closed it was handed to sendAudio. */
  endedAt: number;
  /** Each listener's first translatedAudio part, ms after endedAt. */
  arrivals: number[];
  /** Listeners holding the whole audio. */
  holders: number;
  /** Listeners translation-pipeline sent it to. */
  targets: number;
  serverMs?: number;
}

/**
 * The utterances of a speaking session from translation-pipeline's log, each tied to the chunk that
 * closed it (so utterances the server cut differently from the sentences are still timed right),
 * without those closed by the warm-up sentence's chunks.
 */
function utterancesOf(session: Session, logFile: string, warmUpChunks: number): UtteranceFigures[] {
  const figures: UtteranceFigures[] = [];
  for (const line of logEntries<Delivered>(logFile, 'utterance delivered', session.sessionId)) {
    const chunk = Number(/^audio-(\d+)$/.exec(line.requestId ?? '')?.[1] ?? Number.NaN);
    const endedAt = session.handedAt[chunk];
    if (!Number.isInteger(chunk) || chunk < warmUpChunks || endedAt === undefined) continue;
    figures.push({
      endedAt,
      arrivals: [...(session.firstAudio.get(line.utterance)?.values() ?? [])].map((at) => at - endedAt),
      holders: session.complete.get(line.utterance)?.size ?? 0,
      targets: line.languages.reduce((sum, l) => sum + (l.listeners ?? 0) - (l.gone ?? 0), 0),
      ...(line.endToEndMs === undefined ? {} : { serverMs: line.endToEndMs }),
    });
  }
  return figures;
}

const p50 = (values: readonly number[]) =>
  values.length === 0 ? '—' : `${Math.round(quantile(values, 0.5))}`;
const p50p95 = (values: readonly number[]) =>
  values.length === 0 ? '—' : `${p50(values)} / ${Math.round(quantile(values, 0.95))}`;

/**
 * A table row per minute of the steady phase (with one for the joins before it and one for the
 * drain after it): heartbeat and audio acks, refreshes completed, utterance latency, memory, load.
 */
function printTimeline(
  steadyStart: number,
  steadyEnd: number,
  heartbeats: readonly Timed[],
  audioAcks: readonly Timed[],
  refreshesDone: readonly number[],
  utterances: readonly UtteranceFigures[],
  samples: readonly Sample[],
): void {
  const minutes = Math.ceil((steadyEnd - steadyStart) / 60_000);
  const bucketOf = (at: number) =>
    at < steadyStart ? 0 : at >= steadyEnd ? minutes + 1 : 1 + Math.floor((at - steadyStart) / 60_000);
  const label = (bucket: number) =>
    bucket === 0 ? 'joins' : bucket > minutes ? 'drain' : `${bucket - 1}–${bucket} min`;
  const parts = [...(samples[0]?.parts.keys() ?? [])];
  const ordered = [...samples].sort((a, b) => a.at - b.at);
  /** CPU of each part between consecutive samples that end in `bucket`, in % of one core. */
  const cpuIn = (bucket: number) =>
    parts.map((part) => {
      let cpuSeconds = 0;
      let wallSeconds = 0;
      ordered.forEach((sample, i) => {
        const previous = ordered[i - 1];
        if (!previous || bucketOf(sample.at) !== bucket) return;
        cpuSeconds += (sample.parts.get(part)?.cpuSeconds ?? 0) - (previous.parts.get(part)?.cpuSeconds ?? 0);
        wallSeconds += (sample.at - previous.at) / 1000;
      });
      return wallSeconds > 0 ? ((cpuSeconds / wallSeconds) * 100).toFixed(0) : '—';
    });
  console.log(
    `| steady phase | heartbeat ack p50 / p95 (n) | audio ack p50 / p95 | refreshes done | ` +
      `end of utterance → first audio, first / every listener p50 (utterances) | ` +
      `CPU % of one core, RSS MiB max (${parts.join(' / ')}) | load (1 min) |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (let bucket = 0; bucket <= minutes + 1; bucket += 1) {
    const beats = heartbeats.filter((h) => bucketOf(h.at) === bucket).map((h) => h.ms);
    const acks = audioAcks.filter((a) => bucketOf(a.at) === bucket).map((a) => a.ms);
    const spoken = utterances.filter((u) => bucketOf(u.endedAt) === bucket);
    const inBucket = samples.filter((s) => bucketOf(s.at) === bucket);
    const rss =
      inBucket.length === 0
        ? '—'
        : parts
            .map((part) => Math.max(...inBucket.map((s) => s.parts.get(part)?.mib ?? 0)).toFixed(0))
            .join(' / ');
    const firsts = spoken.flatMap((u) => (u.arrivals.length > 0 ? [Math.min(...u.arrivals)] : []));
    console.log(
      `| ${label(bucket)} | ${p50p95(beats)} (${beats.length}) | ${p50p95(acks)} | ` +
        `${refreshesDone.filter((at) => bucketOf(at) === bucket).length} | ` +
        `${p50(firsts)} / ${p50(spoken.flatMap((u) => u.arrivals))} (${spoken.length}) | ` +
        `${cpuIn(bucket).join(' / ')}; ${rss} | ${inBucket.at(-1)?.load.split(' ')[0] ?? '—'} |`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '50' },
      listeners: { type: 'string', default: '50' },
      // The steady phase: the compressed two hours.
      minutes: { type: 'string', default: '8' },
      speaking: { type: 'string', default: '1' },
      // Silence-level chunks each silent speaker sends a second (4 = a live microphone; 0 = nothing).
      'silent-chunks-per-second': { type: 'string', default: '0' },
      // Defaults: 25 % and 75 % of the steady phase (see below).
      'refresh-after-seconds': { type: 'string' },
      'warning-after-seconds': { type: 'string' },
      'sweep-interval-seconds': { type: 'string', default: '30' },
      'join-concurrency': { type: 'string', default: '20' },
      // Default: 80 % of the sweep interval (see below).
      'refresh-spread-seconds': { type: 'string' },
      // The server's pace: connections given their due notices per sweep (see below).
      'notices-per-sweep': { type: 'string', default: '350' },
    },
  });
  const sessionCount = Number(values.sessions);
  const listenersPerSession = Number(values.listeners);
  const steadyMs = Number(values.minutes) * 60_000;
  const speakingCount = Math.min(sessionCount, Number(values.speaking));
  const silentRate = Number(values['silent-chunks-per-second']);
  const sweepIntervalS = Number(values['sweep-interval-seconds']);
  const joinConcurrency = Number(values['join-concurrency']);
  const totalListeners = sessionCount * listenersPerSession;
  const given = [
    sessionCount,
    listenersPerSession,
    steadyMs,
    speakingCount,
    silentRate,
    sweepIntervalS,
    joinConcurrency,
  ];
  if (given.some((value) => !Number.isFinite(value) || value < 0))
    throw new Error('every option takes a number ≥ 0');
  // Production asks for a refresh at 100 of the 120 minutes; scaled so, the wave of refreshes would
  // come at the very end, where the bench stops. At 25 % of the steady phase every connection is
  // asked once (joins take under a minute), and the rest of the run shows the wave and what follows.
  const refreshAfter = Math.max(
    1,
    Math.round(Number(values['refresh-after-seconds'] ?? (steadyMs / 1000) * 0.25)),
  );
  // The joins that take 13 minutes in production take 40 s here, so the wave of refreshes is ≈ 20×
  // denser than it would be. The server paces it (notices to at most --notices-per-sweep connections
  // a sweep, oldest first: 350 every 30 s is the ≈ 12 refreshes a second this machine takes on top of
  // the heartbeats), which needs the gap before the warnings kept long: at 75 % of the steady phase
  // (production: 5 of the 20 minutes), and at least two sweeps after the refresh age (a warning means
  // the refresh failed, which takes a sweep to find out; the sweep interval is not compressed).
  const scaled = (seconds: number) => Math.round((seconds * refreshAfter) / PRODUCTION.refreshAfter);
  const warningInterval = Math.max(scaled(PRODUCTION.warningInterval), sweepIntervalS);
  const lifecycle = {
    refreshAfter,
    warningAfter: Math.max(
      refreshAfter + 2 * sweepIntervalS,
      Math.round(Number(values['warning-after-seconds'] ?? (steadyMs / 1000) * 0.75)),
    ),
    warningInterval,
  };
  const maxAge = lifecycle.warningAfter + 3 * warningInterval; // production: 105 + 3 × 5 = 120 min
  // The clients spread a requested refresh over a random delay (production: up to 2 minutes); here
  // over most of a sweep interval, so each sweep's paced batch arrives evenly until the next one.
  const refreshSpreadMs = 1000 * Number(values['refresh-spread-seconds'] ?? 0.8 * sweepIntervalS);
  const noticesPerSweep = Number(values['notices-per-sweep']);

  const benchStart = performance.now();
  const benchStartEpoch = Date.now();
  const since = (at = performance.now()) => `+${Math.round((at - benchStart) / 1000)} s`;
  const loadBefore = loadAverage();
  console.log(`machine: ${machineLine()}`);
  console.log(`date: ${new Date().toISOString()}`);
  console.log(`load average before (1/5/15 min): ${loadBefore}`);
  console.log(
    `soak: ${sessionCount} sessions × ${listenersPerSession} listeners (${totalListeners} listeners + ${sessionCount} speakers), ` +
      `steady phase ${steadyMs / 60_000} min (2 h compressed ${(COMPRESSED_SECONDS / (steadyMs / 1000)).toFixed(0)}×), ` +
      `${speakingCount} speaking, the other speakers send ${silentRate} silence chunk(s)/s`,
  );
  console.log(
    `lifecycle (s): refresh after ${lifecycle.refreshAfter} (notices to ${noticesPerSweep} connections a sweep, clients spread over ${refreshSpreadMs / 1000}), warnings from ${lifecycle.warningAfter} every ${lifecycle.warningInterval}, ` +
      `max age ${maxAge}; sweep every ${sweepIntervalS} s; joins ${joinConcurrency} at a time`,
  );

  // Speech first: flite and sox take CPU the stage should not have to share later.
  const clips: Clip[] = [WARM_UP, ...SENTENCES].map((sentence) => {
    const pcm = speak(sentence, 1.5, 0.2);
    return { pcm, chunks: Math.ceil(pcm.length / CHUNK_BYTES) };
  });

  const tally = new Tally();
  const churn: Churn = { last: 0, refreshesDone: [] };
  const heartbeats: HeartbeatStats = { acks: [], sent: 0, unanswered: 0, pendingAtClose: 0 };
  const TimedWebSocket = timedWebSocket(heartbeats);
  const sessions: Session[] = [];
  const samples: Sample[] = [];
  let crash: StageCrash | undefined;
  const stageStarted = Date.now();
  const stage = await startStage({
    ports: await freePorts(),
    logDir: join(tmpdir(), `lingocast-soak-bench-${process.pid}`),
    env: {
      [ENV.maxListenersPerSession]: String(Math.max(500, listenersPerSession)),
      // Every socket comes from 127.0.0.1: the per-IP limits would refuse the bench, not measure it.
      [ENV.rateLimitListenerJoins]: '100000/60',
      [ENV.rateLimitConnectionAttempts]: '100000/60',
      [ENV.maxActiveSessions]: String(Math.max(100, sessionCount * 2)),
      [ENV.connectionRefreshAfterSeconds]: String(lifecycle.refreshAfter),
      [ENV.connectionNoticesPerSweep]: String(noticesPerSweep),
      [ENV.connectionWarningAfterSeconds]: String(lifecycle.warningAfter),
      [ENV.connectionWarningIntervalSeconds]: String(lifecycle.warningInterval),
      [ENV.connectionMaxAgeSeconds]: String(maxAge),
    },
  });
  stopOnInterrupt(stage);
  void stage.crashed.then((crashed) => {
    crash = crashed;
    console.log(
      `${since()} stage part ${crashed.name} exited: ${JSON.stringify(crashed.exit)}\n${crashed.tail}`,
    );
  });
  const running = () => crash === undefined;
  console.log(`stage up in ${((Date.now() - stageStarted) / 1000).toFixed(1)} s; logs in ${stage.logDir}`);
  const stopSweeps = new AbortController();
  const documents = DynamoDBDocumentClient.from(localDynamoDbClient(stage.endpoints.dynamodb));

  try {
    const { endpoints } = stage;

    // 1. Sessions and their speakers (one user each: the session-creation limit is per user).
    const setupStarted = performance.now();
    const created = await bounded(sessionCount, 10, async (index) => {
      const { idToken } = await requestToken(endpoints.tokenUrl, `soak-speaker-${process.pid}-${index}`);
      const speaker = new SpeakerClient({
        httpUrl: endpoints.httpApi,
        websocketUrl: endpoints.websocket,
        tokenProvider: () => idToken,
        WebSocket: TimedWebSocket,
        refreshSpreadMs,
      });
      watch(speaker, 'speaker', tally, churn);
      const { sessionId } = await speaker.createSession({ sourceLanguage: 'en' });
      await speaker.connect(sessionId);
      const session: Session = {
        sessionId,
        speaker,
        speaking: index < speakingCount,
        listeners: [],
        handedAt: [],
        unacked: new Set(),
        acks: [],
        offered: 0,
        refused: 0,
        firstAudio: new Map(),
        complete: new Map(),
        lastAudioAt: 0,
      };
      speaker.on('audioAck', (sequence) => {
        const handedAt = session.handedAt[sequence];
        if (handedAt === undefined || !session.unacked.delete(sequence)) return;
        const now = performance.now();
        session.acks.push({ at: now, ms: now - handedAt });
      });
      return session;
    });
    sessions.push(...created);
    console.log(
      `${since()} ${sessions.length} sessions created, speakers connected in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    // The sweeper runs from now on, joins included, as the schedule would; so does the sampler.
    let steadyEnd = Number.POSITIVE_INFINITY; // known once the steady phase starts
    const sweeps = sweepOnSchedule(
      endpoints.httpApi,
      sweepIntervalS * 1000,
      () => steadyEnd,
      stopSweeps.signal,
      (record) =>
        console.log(
          `${since()} sweep ${record.number} (called at ${since(record.startedAt)}): ${Math.round(record.ms)} ms ` +
            `${record.error ?? JSON.stringify(record.report)}`,
        ),
    );
    const sampling = (async () => {
      for (let n = 0; n < 10_000 && running() && performance.now() < steadyEnd; n += 1) {
        const sample = sampleStage(stage);
        samples.push(sample);
        console.log(
          `${since()} load ${sample.load}; RSS MiB ${formatMemory(sample)}; heartbeats acked ${heartbeats.acks.length}; ` +
            `refreshes done ${churn.refreshesDone.length}`,
        );
        await sleep(Math.min(SAMPLE_MS, Math.max(0, steadyEnd - performance.now())));
      }
    })();

    // 2. Listeners join, spread over the sessions in turn (each audience grows during the phase).
    const joinMs: number[] = [];
    let answered = 0;
    const joinsStarted = performance.now();
    await bounded(totalListeners, joinConcurrency, async (i) => {
      const session = sessions[i % sessionCount];
      if (!session || !running()) return;
      const listener = new ListenerClient({
        websocketUrl: endpoints.websocket,
        WebSocket: TimedWebSocket,
        refreshSpreadMs,
      });
      const index = session.listeners.length;
      watch(listener, 'listener', tally, churn);
      if (session.speaking) {
        listener.on('message', (message) => {
          if (message.type !== 'translatedAudio') return;
          session.lastAudioAt = performance.now();
          const arrivals = session.firstAudio.get(message.sequenceNumber) ?? new Map<number, number>();
          if (!arrivals.has(index)) arrivals.set(index, performance.now());
          session.firstAudio.set(message.sequenceNumber, arrivals);
        });
        listener.on('audioReceived', ({ sequenceNumber }) => {
          const holders = session.complete.get(sequenceNumber) ?? new Set<number>();
          session.complete.set(sequenceNumber, holders.add(index));
        });
      }
      session.listeners.push(listener);
      const started = performance.now();
      try {
        await listener.join(session.sessionId, LANGUAGES[i % LANGUAGES.length] ?? 'es');
        joinMs.push(performance.now() - started);
      } catch (error) {
        tally.add(`error: listener join ${codeOf(error)}`);
        listener.close();
      }
      answered += 1;
      if (answered % Math.max(1, Math.round(totalListeners / 5)) === 0)
        console.log(`${since()} ${answered} of ${totalListeners} joins answered`);
    });
    const joinsWallMs = performance.now() - joinsStarted;

    // 3. Steady phase: the compressed two hours.
    const steadyStart = performance.now();
    steadyEnd = steadyStart + steadyMs;
    const atStart = sampleStage(stage);
    const benchCpuAtStart = process.cpuUsage();
    console.log(`${since()} steady phase starts`);
    await Promise.all(
      sessions.map((session) =>
        session.speaking
          ? streamSpeech(session, clips, steadyEnd, running, tally)
          : streamSilence(session, silentRate, steadyEnd, running, tally),
      ),
    );
    await sleep(Math.max(0, steadyEnd - performance.now()));
    const atEnd = sampleStage(stage);
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    const steadyWallMs = atEnd.at - steadyStart;
    await sampling;
    samples.push(atStart, atEnd);
    console.log(`${since()} steady phase over; draining`);

    // 4. Drain: the last utterances and acks, the sweeps still running, then the connections settle.
    const speaking = sessions.filter((s) => s.speaking);
    const drained = await waitUntil(
      () =>
        sessions.every((s) => s.unacked.size === 0) &&
        speaking.every((s) => performance.now() - s.lastAudioAt >= AUDIO_QUIET_MS),
      DRAIN_MS,
    );
    const sweepsDone = await Promise.race([sweeps.then(() => true), sleep(SWEEP_DRAIN_MS).then(() => false)]);
    stopSweeps.abort();
    const { records, skipped } = await sweeps;
    const quiet = await waitUntil(() => performance.now() - churn.last >= QUIET_MS, QUIET_WAIT_MS);

    // 5. Listener counts: stored, listener rows, connected clients.
    const store = new DynamoSessionStore(documents, {
      sessions: tableName('sessions', LOCAL_STAGE),
      connections: tableName('connections', LOCAL_STAGE),
    });
    const counts = await bounded(sessions.length, 5, async (i) => {
      const session = sessions[i];
      if (!session) throw new Error('no session');
      const response = await fetch(`${endpoints.httpApi}/sessions/${session.sessionId}`, {
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
      const body = (await response.json()) as { listenerCount?: number };
      const rows = (await store.listListeners(session.sessionId, Date.now())).length;
      const clients = session.listeners.filter((l) => l.state === 'open').length;
      return { sessionId: session.sessionId, stored: body.listenerCount ?? Number.NaN, rows, clients };
    });

    // Report.
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const steadyS = steadyWallMs / 1000;
    const inSteady = heartbeats.acks.filter((a) => a.at >= steadyStart && a.at <= steadyEnd);
    console.log(
      `\nSustained load on the local stage (loopback, one machine: clients and stage share the CPUs)`,
    );
    console.log(
      `${sessionCount} sessions × ${listenersPerSession} listeners; joins ${seconds(joinsWallMs)}; steady phase ${seconds(steadyWallMs)} ` +
        `(load ${atStart.load} → ${atEnd.load}); drained ${drained ? 'yes' : `no (after ${DRAIN_MS / 1000} s)`}, ` +
        `sweeps finished ${sweepsDone ? 'yes' : `no (after ${SWEEP_DRAIN_MS / 1000} s more)`}, ` +
        `connections quiet ${quiet ? 'yes' : `no (churn within the last ${QUIET_MS / 1000} s after ${QUIET_WAIT_MS / 1000} s)`}`,
    );
    console.log(
      `join, connect → sessionJoined (${joinConcurrency} at a time), ms: ${summary(joinMs)}; joined ${joinMs.length} of ${totalListeners}`,
    );
    console.log(
      `heartbeat → heartbeatAck, steady phase, ms: ${summary(inSteady.map((a) => a.ms))} (${(inSteady.length / steadyS).toFixed(1)}/s)`,
    );
    console.log(
      `  all: sent ${heartbeats.sent}, acked ${heartbeats.acks.length}, the next sent before an ack ${heartbeats.unanswered}, ` +
        `unacked when its socket closed ${heartbeats.pendingAtClose}`,
    );
    for (const [label, group] of [
      ['speaking', speaking],
      ['silent', sessions.filter((s) => !s.speaking)],
    ] as const) {
      const offered = group.reduce((sum, s) => sum + s.offered, 0);
      const acked = group.reduce((sum, s) => sum + s.acks.length, 0);
      console.log(
        `audio, ${group.length} ${label} speaker(s): offered ${offered} chunks (${(offered / steadyS).toFixed(1)}/s), ` +
          `acked ${acked} (${(acked / steadyS).toFixed(1)}/s), refused by the client ${group.reduce((sum, s) => sum + s.refused, 0)}, ` +
          `never acked ${group.reduce((sum, s) => sum + s.unacked.size, 0)}`,
      );
      if (acked > 0)
        console.log(`  sendAudio → audioAck, ms: ${summary(group.flatMap((s) => s.acks.map((a) => a.ms)))}`);
    }
    const translationLog = join(stage.logDir, 'translation-pipeline.log');
    const warmUpChunks = clips[0]?.chunks ?? 0;
    const utterances = speaking.flatMap((session) => {
      const figures = utterancesOf(session, translationLog, warmUpChunks);
      const audience = session.listeners.filter((l) => l.state === 'open').length;
      const holders = figures.map((f) => f.holders);
      const firsts = figures.flatMap((f) => (f.arrivals.length > 0 ? [Math.min(...f.arrivals)] : []));
      console.log(
        `speaking session ${session.sessionId}: ${figures.length} utterances delivered (after the warm-up sentence), ` +
          `${audience} listeners connected at the end`,
      );
      console.log(`  end of utterance → first translatedAudio, first listener, ms: ${summary(firsts)}`);
      console.log(
        `  end of utterance → first translatedAudio, every listener, ms: ${summary(figures.flatMap((f) => f.arrivals))}`,
      );
      console.log(
        `  server, last chunk received → first audio sent, ms: ${summary(figures.flatMap((f) => f.serverMs ?? []))}`,
      );
      console.log(
        `  listeners holding an utterance's whole audio: min ${Math.min(...holders)}, median ${quantile(holders, 0.5)}, max ${Math.max(...holders)} ` +
          `(translation-pipeline sent to min ${Math.min(...figures.map((f) => f.targets))}); utterances all ${audience} got: ` +
          `${holders.filter((h) => h >= audience).length} of ${figures.length}, none got: ${holders.filter((h) => h === 0).length}`,
      );
      return figures;
    });
    const cuts = new Tally();
    for (const { reason } of logEntries<{ reason?: string }>(
      join(stage.logDir, 'audio-transcription.log'),
      'utterance claimed',
    ))
      cuts.add(reason ?? '?');
    console.log(`  utterances cut by audio-transcription, by reason (all sessions): ${cuts.format()}`);
    for (const role of ['speaker', 'listener'] as const) {
      const count = (label: string) => tally.get(`${role}: ${label}`);
      console.log(
        `${role}s: refresh requested ${count('connectionRefreshRequired')}, completed ${count('refresh completed')}, ` +
          `warnings ${count('connectionWarning')}, reconnects ${count('reconnected')}, given up ${count('reconnect failed')}, ` +
          `idle timeouts ${count('connectionTimeout')}, sessionEnded ${count('sessionEnded')}`,
      );
    }
    console.log(`errors by code: ${tally.format('error: ')}`);
    const serverSweeps = logEntries<Record<string, number | string>>(
      join(stage.logDir, 'session-management.log'),
      'sweep done',
    );
    const total = (field: string) =>
      serverSweeps.reduce((sum, s) => sum + (typeof s[field] === 'number' ? s[field] : 0), 0);
    console.log(
      `sweeps called ${records.length} (${skipped} skipped: ${MAX_OVERLAPPING_SWEEPS} still running), answered ${records.filter((r) => r.report).length}, ` +
        `ms: ${summary(records.filter((r) => r.report).map((r) => r.ms))}`,
    );
    for (const record of records.filter((r) => r.error))
      console.log(
        `  sweep ${record.number} called at ${since(record.startedAt)}: ${record.error} after ${seconds(record.ms)}`,
      );
    console.log(
      `  done by the server (its log): ${serverSweeps.length}; refreshRequested ${total('refreshRequested')}, warned ${total('warned')}, ` +
        `closedIdle ${total('closedIdle')}, removedGone ${total('removedGone')}, countsRepaired ${total('countsRepaired')}, sessionsEnded ${total('sessionsEnded')}`,
    );
    for (const sweep of serverSweeps) {
      const {
        level: _level,
        time,
        service: _service,
        requestId: _requestId,
        action: _action,
        message: _message,
        ...report
      } = sweep;
      const doneAt =
        typeof time === 'string' ? `+${Math.round((Date.parse(time) - benchStartEpoch) / 1000)} s` : '?';
      console.log(`  done at ${doneAt}: ${JSON.stringify(report)}`);
    }
    const sum = (pick: (c: (typeof counts)[number]) => number) => counts.reduce((t, c) => t + pick(c), 0);
    const off = counts.filter((c) => c.stored !== c.clients || c.rows !== c.clients);
    console.log(
      `listener counts at the end: stored ${sum((c) => c.stored)}, listener rows ${sum((c) => c.rows)}, connected clients ${sum((c) => c.clients)}; ` +
        `drift (stored − clients) ${sum((c) => Math.abs(c.stored - c.clients))} over ${off.length} of ${counts.length} sessions` +
        (off.length > 0
          ? ` (stored/rows/clients: ${off.map((c) => `${c.stored}/${c.rows}/${c.clients}`).join(', ')})`
          : ''),
    );
    console.log(`stage parts (process group: the part and what it spawned), steady phase start → end:`);
    for (const [name, start] of atStart.parts) {
      const end = atEnd.parts.get(name);
      const cpu = end ? ((end.cpuSeconds - start.cpuSeconds) / steadyS) * 100 : Number.NaN;
      console.log(
        `  ${name}: RSS ${start.mib.toFixed(0)} → ${end?.mib.toFixed(0) ?? '?'} MiB (${start.processes} → ${end?.processes ?? '?'} processes); ` +
          `CPU ${cpu.toFixed(0)} % of one core`,
      );
    }
    const memory = process.memoryUsage();
    console.log(
      `  bench process (${totalListeners + sessionCount} clients, token issuer): RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, ` +
        `heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB; CPU ${(((benchCpu.user + benchCpu.system) / 1e6 / steadyS) * 100).toFixed(0)} % of one core`,
    );
    console.log(
      `load average (1/5/15 min): before ${loadBefore}; steady start ${atStart.load}; steady end ${atEnd.load}; now ${loadAverage()}`,
    );
    console.log(`\ntimeline (ms unless said; per minute of the steady phase):`);
    printTimeline(
      steadyStart,
      steadyEnd,
      heartbeats.acks,
      speaking.flatMap((s) => s.acks),
      churn.refreshesDone,
      utterances,
      samples,
    );
    console.log(`\nwall time ${seconds(performance.now() - benchStart)}`);
  } finally {
    stopSweeps.abort();
    for (const session of sessions) {
      session.listeners.forEach((listener) => listener.close());
      session.speaker.close();
    }
    documents.destroy();
    await withTimeout(stage.stop(), 60_000, 'stage stop').catch((error: unknown) => console.error(error));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
