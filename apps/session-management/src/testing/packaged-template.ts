import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/** The parts of a packaged CloudFormation template the tests read. */
export interface CloudFormationTemplate {
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
}

const APP_DIR = resolve(__dirname, '..', '..');
const SERVERLESS_BIN = require.resolve('serverless/bin/serverless.js');

/**
 * The template `nx run session-management:package` deploys: `serverless package` for `stage` into
 * a temporary folder, offline, with dummy credentials (packaging calls no AWS API).
 *
 * @example
 * const template = packageTemplate('dev');
 * template.Resources['WsAuthorizerWebsocketsAuthorizer']?.Properties?.['IdentitySource'];
 */
export function packageTemplate(stage: string): CloudFormationTemplate {
  const out = mkdtempSync(join(tmpdir(), `lingocast-template-${stage}-`));
  try {
    execFileSync(process.execPath, [SERVERLESS_BIN, 'package', '--stage', stage, '--package', out], {
      cwd: APP_DIR,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'template-test',
        AWS_SECRET_ACCESS_KEY: 'template-test',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
      stdio: 'pipe',
      timeout: 180_000,
    });
    const file = join(out, 'cloudformation-template-update-stack.json');
    return JSON.parse(readFileSync(file, 'utf8')) as CloudFormationTemplate;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
