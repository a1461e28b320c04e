import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import { DynamoSessionStore } from '@lingocast/session-data';
import { LOCAL_STAGE, requestToken } from '@lingocast/stage';
import { tableName } from '@lingocast/tables';
import { bounded, sleep } from '../tasks';
import type { Session } from './audio';
import { streamSilence, streamSpeech } from './audio';
import { codeOf, watch } from './clients';
import type { SoakRun } from './run';
import type { ReplayTableReading } from './replay-table';
import { countReplayTable, formatReplayTable } from './replay-table';
import type { Sample } from './samples';
import { formatMemory, sampleStage } from './samples';
import type { SweepRecord } from './sweeps';
import { sweepOnSchedule, waitUntil } from './sweeps';

// The phases of a soak run, in order: sessions, the sweeper and sampler, joins, the steady phase,
// the drain, the listener counts. Each prints its progress; the report reads what they return.

const LANGUAGES = ['es', 'ca', 'fr'];
const HTTP_TIMEOUT_MS = 30_000;
/** After the steady phase: how long the last utterances and audio acks may take, then the sweeps still running. */
export const DRAIN_MS = 30_000;
export const SWEEP_DRAIN_MS = 60_000;
/** The last utterances are in when no translated audio came for this long. */
const AUDIO_QUIET_MS = 5_000;
/** Before the counts are read: no refresh or reconnect for QUIET_MS, waiting at most QUIET_WAIT_MS. */
export const QUIET_MS = 5_000;
export const QUIET_WAIT_MS = 30_000;
/** Memory, CPU and load are sampled this often. */
const SAMPLE_MS = 15_000;
const mib = (bytes: number) => bytes / 2 ** 20;

