// Sustained load ("soak"): many sessions with full audiences for a compressed two hours, on its own
// local stage (all three apps, loopback, free ports), through the real client library — so
// heartbeats (every 30 s) and connection refreshes happen as real clients do them. The connection
// lifecycle timers are scaled down with the run, and the bench calls POST /local/sweep on the
// EventBridge schedule's behalf. Prints figures; asserts nothing. Every loop is bounded in count and time.
// The parts: soak/options (what to run), soak/phases (how), soak/report (what it measured).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from '@lingocast/config';
import type { StageCrash } from '@lingocast/stage';
import { freePorts, localDynamoDbClient, startStage } from '@lingocast/stage';
import { speak } from '@lingocast/speech-fixtures';
import { loadAverage } from './machine';
import { CHUNK_BYTES, SENTENCES, WARM_UP } from './speech';
import { stopOnInterrupt, withTimeout } from './tasks';
import type { Clip } from './soak/audio';
import type { Churn, HeartbeatStats } from './soak/clients';
import { Tally, timedWebSocket } from './soak/clients';
import type { SoakOptions } from './soak/options';
import { printPlan, readSoakOptions } from './soak/options';
import {
  countListeners,
  createSessions,
  drain,
  joinListeners,
  runSteadyPhase,
  startBackground,
} from './soak/phases';
import { countReplayTable } from './soak/replay-table';
import { printReport } from './soak/report';
import type { SoakRun } from './soak/run';

/** The stage's settings for the run: limits out of the way, the lifecycle scaled. */
function stageEnv(options: SoakOptions): Record<string, string> {
  const { lifecycle, listenersPerSession, sessionCount } = options;
  return {
    [ENV.maxListenersPerSession]: String(Math.max(500, listenersPerSession)),
    // Every socket comes from 127.0.0.1: the per-IP limits would refuse the bench, not measure it.
    [ENV.rateLimitListenerJoins]: '100000/60',
    [ENV.rateLimitConnectionAttempts]: '100000/60',
    [ENV.maxActiveSessions]: String(Math.max(100, sessionCount * 2)),
    [ENV.connectionRefreshAfterSeconds]: String(lifecycle.refreshAfter),
    [ENV.connectionNoticesPerSweep]: String(options.noticesPerSweep),
    [ENV.connectionWarningAfterSeconds]: String(lifecycle.warningAfter),
    [ENV.connectionWarningIntervalSeconds]: String(lifecycle.warningInterval),
    [ENV.connectionMaxAgeSeconds]: String(options.maxAge),
    [ENV.replayWindowMs]: String(options.replayWindowMs),
  };
}

async function main(): Promise<void> {
  const options = readSoakOptions();
  const benchStart = performance.now();
  const benchStartEpoch = Date.now();
  const since = (at = performance.now()) => `+${Math.round((at - benchStart) / 1000)} s`;
  const loadBefore = loadAverage();
  printPlan(options, loadBefore);

  // Speech first: flite and sox take CPU the stage should not have to share later.
  const clips: Clip[] = [WARM_UP, ...SENTENCES].map((sentence) => {
    const pcm = speak(sentence, 1.5, 0.2);
    return { pcm, chunks: Math.ceil(pcm.length / CHUNK_BYTES) };
  });

  const heartbeats: HeartbeatStats = { acks: [], sent: 0, unanswered: 0, pendingAtClose: 0 };
  const churn: Churn = { last: 0, refreshesDone: [] };
  let crash: StageCrash | undefined;
  const stageStarted = Date.now();
  const stage = await startStage({
    ports: await freePorts(),
    logDir: join(tmpdir(), `lingocast-soak-bench-${process.pid}`),
    env: stageEnv(options),
  });
  stopOnInterrupt(stage);
  void stage.crashed.then((crashed) => {
    crash = crashed;
    console.log(
      `${since()} stage part ${crashed.name} exited: ${JSON.stringify(crashed.exit)}\n${crashed.tail}`,
    );
  });
  const run: SoakRun = {
    options,
    stage,
    clips,
    tally: new Tally(),
    churn,
    heartbeats,
    TimedWebSocket: timedWebSocket(heartbeats),
    sessions: [],
    samples: [],
    running: () => crash === undefined,
    since,
    benchStart,
    benchStartEpoch,
    steadyEnd: Number.POSITIVE_INFINITY,
    stopSweeps: new AbortController(),
  };
  console.log(`stage up in ${((Date.now() - stageStarted) / 1000).toFixed(1)} s; logs in ${stage.logDir}`);
  const documents = DynamoDBDocumentClient.from(localDynamoDbClient(stage.endpoints.dynamodb));

  try {
    await createSessions(run);
    // The sweeper runs from now on, joins included, as the schedule would; so does the sampler.
    const { sweeps, sampling } = startBackground(run, documents);
    const joins = await joinListeners(run);
    const steady = await runSteadyPhase(run, sampling, documents);
    const drained = await drain(run, sweeps);
    const counts = await countListeners(run, documents);
    const replayAfterDrain = await countReplayTable(documents, options.replayWindowMs, Date.now());
    printReport(run, { loadBefore, joins, steady, drain: drained, counts, replayAfterDrain });
  } finally {
    run.stopSweeps.abort();
    for (const session of run.sessions) {
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
