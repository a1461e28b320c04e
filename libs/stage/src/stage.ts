import { join } from 'node:path';
import { localDynamoDbClient, startDynamoDbLocal } from '@lingocast/local-services';
import type { ManagedProcess, ProcessExit } from '@lingocast/local-services';
import { createTables } from './create-tables';
import type { StageEndpoints } from './endpoints';
import { endpointsFor } from './endpoints';
import { PortsInUseError, StageError } from './errors';
import { DEFAULT_LOG_DIR, REPO_ROOT, WEB_DIST_DIR } from './paths';
import type { AppName, PortPlan } from './ports';
import { APP_NAMES, DEV_PORTS, portsInUse } from './ports';
import type { AppReadiness, RunningApp } from './serverless-offline';
import { assertServerlessConfig, startServerlessOffline } from './serverless-offline';
import type { LogLevel } from './stage-env';
import { processEnvironment, stageEnvironment } from './stage-env';
import type { SweepReport, SweepSchedule } from './sweep-schedule';
import { startSweepSchedule } from './sweep-schedule';
import type { TokenIssuer } from './token-issuer';
import type { RunningTokenIssuer } from './token-issuer-server';
import { startTokenIssuer } from './token-issuer-server';
import type { RunningWebServer } from './web-server';
import { startWebServer } from './web-server';

/** What must answer before each app counts as up; the Lambda port always must. */
export const APP_READINESS: Record<AppName, AppReadiness> = {
  // Clients reach only session-management: its HTTP and WebSocket APIs must be live, routes mounted.
  'session-management': { http: true, websocket: true, healthPath: '/health' },
  // The other two are reached through Lambda invocations only.
  'audio-transcription': { http: false, websocket: false },
  'translation-pipeline': { http: false, websocket: false },
};

export interface StartStageOptions {
  /** Default DEV_PORTS; tests pass `await freePorts()`. */
  ports?: PortPlan;
  /** Extra settings for every app, winning over the stage's (e.g. shorter timers in tests). */
  env?: Record<string, string>;
  logLevel?: LogLevel;
  /** Default `.stage/logs`: one log file per process. */
  logDir?: string;
  /** Progress lines while starting, e.g. `✔ DynamoDB Local on :8100 (2.1 s)`. */
  onProgress?: (line: string) => void;
  /** Every output line of every process, with its name (`--verbose`). */
  onOutput?: (source: string, line: string) => void;
  /** Called as each child process starts (the CLI records them, to clean up after a crash). */
  onSpawn?: (child: { name: string; pid: number }) => void;
  /** Abort start-up (Ctrl-C): what started is stopped and startStage rejects. */
  signal?: AbortSignal;
  /** The folder holding the apps; default `<repo>/apps`. */
  appsDir?: string;
  /** The built web app the web server serves; default `<repo>/apps/web/dist` (see web-build.ts). */
  webDistDir?: string;
  /**
   * LAN mode: the web server (and nothing else) also listens on this address of the machine, so
   * phones in the room can open listener pages. Pick it with pickLanAddress().
   */
  lanAddress?: string;
  /** Per-app start timeout; default 90 s. */
  appTimeoutMs?: number;
  /**
   * Which apps to start; default all three. A test of session-management alone (e.g. its rate limits
   * with settings of its own) starts only that app and still gets DynamoDB Local and the token issuer.
   */
  apps?: readonly AppName[];
  /**
   * Run session-management's sweeper every this many ms, as EventBridge does in AWS (`npm run dev`:
   * every minute). Off by default: tests call `POST /local/sweep` when they want a sweep.
   */
  sweepIntervalMs?: number;
  /** Each scheduled sweep's report. */
  onSweep?: (report: SweepReport, timing: { startedAt: Date; ms: number }) => void;
  /** A scheduled sweep that failed; the schedule goes on. */
  onSweepError?: (error: Error) => void;
}

/** How restartApp ends the running app. */
export interface RestartOptions {
  /** `kill` (default): SIGKILL at once, as a crash or a lost host would; `stop`: SIGTERM, then SIGKILL. */
  how?: 'kill' | 'stop';
  /** Time between the app being gone and starting again (clients see refused connections meanwhile). */
  downMs?: number;
}

/** A process of the stage that exited while the stage ran. */
export interface StageCrash {
  name: string;
  logFile: string;
  tail: string;
  exit: ProcessExit;
}

