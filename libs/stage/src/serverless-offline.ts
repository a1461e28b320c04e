import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ServiceStartError,
  StageError,
  WaitTimeoutError,
  httpAnswers,
  startProcess,
  tcpAnswers,
  waitUntil,
} from '@lingocast/local-services';
import type { ManagedProcess } from '@lingocast/local-services';
import { LOCAL_STAGE } from './create-tables';
import { SERVERLESS_BIN } from './paths';
import type { AppPorts } from './ports';

/** What must answer before an app counts as started. The Lambda port always must. */
export interface AppReadiness {
  /** The app has http/httpApi routes: wait for its http port. */
  http: boolean;
  /** The app has WebSocket routes: wait for its websocket port. */
  websocket: boolean;
  /** A path GET must answer (any status), proving routes are mounted, e.g. `/health`. */
  healthPath?: string;
}

export interface StartAppOptions {
  /** Name in messages and log lines, e.g. `session-management`. */
  name: string;
  /** The folder holding the app's serverless config. */
  dir: string;
  ports: AppPorts;
  readiness: AppReadiness;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Default 90 s: the first start compiles with esbuild. */
  timeoutMs?: number;
  onLine?: (line: string) => void;
  onSpawn?: (child: ManagedProcess) => void;
}

/** An app running under serverless-offline. */
export interface RunningApp {
  name: string;
  httpUrl: string;
  websocketUrl: string;
  lambdaUrl: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

const CONFIG_FILES = [
  'serverless.ts',
  'serverless.yml',
  'serverless.yaml',
  'serverless.js',
  'serverless.json',
];

/**
 * Throws a StageError unless `dir` holds a serverless config; checked before anything starts.
 *
 * @example
 * assertServerlessConfig('session-management', appDir('session-management'));
 */
export function assertServerlessConfig(name: string, dir: string): void {
  if (!CONFIG_FILES.some((file) => existsSync(join(dir, file)))) {
    throw new StageError(`${name}: no serverless config (${CONFIG_FILES.join(', ')}) in ${dir}`);
  }
}

/**
 * The command line that serves an app: `serverless offline start` on loopback with the given ports.
 *
 * @example
 * offlineArgs({ http: 4200, websocket: 4201, lambda: 4202 });
 */
export function offlineArgs(ports: AppPorts): string[] {
  return [
    SERVERLESS_BIN,
    'offline',
    'start',
    '--stage',
    LOCAL_STAGE,
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(ports.http),
    '--websocketPort',
    String(ports.websocket),
    '--lambdaPort',
    String(ports.lambda),
    // Routes at `/health`, not `/local/health`, as the endpoints file promises.
    '--noPrependStageInUrl',
    '--noSponsor',
  ];
}

/**
 * Starts one app with serverless-offline and resolves once its ports answer.
 * On failure or timeout the process is stopped and the error carries the end of its log.
 *
 * @example
 * const app = await startServerlessOffline({ name: 'session-management', dir: appDir('session-management'),
 *   ports: DEV_PORTS.apps['session-management'], readiness: { http: true, websocket: true, healthPath: '/health' },
 *   env: processEnvironment(stageEnvironment(DEV_PORTS)), logFile: '.stage/logs/session-management.log' });
 * await app.stop();
 */
export async function startServerlessOffline(options: StartAppOptions): Promise<RunningApp> {
  const { name, ports, readiness } = options;
  assertServerlessConfig(name, options.dir);
  const child = await startProcess({
    name,
    command: process.execPath,
    args: offlineArgs(ports),
    cwd: options.dir,
    env: options.env,
    logFile: options.logFile,
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });

  const httpUrl = `http://127.0.0.1:${ports.http}`;
  const exitedEarly = child.exited.then((exit): never => {
    throw new ServiceStartError(
      name,
      `serverless exited (${exit.signal ?? `code ${exit.code}`})`,
      child.logFile,
      child.tail(),
    );
  });
  exitedEarly.catch(() => undefined); // only raced while starting
  const checks: Array<{ what: string; answers: () => Promise<boolean> }> = [
    { what: `lambda port ${ports.lambda}`, answers: () => tcpAnswers(ports.lambda) },
    ...(readiness.http ? [{ what: `http port ${ports.http}`, answers: () => tcpAnswers(ports.http) }] : []),
    ...(readiness.websocket
      ? [{ what: `websocket port ${ports.websocket}`, answers: () => tcpAnswers(ports.websocket) }]
      : []),
    ...(readiness.healthPath
      ? [
          {
            what: `GET ${httpUrl}${readiness.healthPath}`,
            answers: () => httpAnswers(`${httpUrl}${readiness.healthPath}`),
          },
        ]
      : []),
  ];
  const totalMs = options.timeoutMs ?? 90_000;
  const deadline = Date.now() + totalMs;
  try {
    for (const check of checks) {
      const timeoutMs = Math.max(deadline - Date.now(), 0);
      await waitUntil(check.answers, { what: `${name} ${check.what}`, timeoutMs, abort: exitedEarly });
    }
  } catch (error) {
    await child.stop();
    if (error instanceof ServiceStartError) throw error;
    const reason =
      error instanceof WaitTimeoutError
        ? `${error.what} did not answer within ${Math.round(totalMs / 1000)} s`
        : String(error);
    throw new ServiceStartError(name, reason, child.logFile, child.tail(), { cause: error });
  }
  return {
    name,
    httpUrl,
    websocketUrl: `ws://127.0.0.1:${ports.websocket}`,
    lambdaUrl: `http://127.0.0.1:${ports.lambda}`,
    process: child,
    stop: () => child.stop(),
  };
}
