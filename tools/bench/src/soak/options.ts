import { parseArgs } from 'node:util';
import { machineLine } from '../machine';

/** What the run compresses: the requirement's two hours, and production's lifecycle timers (seconds). */
export const COMPRESSED_SECONDS = 2 * 3600;
const PRODUCTION = { refreshAfter: 6000, warningInterval: 300 };

/** The connection lifecycle timers the stage runs with (seconds). */
export interface Lifecycle {
  refreshAfter: number;
  warningAfter: number;
  warningInterval: number;
}

/** The run's size and pace, from the command line, with the lifecycle scaled to it. */
export interface SoakOptions {
  sessionCount: number;
  listenersPerSession: number;
  totalListeners: number;
  steadyMs: number;
  speakingCount: number;
  /** Silence-level chunks each silent speaker sends a second. */
  silentRate: number;
  sweepIntervalS: number;
  joinConcurrency: number;
  lifecycle: Lifecycle;
  maxAge: number;
  refreshSpreadMs: number;
  noticesPerSweep: number;
  /** How far back a listener can replay what it missed (REPLAY_WINDOW_MS), ms. */
  replayWindowMs: number;
}

/**
 * Reads the options (`--sessions 50 --listeners 50 --minutes 8 …`) and scales production's lifecycle
 * timers to the steady phase.
 *
 * @example
 * const options = readSoakOptions(['--sessions', '2', '--minutes', '1']); // options.lifecycle.refreshAfter === 15
 */
export function readSoakOptions(args: string[] = process.argv.slice(2)): SoakOptions {
  const { values } = parseArgs({
    args,
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
      // The replay window (production: 300 s); shorter than the run shows the table staying bounded.
      'replay-window-seconds': { type: 'string', default: '300' },
    },
  });
  const sessionCount = Number(values.sessions);
  const listenersPerSession = Number(values.listeners);
  const steadyMs = Number(values.minutes) * 60_000;
  const speakingCount = Math.min(sessionCount, Number(values.speaking));
  const silentRate = Number(values['silent-chunks-per-second']);
  const sweepIntervalS = Number(values['sweep-interval-seconds']);
  const joinConcurrency = Number(values['join-concurrency']);
  const replayWindowMs = Number(values['replay-window-seconds']) * 1000;
  const totalListeners = sessionCount * listenersPerSession;
  const given = [
    sessionCount,
    listenersPerSession,
    steadyMs,
    speakingCount,
    silentRate,
    sweepIntervalS,
    joinConcurrency,
    replayWindowMs,
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
  return {
    sessionCount,
    listenersPerSession,
    totalListeners,
    steadyMs,
    speakingCount,
    silentRate,
    sweepIntervalS,
    joinConcurrency,
    lifecycle,
    maxAge,
    refreshSpreadMs,
    noticesPerSweep,
    replayWindowMs,
  };
}

/** Prints the machine, the date, the load and what the run will do, before anything starts. */
export function printPlan(options: SoakOptions, loadBefore: string): void {
  const { sessionCount, listenersPerSession, totalListeners, steadyMs, speakingCount, silentRate } = options;
  const { lifecycle, noticesPerSweep, refreshSpreadMs, maxAge, sweepIntervalS, joinConcurrency } = options;
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
      `max age ${maxAge}; sweep every ${sweepIntervalS} s; joins ${joinConcurrency} at a time; replay window ${options.replayWindowMs / 1000} s`,
  );
}
