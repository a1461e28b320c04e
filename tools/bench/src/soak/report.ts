import { join } from 'node:path';
import { logEntries } from '../logs';
import { loadAverage } from '../machine';
import { quantile, summary } from '../stats';
import { Tally } from './clients';
import type { Drain, Joins, ListenerCount, SteadyPhase } from './phases';
import { DRAIN_MS, QUIET_MS, QUIET_WAIT_MS, SWEEP_DRAIN_MS } from './phases';
import type { SoakRun } from './run';
import { MAX_OVERLAPPING_SWEEPS } from './sweeps';
import type { ReplayTableReading } from './replay-table';
import { formatReplayTable } from './replay-table';
import { printTimeline } from './timeline';
import { deliveryOf, formatDelivery } from './delivery';
import type { UtteranceFigures } from './utterances';
import { utterancesOf } from './utterances';

// The soak bench's report, printed once the run has drained: figures only, nothing asserted.

/** What the phases measured, for the report. */
export interface SoakFigures {
  loadBefore: string;
  joins: Joins;
  steady: SteadyPhase;
  drain: Drain;
  counts: ListenerCount[];
  /** The replay window table once the run has drained. */
  replayAfterDrain: ReplayTableReading;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Joins, heartbeats and audio acks, per group of speakers. */
function printTraffic(run: SoakRun, figures: SoakFigures): void {
  const { options, heartbeats, sessions } = run;
  const { joins, steady, drain } = figures;
  const steadyS = steady.steadyWallMs / 1000;
  const inSteady = heartbeats.acks.filter((a) => a.at >= steady.steadyStart && a.at <= run.steadyEnd);
  console.log(
    `\nSustained load on the local stage (loopback, one machine: clients and stage share the CPUs)`,
  );
  console.log(
    `${options.sessionCount} sessions × ${options.listenersPerSession} listeners; joins ${seconds(joins.joinsWallMs)}; steady phase ${seconds(steady.steadyWallMs)} ` +
      `(load ${steady.atStart.load} → ${steady.atEnd.load}); drained ${drain.drained ? 'yes' : `no (after ${DRAIN_MS / 1000} s)`}, ` +
      `sweeps finished ${drain.sweepsDone ? 'yes' : `no (after ${SWEEP_DRAIN_MS / 1000} s more)`}, ` +
      `connections quiet ${drain.quiet ? 'yes' : `no (churn within the last ${QUIET_MS / 1000} s after ${QUIET_WAIT_MS / 1000} s)`}`,
  );
  console.log(
    `join, connect → sessionJoined (${options.joinConcurrency} at a time), ms: ${summary(joins.joinMs)}; joined ${joins.joinMs.length} of ${options.totalListeners}`,
  );
  console.log(
    `heartbeat → heartbeatAck, steady phase, ms: ${summary(inSteady.map((a) => a.ms))} (${(inSteady.length / steadyS).toFixed(1)}/s)`,
  );
  console.log(
    `  all: sent ${heartbeats.sent}, acked ${heartbeats.acks.length}, the next sent before an ack ${heartbeats.unanswered}, ` +
      `unacked when its socket closed ${heartbeats.pendingAtClose}`,
  );
  for (const [label, group] of [
    ['speaking', sessions.filter((s) => s.speaking)],
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
}

/** Each speaking session's utterances as its listeners got them, and how audio-transcription cut them. */
function printUtterances(run: SoakRun): UtteranceFigures[] {
  const translationLog = join(run.stage.logDir, 'translation-pipeline.log');
  const warmUpChunks = run.clips[0]?.chunks ?? 0;
  const utterances = run.sessions
    .filter((s) => s.speaking)
    .flatMap((session) => {
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
      // Every listener that joined counts, connected at the end or not: a drop must not lose an utterance.
      const delivery = deliveryOf(
        figures.map((f) => f.utterance),
        session.listeners.length,
        session.complete,
      );
      console.log(`  delivery (whole audio, live or replayed): ${formatDelivery(delivery)}`);
      return figures;
    });
  const cuts = new Tally();
  for (const { reason } of logEntries<{ reason?: string }>(
    join(run.stage.logDir, 'audio-transcription.log'),
    'utterance claimed',
  ))
    cuts.add(reason ?? '?');
  console.log(`  utterances cut by audio-transcription, by reason (all sessions): ${cuts.format()}`);
  return utterances;
}

/** The connection lifecycle as the clients saw it, errors, and the sweeps as called and as done. */
function printLifecycle(run: SoakRun, drain: Drain): void {
  const { tally, since } = run;
  for (const role of ['speaker', 'listener'] as const) {
    const count = (label: string) => tally.get(`${role}: ${label}`);
    console.log(
      `${role}s: refresh requested ${count('connectionRefreshRequired')}, completed ${count('refresh completed')}, ` +
        `warnings ${count('connectionWarning')}, reconnects ${count('reconnected')}, given up ${count('reconnect failed')}, ` +
        `idle timeouts ${count('connectionTimeout')}, sessionEnded ${count('sessionEnded')}`,
    );
  }
  console.log(
    `listeners' replays: answered ${tally.get('listener: replays')} (utterances replayed ${tally.get('listener: utterances replayed')}), ` +
      `gaps older than the window reported ${tally.get('listener: missed reports')} (utterances ${tally.get('listener: utterances missed')})`,
  );
  console.log(`errors by code: ${tally.format('error: ')}`);
  const serverSweeps = logEntries<Record<string, number | string>>(
    join(run.stage.logDir, 'session-management.log'),
    'sweep done',
  );
  const total = (field: string) =>
    serverSweeps.reduce((sum, s) => sum + (typeof s[field] === 'number' ? s[field] : 0), 0);
  const { records, skipped } = drain;
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
      typeof time === 'string' ? `+${Math.round((Date.parse(time) - run.benchStartEpoch) / 1000)} s` : '?';
    console.log(`  done at ${doneAt}: ${JSON.stringify(report)}`);
  }
}

/** Listener counts against connected clients, then memory, CPU and load of the stage and the bench. */
function printResources(run: SoakRun, figures: SoakFigures): void {
  const { counts, steady } = figures;
  const steadyS = steady.steadyWallMs / 1000;
  const sum = (pick: (c: ListenerCount) => number) => counts.reduce((t, c) => t + pick(c), 0);
  const off = counts.filter((c) => c.stored !== c.clients || c.rows !== c.clients);
  console.log(
    `listener counts at the end: stored ${sum((c) => c.stored)}, listener rows ${sum((c) => c.rows)}, connected clients ${sum((c) => c.clients)}; ` +
      `drift (stored − clients) ${sum((c) => Math.abs(c.stored - c.clients))} over ${off.length} of ${counts.length} sessions` +
      (off.length > 0
        ? ` (stored/rows/clients: ${off.map((c) => `${c.stored}/${c.rows}/${c.clients}`).join(', ')})`
        : ''),
  );
  console.log(`stage parts (process group: the part and what it spawned), steady phase start → end:`);
  for (const [name, start] of steady.atStart.parts) {
    const end = steady.atEnd.parts.get(name);
    const cpu = end ? ((end.cpuSeconds - start.cpuSeconds) / steadyS) * 100 : Number.NaN;
    console.log(
      `  ${name}: RSS ${start.mib.toFixed(0)} → ${end?.mib.toFixed(0) ?? '?'} MiB (${start.processes} → ${end?.processes ?? '?'} processes); ` +
        `CPU ${cpu.toFixed(0)} % of one core`,
    );
  }
  const stageMib = (sample: typeof steady.atStart) =>
    [...sample.parts.values()].reduce((sum, part) => sum + part.mib, 0).toFixed(0);
  console.log(
    `bounded? steady phase start → end: stage RSS ${stageMib(steady.atStart)} → ${stageMib(steady.atEnd)} MiB, ` +
      `bench RSS ${steady.benchMibAtStart.toFixed(0)} → ${steady.benchMibAtEnd.toFixed(0)} MiB; replay table ` +
      `${formatReplayTable(steady.replayAtStart)} → ${formatReplayTable(steady.replayAtEnd)}, after the drain ${formatReplayTable(figures.replayAfterDrain)}`,
  );
  const memory = process.memoryUsage();
  const { benchCpu } = steady;
  console.log(
    `  bench process (${run.options.totalListeners + run.options.sessionCount} clients, token issuer): RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, ` +
      `heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB; CPU ${(((benchCpu.user + benchCpu.system) / 1e6 / steadyS) * 100).toFixed(0)} % of one core`,
  );
  console.log(
    `load average (1/5/15 min): before ${figures.loadBefore}; steady start ${steady.atStart.load}; steady end ${steady.atEnd.load}; now ${loadAverage()}`,
  );
}

/**
 * Prints the whole report: traffic, utterances, lifecycle and sweeps, resources, the per-minute
 * timeline, the wall time.
 *
 * @example
 * printReport(run, { loadBefore, joins, steady, drain: drained, counts });
 */
export function printReport(run: SoakRun, figures: SoakFigures): void {
  printTraffic(run, figures);
  const utterances = printUtterances(run);
  printLifecycle(run, figures.drain);
  printResources(run, figures);
  console.log(`\ntimeline (ms unless said; per minute of the steady phase):`);
  printTimeline(
    figures.steady.steadyStart,
    run.steadyEnd,
    run.heartbeats.acks,
    run.sessions.filter((s) => s.speaking).flatMap((s) => s.acks),
    run.churn.refreshesDone,
    utterances,
    run.samples,
  );
  console.log(`\nwall time ${seconds(performance.now() - run.benchStart)}`);
}
