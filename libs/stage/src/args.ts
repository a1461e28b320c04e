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
  /** `--lan [address]`: also serve the web app on the LAN (address absent = the first LAN IPv4). */
  lan?: { address?: string };
}

export const DEFAULT_SWEEP_INTERVAL_SECONDS = 60;

export const CLI_USAGE = `usage: npm run dev -- [--lan [address]] [--log-level <${LOG_LEVELS.join('|')}>] [--verbose] [--sweep-interval <s>]

  --lan [address]         also serve the web app on this machine's LAN address (default: its first
                          non-internal IPv4), so phones in the room can open listener pages; only the
                          web server listens there: the token issuer, DynamoDB Local and the apps' own
                          ports stay on 127.0.0.1. The speaker console stays on http://127.0.0.1:4000
                          (the microphone needs localhost or HTTPS)
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
  const { lan, rest } = takeLanFlag(argv);
  const { values } = parseArgs({
    args: rest,
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
    ...(lan ? { lan } : {}),
  };
}

/** `--lan`, `--lan <address>` or `--lan=<address>` (node's parseArgs has no optional values). */
function takeLanFlag(argv: readonly string[]): { lan?: { address?: string }; rest: string[] } {
  const rest: string[] = [];
  let lan: { address?: string } | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg !== '--lan' && !arg.startsWith('--lan=')) {
      rest.push(arg);
      continue;
    }
    if (lan) throw new Error('--lan given twice');
    const next = argv[i + 1];
    const value = arg.startsWith('--lan=')
      ? arg.slice('--lan='.length)
      : next && !next.startsWith('-')
        ? next
        : undefined;
    if (arg === '--lan' && value !== undefined) i += 1;
    if (value === '') throw new Error('--lan= needs an address, e.g. --lan=192.168.1.23 (or --lan alone)');
    lan = value === undefined ? {} : { address: value };
  }
  return { ...(lan ? { lan } : {}), rest };
}