/** A local stage that is up: every part answered. */
export interface RunningStage {
  endpoints: StageEndpoints;
  ports: PortPlan;
  /** The issuer's signer, in-process: tests mint tokens without HTTP. */
  tokens: TokenIssuer;
  logDir: string;
  /** The child processes (each leads its own process group). */
  processes(): ReadonlyArray<Pick<ManagedProcess, 'name' | 'pid' | 'logFile'>>;
  /** Settles if a process exits while the stage runs (a crash); never after stop() began, nor for restartApp. */
  crashed: Promise<StageCrash>;
  /**
   * Ends one app (killed by default) and starts it again on the same ports with the same settings;
   * resolves once it answers again. Tests use it to prove clients survive a server restart.
   */
  restartApp(app: AppName, options?: RestartOptions): Promise<void>;
  /** Stops everything, apps first. Idempotent. */
  stop(): Promise<void>;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Starts the local stage: DynamoDB Local (then its tables), the token issuer and the three apps under
 * serverless-offline, all at once, and resolves when every part answers and the tables exist. The apps
 * touch DynamoDB only when serving requests, so they need not wait for it. On failure it stops what
 * started and rejects with the reason (a StageError).
 *
 * @example
 * const stage = await startStage({ ports: await freePorts(), env: { [ENV.utterancePauseMs]: '300' } });
 * const { idToken } = await stage.tokens.issueToken('alice');
 * await stage.stop();
 */
export async function startStage(options: StartStageOptions = {}): Promise<RunningStage> {
  const ports = options.ports ?? DEV_PORTS;
  const logDir = options.logDir ?? DEFAULT_LOG_DIR;
  const appsDir = options.appsDir ?? join(REPO_ROOT, 'apps');
  const endpoints = endpointsFor(ports, options.lanAddress ? { lanAddress: options.lanAddress } : {});
  const progress = options.onProgress ?? (() => undefined);
  const startedAt = Date.now();
  const elapsed = () => seconds(Date.now() - startedAt);
  const output = (source: string) => {
    const onOutput = options.onOutput;
    return onOutput ? { onLine: (line: string) => onOutput(source, line) } : {};
  };

  const selectedApps = options.apps ?? APP_NAMES;
  for (const app of selectedApps) assertServerlessConfig(app, join(appsDir, app));
  const busy = await portsInUse(ports);
  if (busy.length > 0) throw new PortsInUseError(busy);

  // Everything spawned is registered at once, so an abort or a failure can stop it mid-start.
  const processes: ManagedProcess[] = [];
  // Exits that are not crashes: restartApp ends the app on purpose.
  const expectedExits = new Set<ManagedProcess>();
  let reportCrash: (crash: StageCrash) => void = () => undefined;
  const crashed = new Promise<StageCrash>((resolve) => {
    reportCrash = resolve;
  });
  const onSpawn = (child: ManagedProcess) => {
    processes.push(child);
    void child.exited.then((exit) => {
      if (stopping || expectedExits.has(child)) return;
      reportCrash({ name: child.name, logFile: child.logFile, tail: child.tail(), exit });
    });
    options.onSpawn?.({ name: child.name, pid: child.pid });
    if (stopping) void child.stop(); // spawned while stopping: its start is failing, do not let it run on
  };
  let issuer: RunningTokenIssuer | undefined;
  let web: RunningWebServer | undefined;
  let sweeps: SweepSchedule | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await sweeps?.stop();
      await web?.stop(); // the front door first: no new requests reach what is stopping
      // Apps first (they call DynamoDB and each other), then the infrastructure they use.
      const apps = processes.filter((child) => child.name !== 'dynamodb');
      await Promise.all(apps.map((child) => child.stop()));
      await Promise.all([
        ...processes.filter((child) => child.name === 'dynamodb').map((child) => child.stop()),
        issuer?.stop(),
      ]);
    })();
    return stopping;
  };
  const onAbort = () => void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const checkAborted = () => {
    if (options.signal?.aborted) throw new StageError('start-up interrupted');
  };

  // Every part starts at once (the apps' esbuild compile is the long pole and needs no DynamoDB);
  // the first failure stops everything, and is what gets reported.
  let firstFailure: { error: unknown } | undefined;
  const part = async <T>(start: () => Promise<T>): Promise<T> => {
    try {
      return await start();
    } catch (error) {
      firstFailure ??= { error }; // the cause: parts stopped because of it fail after it
      void stop();
      throw error;
    }
  };

  try {
    checkAborted();
    const env = processEnvironment(
      stageEnvironment(ports, {
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        overrides: options.env ?? {},
      }),
    );
    progress(`… DynamoDB Local (:${ports.dynamodb}), token issuer (:${ports.tokenIssuer})`);
    progress(`… ${selectedApps.join(', ')} (serverless-offline; esbuild compiles each app first)`);
    const tokenIssuer = part(async () => {
      issuer = await startTokenIssuer({ port: ports.tokenIssuer });
      if (stopping) await issuer.stop(); // started while stopping: stop() ran before it existed
      return issuer;
    });
    const webServer = part(async () => {
      web = await startWebServer({
        port: ports.web,
        distDir: options.webDistDir ?? WEB_DIST_DIR,
        upstream: {
          httpApi: endpoints.httpApi,
          websocket: endpoints.websocket,
          tokenUrl: endpoints.tokenUrl,
        },
        ...(options.lanAddress ? { lanAddress: options.lanAddress } : {}),
      });
      if (stopping) await web.stop(); // started while stopping: stop() ran before it existed
      progress(
        `✔ web server on :${ports.web}${options.lanAddress ? ` and ${options.lanAddress}:${ports.web}` : ''}`,
      );
    });
    const tables = part(async () => {
      const dynamodb = await startDynamoDbLocal({
        port: ports.dynamodb,
        logFile: join(logDir, 'dynamodb.log'),
        onSpawn,
        ...output('dynamodb'),
      });
      progress(`✔ DynamoDB Local answering (${elapsed()})`);
      const client = localDynamoDbClient(dynamodb.endpoint);
      try {
        const names = await createTables(client);
        progress(`✔ ${names.length} tables created (${elapsed()})`);
      } finally {
        client.destroy();
      }
    });
    const startApp = (app: AppName) =>
      startServerlessOffline({
        name: app,
        dir: join(appsDir, app),
        ports: ports.apps[app],
        readiness: APP_READINESS[app],
        env,
        logFile: join(logDir, `${app}.log`),
        onSpawn,
        ...output(app),
        ...(options.appTimeoutMs ? { timeoutMs: options.appTimeoutMs } : {}),
      });
    const running = new Map<AppName, RunningApp>();
    const apps = selectedApps.map((app) =>
      part(async () => {
        running.set(app, await startApp(app));
        progress(`✔ ${app} answering (${elapsed()})`);
      }),
    );
    await Promise.allSettled([webServer, tokenIssuer, tables, ...apps]);
    checkAborted();
    if (firstFailure) throw firstFailure.error;
    const { tokens } = await tokenIssuer;
    if (options.sweepIntervalMs && selectedApps.includes('session-management')) {
      sweeps = startSweepSchedule({
        url: `${endpoints.httpApi}/local/sweep`,
        intervalMs: options.sweepIntervalMs,
        ...(options.onSweep ? { onReport: options.onSweep } : {}),
        ...(options.onSweepError ? { onError: options.onSweepError } : {}),
      });
      progress(`✔ sweeper scheduled every ${seconds(options.sweepIntervalMs)}`);
    }
    progress(`✔ local stage up (${elapsed()})`);
    const restartApp = async (app: AppName, restart: RestartOptions = {}) => {
      const current = running.get(app);
      if (!current) throw new StageError(`${app} is not part of this stage`);
      if (stopping) throw new StageError('the stage is stopping');
      expectedExits.add(current.process);
      await current.process.stop(restart.how === 'stop' ? undefined : 0);
      processes.splice(processes.indexOf(current.process), 1);
      if (restart.downMs) await new Promise((resolve) => setTimeout(resolve, restart.downMs));
      running.set(app, await startApp(app));
    };
    return {
      restartApp,
      crashed,
      endpoints,
      ports,
      tokens,
      logDir,
      processes: () => processes.map(({ name, pid, logFile }) => ({ name, pid, logFile })),
      stop,
    };
  } catch (error) {
    await stop();
    if (options.signal?.aborted) throw new StageError('start-up interrupted', { cause: error });
    throw error instanceof StageError
      ? error
      : new StageError(
          `local stage failed to start: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
