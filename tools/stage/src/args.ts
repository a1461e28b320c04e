import { parseArgs } from 'node:util';
import type { LogLevel } from './stage-env';
import { LOG_LEVELS } from './stage-env';

/** What `npm run dev -- [flags]` asks for. */
export interface CliOptions {
  logLevel: LogLevel;
  /** Echo every process's output, prefixed with its name. */
  verbose: boolean;
  help: boolean;
}

export const CLI_USAGE = `usage: npm run dev -- [--log-level <${LOG_LEVELS.join('|')}>] [--verbose]

  --log-level <level>  LOG_LEVEL of the services (default info)
  --verbose            echo every process's output here, prefixed with its name
                       (it is always written to .stage/logs/<name>.log)`;

function isLogLevel(value: string): value is LogLevel {
  return LOG_LEVELS.some((level) => level === value);
}

/**
 * Reads the command-line flags of the stage CLI; throws with a usage hint on bad input.
 *
 * @example
 * parseCliArgs(['--log-level', 'debug', '--verbose']); // { logLevel: 'debug', verbose: true, help: false }
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'log-level': { type: 'string', default: 'info' },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  return { logLevel, verbose: values.verbose ?? false, help: values.help ?? false };
}
