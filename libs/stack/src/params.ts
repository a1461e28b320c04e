/**
 * A `--param name=value` (or `--param=name=value`) of the `serverless` command line: the config is
 * built before Serverless parses its options, as with the stage.
 *
 * @example
 * paramFromArgv('alarmEmail', ['package', '--param', 'alarmEmail=oncall@example.org']) // 'oncall@example.org'
 */
export function paramFromArgv(name: string, argv: readonly string[] = process.argv): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const pair = arg === '--param' ? (argv[i + 1] ?? '') : arg.startsWith('--param=') ? arg.slice(8) : '';
    const [key, ...value] = pair.split('=');
    if (key === name && value.length > 0) return value.join('=');
  }
  return undefined;
}

/**
 * Where the stage's alarms are mailed: `--param alarmEmail=…`, else ALARM_EMAIL, else none (the
 * topic is created without a subscription).
 *
 * @example
 * alarmEmail(process.argv, process.env) // 'oncall@example.org' | undefined
 */
export function alarmEmail(
  argv: readonly string[] = process.argv,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const value = paramFromArgv('alarmEmail', argv) ?? env['ALARM_EMAIL'];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