/** 1. Sessions and their speakers (one user each: the session-creation limit is per user). */
export async function createSessions(run: SoakRun): Promise<void> {
  const { options, stage, tally, churn } = run;
  const { endpoints } = stage;
  const setupStarted = performance.now();
  const created = await bounded(options.sessionCount, 10, async (index) => {
    const { idToken } = await requestToken(endpoints.tokenUrl, `soak-speaker-${process.pid}-${index}`);
    const speaker = new SpeakerClient({
      httpUrl: endpoints.httpApi,
      websocketUrl: endpoints.websocket,
      tokenProvider: () => idToken,
      WebSocket: run.TimedWebSocket,
      refreshSpreadMs: options.refreshSpreadMs,
    });
    watch(speaker, 'speaker', tally, churn);
    const { sessionId } = await speaker.createSession({ sourceLanguage: 'en' });
    await speaker.connect(sessionId);
    const session: Session = {
      sessionId,
      speaker,
      speaking: index < options.speakingCount,
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
  run.sessions.push(...created);
  console.log(
    `${run.since()} ${run.sessions.length} sessions created, speakers connected in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
}

/** What runs beside the phases from the joins on: the sweeper (on the schedule's behalf) and the sampler. */
export interface Background {
  sweeps: Promise<{ records: SweepRecord[]; skipped: number }>;
  sampling: Promise<void>;
}

/** Starts the sweeper and the sampler (stage memory and the replay table); both end with the steady phase. */
export function startBackground(run: SoakRun, documents: DynamoDBDocumentClient): Background {
  const { stage, heartbeats, churn, since } = run;
  const sweeps = sweepOnSchedule(
    stage.endpoints.httpApi,
    run.options.sweepIntervalS * 1000,
    () => run.steadyEnd,
    run.stopSweeps.signal,
    (record) =>
      console.log(
        `${since()} sweep ${record.number} (called at ${since(record.startedAt)}): ${Math.round(record.ms)} ms ` +
          `${record.error ?? JSON.stringify(record.report)}`,
      ),
  );
  const sampling = (async () => {
    for (let n = 0; n < 10_000 && run.running() && performance.now() < run.steadyEnd; n += 1) {
      const sample = sampleStage(stage);
      run.samples.push(sample);
      const replay = await countReplayTable(documents, run.options.replayWindowMs, Date.now());
      console.log(
        `${since()} load ${sample.load}; RSS MiB ${formatMemory(sample)}; heartbeats acked ${heartbeats.acks.length}; ` +
          `refreshes done ${churn.refreshesDone.length}; replay table ${formatReplayTable(replay)}`,
      );
      await sleep(Math.min(SAMPLE_MS, Math.max(0, run.steadyEnd - performance.now())));
    }
  })();
  return { sweeps, sampling };
}

export interface Joins {
  joinMs: number[];
  joinsWallMs: number;
}

/** 2. Listeners join, spread over the sessions in turn (each audience grows during the phase). */
export async function joinListeners(run: SoakRun): Promise<Joins> {
  const { options, sessions, tally, churn } = run;
  const { totalListeners, sessionCount } = options;
  const joinMs: number[] = [];
  let answered = 0;
  const joinsStarted = performance.now();
  await bounded(totalListeners, options.joinConcurrency, async (i) => {
    const session = sessions[i % sessionCount];
    if (!session || !run.running()) return;
    const listener = new ListenerClient({
      websocketUrl: run.stage.endpoints.websocket,
      WebSocket: run.TimedWebSocket,
      refreshSpreadMs: options.refreshSpreadMs,
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
    // What the client asked again after a drop or a hole, and what it could not get back.
    listener.on('replayComplete', ({ replayed }) => {
      tally.add('listener: replays');
      tally.add('listener: utterances replayed', replayed);
    });
    listener.on('utterancesMissed', ({ count }) => {
      tally.add('listener: missed reports');
      tally.add('listener: utterances missed', count);
    });
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
      console.log(`${run.since()} ${answered} of ${totalListeners} joins answered`);
  });
  return { joinMs, joinsWallMs: performance.now() - joinsStarted };
}

export interface SteadyPhase {
  steadyStart: number;
  steadyWallMs: number;
  atStart: Sample;
  atEnd: Sample;
  /** The replay window table at the start and the end of the phase. */
  replayAtStart: ReplayTableReading;
  replayAtEnd: ReplayTableReading;
  /** The bench process's RSS at the start and the end of the phase, MiB. */
  benchMibAtStart: number;
  benchMibAtEnd: number;
  /** The bench process's own CPU over the phase. */
  benchCpu: NodeJS.CpuUsage;
}

/** 3. Steady phase: the compressed two hours. */
export async function runSteadyPhase(
  run: SoakRun,
  sampling: Promise<void>,
  documents: DynamoDBDocumentClient,
): Promise<SteadyPhase> {
  const { stage, options, tally } = run;
  const replayAtStart = await countReplayTable(documents, options.replayWindowMs, Date.now());
  const steadyStart = performance.now();
  run.steadyEnd = steadyStart + options.steadyMs;
  const steadyEnd = run.steadyEnd;
  const atStart = sampleStage(stage);
  const benchMibAtStart = mib(process.memoryUsage().rss);
  const benchCpuAtStart = process.cpuUsage();
  console.log(`${run.since()} steady phase starts`);
  await Promise.all(
    run.sessions.map((session) =>
      session.speaking
        ? streamSpeech(session, run.clips, steadyEnd, run.running, tally)
        : streamSilence(session, options.silentRate, steadyEnd, run.running, tally),
    ),
  );
  await sleep(Math.max(0, steadyEnd - performance.now()));
  const atEnd = sampleStage(stage);
  const benchMibAtEnd = mib(process.memoryUsage().rss);
  const benchCpu = process.cpuUsage(benchCpuAtStart);
  const steadyWallMs = atEnd.at - steadyStart;
  const replayAtEnd = await countReplayTable(documents, options.replayWindowMs, Date.now());
  await sampling;
  run.samples.push(atStart, atEnd);
  console.log(`${run.since()} steady phase over; draining`);
  return {
    steadyStart,
    steadyWallMs,
    atStart,
    atEnd,
    replayAtStart,
    replayAtEnd,
    benchMibAtStart,
    benchMibAtEnd,
    benchCpu,
  };
}

export interface Drain {
  drained: boolean;
  sweepsDone: boolean;
  records: SweepRecord[];
  skipped: number;
  quiet: boolean;
}

/** 4. Drain: the last utterances and acks, the sweeps still running, then the connections settle. */
export async function drain(run: SoakRun, sweeps: Background['sweeps']): Promise<Drain> {
  const { sessions, churn } = run;
  const speaking = sessions.filter((s) => s.speaking);
  const drained = await waitUntil(
    () =>
      sessions.every((s) => s.unacked.size === 0) &&
      speaking.every((s) => performance.now() - s.lastAudioAt >= AUDIO_QUIET_MS),
    DRAIN_MS,
  );
  const sweepsDone = await Promise.race([sweeps.then(() => true), sleep(SWEEP_DRAIN_MS).then(() => false)]);
  run.stopSweeps.abort();
  const { records, skipped } = await sweeps;
  const quiet = await waitUntil(() => performance.now() - churn.last >= QUIET_MS, QUIET_WAIT_MS);
  return { drained, sweepsDone, records, skipped, quiet };
}

/** One session's listeners at the end: the stored count, the listener rows, the connected clients. */
export interface ListenerCount {
  sessionId: string;
  stored: number;
  rows: number;
  clients: number;
}

/** 5. Listener counts: stored, listener rows, connected clients. */
export async function countListeners(
  run: SoakRun,
  documents: DynamoDBDocumentClient,
): Promise<ListenerCount[]> {
  const { sessions } = run;
  const store = new DynamoSessionStore(documents, {
    sessions: tableName('sessions', LOCAL_STAGE),
    connections: tableName('connections', LOCAL_STAGE),
  });
  return bounded(sessions.length, 5, async (i) => {
    const session = sessions[i];
    if (!session) throw new Error('no session');
    const response = await fetch(`${run.stage.endpoints.httpApi}/sessions/${session.sessionId}`, {
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const body = (await response.json()) as { listenerCount?: number };
    const rows = (await store.listListeners(session.sessionId, Date.now())).length;
    const clients = session.listeners.filter((l) => l.state === 'open').length;
    return { sessionId: session.sessionId, stored: body.listenerCount ?? Number.NaN, rows, clients };
  });
}
