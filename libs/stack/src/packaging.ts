import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceFile } from './emitted-metrics';
import type { AuditedTemplate } from './template-audit';

/**
 * The CloudFormation template `serverless package` makes for an app folder and stage: offline,
 * with dummy credentials (packaging calls no AWS API), in a temporary folder removed afterwards.
 * `args` are extra command-line arguments (e.g. `['--param', 'alarmEmail=…']`).
 *
 * @example
 * const template = packageServerlessApp(join(__dirname, '..', '..'), 'prod');
 */
export function packageServerlessApp(
  appDir: string,
  stage: string,
  options: { args?: string[]; env?: Record<string, string> } = {},
): AuditedTemplate & { Outputs?: Record<string, unknown> } {
  const out = mkdtempSync(join(tmpdir(), `lingocast-package-${stage}-`));
  try {
    const serverless = require.resolve('serverless/bin/serverless.js', { paths: [appDir] });
    execFileSync(
      process.execPath,
      [serverless, 'package', '--stage', stage, '--package', out, ...(options.args ?? [])],
      {
        cwd: appDir,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'template-test',
          AWS_SECRET_ACCESS_KEY: 'template-test',
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          ...options.env,
        },
        stdio: 'pipe',
        timeout: 240_000,
      },
    );
    return JSON.parse(
      readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as AuditedTemplate;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The TypeScript sources under a folder that ship in the functions: no specs, no test helpers.
 *
 * @example
 * emittedMetrics(shippedSources(join(appDir, 'src')))
 */
export function shippedSources(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(
      (path) =>
        path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.split(/[\\/]/).includes('testing'),
    )
    .map((path) => ({ path, text: readFileSync(join(dir, path), 'utf8') }));
}
