// `npm run dev`: starts the local stage, prints its endpoints, runs until Ctrl-C, then stops everything.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_USAGE, parseCliArgs } from './args';
import type { CliOptions } from './args';
import { renderBanner } from './banner';
import { ENDPOINTS_FILE, removeEndpointsFile, writeEndpointsFile } from './endpoints-file';
import { StageError } from './errors';
import { forgetProcesses, killLeftovers, recordProcesses } from './leftovers';
import { DEFAULT_LOG_DIR } from './paths';
import { DEV_PORTS } from './ports';
import type { RunningStage } from './stage';
import { startStage } from './stage';
import { describeSweep } from './sweep-schedule';
import { AWS_SDK_NODE_WARNING } from './stage-env';
import { pickLanAddress } from './network';
import { ensureWebBuild } from './web-build';

process.env[AWS_SDK_NODE_WARNING] ??= 'true';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function clock(startedAt: number): string {
  return `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s]`;
}

/**
 * The scheduled sweeper of `npm run dev`: every report goes to `.stage/logs/sweeper.log`; the
 * terminal hears of a sweep only when it changed something, and of failures once per streak.
 */
function sweeperOptions(intervalSeconds: number, startedAt: number) {
  if (intervalSeconds === 0) return {};
  const logFile = join(DEFAULT_LOG_DIR, 'sweeper.log');
  let failing = false;
  return {
    sweepIntervalMs: intervalSeconds * 1000,
    onSweep: (report: Record<string, number>, timing: { startedAt: Date; ms: number }) => {
      failing = false;
      appendFileSync(
        logFile,
        `${JSON.stringify({ time: timing.startedAt.toISOString(), ms: timing.ms, ...report })}\n`,
      );
      const line = describeSweep(report);
      if (line) console.log(`${clock(startedAt)} ${line}`);
    },
    onSweepError: (error: Error) => {
      appendFileSync(
        logFile,
        `${JSON.stringify({ time: new Date().toISOString(), error: error.message })}\n`,
      );
      if (!failing) console.log(`${clock(startedAt)} sweeper: ${error.message} (trying again each interval)`);
      failing = true;
    },
  };
}

async function run(options: CliOptions): Promise<number> {
  const startedAt = Date.now();
  const leftovers = await killLeftovers();
  if (leftovers.length > 0) {
    console.log(
      `… stopped ${leftovers.map((p) => p.name).join(', ')} left running by an earlier \`npm run dev\``,
    );
  }

  // LAN mode's address is checked, and the web app built, before anything starts.
  let lanAddress: string | undefined;
  try {
    if (options.lan) lanAddress = pickLanAddress(options.lan.address);
    await ensureWebBuild({ onProgress: (line) => console.log(`${clock(startedAt)} ${line}`) });
  } catch (error) {
    console.error(`\n✘ ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const controller = new AbortController();
  let stage: RunningStage | undefined;
  let stopRequested: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    // The terminal sends Ctrl-C to npm, the bootstrap and us at once: act on the first, ignore repeats.
    if (controller.signal.aborted) return;
    console.log(`\n… ${signal}: stopping the local stage`);
    controller.abort();
    stopRequested(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const spawned: Array<{ name: string; pid: number }> = [];
  try {
    stage = await startStage({
      ports: DEV_PORTS,
      onSpawn: (child) => {
        spawned.push(child);
        recordProcesses(spawned);
      },
      logLevel: options.logLevel,
      signal: controller.signal,
      ...(lanAddress ? { lanAddress } : {}),
      ...sweeperOptions(options.sweepIntervalSeconds, startedAt),
      onProgress: (line) => console.log(`${clock(startedAt)} ${line}`),
      ...(options.verbose
        ? { onOutput: (source: string, line: string) => console.log(`[${source}] ${line}`) }
        : {}),
    });
  } catch (error) {
    if (spawned.length > 0) forgetProcesses(); // ours, and startStage stopped them; else it may be another run's
    if (controller.signal.aborted) {
      console.log('✔ stopped');
      return 0;
    }
    console.error(`\n✘ ${error instanceof StageError ? error.message : String(error)}`);
    return 1;
  }

  writeEndpointsFile({
    ...stage.endpoints,
    ports: stage.ports,
    pid: process.pid,
    startedAt: new Date(startedAt).toISOString(),
    logDir: stage.logDir,
  });
  console.log(
    `\n${renderBanner({
      endpoints: stage.endpoints,
      ports: stage.ports,
      startupMs: Date.now() - startedAt,
      endpointsFile: ENDPOINTS_FILE,
      logDir: stage.logDir,
      sweepIntervalSeconds: options.sweepIntervalSeconds,
    })}`,
  );

  const outcome = await Promise.race([
    stopped.then(() => undefined),
    stage.crashed.then((crash) => {
      console.error(
        `\n✘ ${crash.name} exited unexpectedly (${crash.exit.signal ?? `code ${crash.exit.code}`}); log: ${crash.logFile}\n${crash.tail}`,
      );
      return crash;
    }),
  ]);
  const stopStartedAt = Date.now();
  await stage.stop();
  removeEndpointsFile(process.pid);
  forgetProcesses();
  console.log(`✔ local stage stopped (${((Date.now() - stopStartedAt) / 1000).toFixed(1)} s)`);
  return outcome ? 1 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${CLI_USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(CLI_USAGE);
    return 0;
  }
  return run(options);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
