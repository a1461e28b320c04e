import { parseArgs } from 'node:util';
import type { LogLevel } from './stage-env';
import { LOG_LEVELS } from './stage-env';

/** What `npm run dev -- [flags]` asks for. */
export interface CliOptions {
  logLevel: LogLevel;
  /** Echo every process's output, prefixed with its name. */
  verbose: boolean;
  /** Seconds between scheduled sweeps (EventBridge's rate(1 minute) in AWS); 0 = none. */
  sweepIntervalSeconds: number;
  help: boolean;
}

export const DEFAULT_SWEEP_INTERVAL_SECONDS = 60;

export const CLI_USAGE = `usage: npm run dev -- [--log-level <${LOG_LEVELS.join('|')}>] [--verbose] [--sweep-interval <s>]

  --log-level <level>     LOG_LEVEL of the services (default info)
  --verbose               echo every process's output here, prefixed with its name
                          (it is always written to .stage/logs/<name>.log)
  --sweep-interval <s>    run the connection sweeper every <s> seconds, as EventBridge does
                          in AWS (default ${DEFAULT_SWEEP_INTERVAL_SECONDS}; 0 = never, POST /local/sweep by hand)`;

function isLogLevel(value: string): value is LogLevel {
  return LOG_LEVELS.some((level) => level === value);
}

/**
 * Reads the command-line flags of the stage CLI; throws with a usage hint on bad input.
 *
 * @example
 * parseCliArgs(['--log-level', 'debug', '--verbose']); // { logLevel: 'debug', verbose: true, sweepIntervalSeconds: 60, help: false }
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'log-level': { type: 'string', default: 'info' },
      verbose: { type: 'boolean', short: 'v', default: false },
      'sweep-interval': { type: 'string', default: String(DEFAULT_SWEEP_INTERVAL_SECONDS) },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const sweepIntervalSeconds = Number(values['sweep-interval']);
  if (!Number.isFinite(sweepIntervalSeconds) || sweepIntervalSeconds < 0)
    throw new Error(`--sweep-interval must be a number of seconds ≥ 0, got '${values['sweep-interval']}'`);
  return {
    logLevel,
    verbose: values.verbose ?? false,
    sweepIntervalSeconds,
    help: values.help ?? false,
  };
}
