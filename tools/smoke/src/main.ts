import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { StackOutputs } from './target';
import { endpointsFromOutputs, readEndpoints, SmokeConfigError, speakerTokens } from './target';
import type { StageEndpoints } from './target';
import { sessionManagementStack, stackOutputs } from './stack-outputs';
import type { SmokeOptions, SmokeReport, SmokeTarget } from './suite';
import { formatReport, runSmokeSuite } from './suite';

export const HELP = `lingocast-smoke: the seven post-deployment smoke tests against one LingoCast stage.
Exit code 0 when all seven pass, 1 when any fails, 2 when it cannot run (the message says why).

Usage: npx @lingocast/smoke --stage dev [--region eu-west-1]
       npx @lingocast/smoke --endpoints endpoints.json [--json]
  --stage           Stage name (default local). A deployed stage's endpoints come from its CloudFormation
                    stack lingocast-session-management-<stage> (the AWS CLI with your credentials).
                    local reads .stage/endpoints.json (what \`npm run dev\` writes).
  --endpoints       JSON file: { "httpApi", "websocket", "tokenUrl"?, "cognito"?: { "region", "clientId" } },
                    or the stack outputs as \`aws cloudformation describe-stacks --query Stacks[0].Outputs\` prints them.
  --region          AWS region of the stack (default $AWS_REGION, else us-east-1).
  --token           A speaker ID token to use. Otherwise Cognito stages sign in as
                    $LINGOCAST_SMOKE_USERNAME with $LINGOCAST_SMOKE_PASSWORD.
  --language        Listener language (default es).
  --max-latency-ms  End-to-end budget, speech end → translated audio (default 5000).
  --json            Print the report as JSON on stdout (progress goes to stderr).
  --report          Also write the JSON report to this file.
  --help            This text.`;

/** What the CLI touches outside itself; tests pass fakes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where the package's speech files are. */
  speak: SmokeOptions['speak'];
  runSuite?: (target: SmokeTarget, options: SmokeOptions) => Promise<SmokeReport>;
  readStackOutputs?: (stack: string, region: string) => Promise<StackOutputs>;
}

async function endpointsFor(
  stage: string,
  file: string | undefined,
  region: string,
  io: CliIo,
): Promise<StageEndpoints> {
  if (file) return readEndpoints(file, region);
  if (stage === 'local') return readEndpoints(resolve('.stage', 'endpoints.json'), region);
  const stack = sessionManagementStack(stage);
  const outputs = await (io.readStackOutputs ?? stackOutputs)(stack, region);
  return endpointsFromOutputs(outputs, region, stack);
}

/**
 * Runs the CLI with `argv` (without node and the script); resolves with the exit code.
 *
 * @example
 * process.exitCode = await runCli(['--stage', 'dev', '--json'], io);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        stage: { type: 'string', default: 'local' },
        endpoints: { type: 'string' },
        region: { type: 'string' },
        token: { type: 'string' },
        language: { type: 'string', default: 'es' },
        'max-latency-ms': { type: 'string', default: '5000' },
        json: { type: 'boolean', default: false },
        report: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`✘ ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const maxLatencyMs = Number(values['max-latency-ms']);
  if (!Number.isFinite(maxLatencyMs) || maxLatencyMs <= 0) {
    io.stderr(
      `✘ --max-latency-ms must be a positive number of milliseconds, not ${values['max-latency-ms']}\n`,
    );
    return 2;
  }
  const progress = values.json ? io.stderr : io.stdout;
  let report: SmokeReport;
  try {
    const region = values.region ?? io.env['AWS_REGION'] ?? 'us-east-1';
    const endpoints = await endpointsFor(values.stage, values.endpoints, region, io);
    const tokenProvider = speakerTokens(endpoints, { token: values.token, env: io.env });
    progress(`LingoCast smoke tests → ${values.stage}: ${endpoints.httpApi}, ${endpoints.websocket}\n`);
    report = await (io.runSuite ?? runSmokeSuite)(
      {
        stage: values.stage,
        httpApi: endpoints.httpApi,
        websocket: endpoints.websocket,
        tokenProvider,
        WebSocket,
      },
      { language: values.language, maxLatencyMs, speak: io.speak, log: (line) => progress(`${line}\n`) },
    );
  } catch (error) {
    const code = error instanceof SmokeConfigError ? ` [${error.code}]` : '';
    io.stderr(`✘${code} ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(`\n${formatReport(report)}\n`);
  if (values.report) {
    const file = resolve(values.report);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    progress(`report: ${file}\n`);
  }
  return report.passed ? 0 : 1;
}
