import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { TokenProvider } from '@lingocast/client';
import { cognitoPasswordTokenProvider } from '@lingocast/client';
import { readEndpointsFile, requestToken } from '@lingocast/stage';
import { speak } from '@lingocast/speech-fixtures';
import type { SmokeTarget } from './suite';
import { formatReport, runSmokeSuite } from './suite';

const HELP = `Runs the seven post-deployment smoke tests against a stage; exits non-zero if any fails.

Usage: npm run smoke -- --stage local
       npm run smoke -- --stage prod --endpoints prod-endpoints.json
  --stage           Stage name (default local: reads .stage/endpoints.json written by \`npm run dev\`).
  --endpoints       JSON file: { "httpApi", "websocket", "tokenUrl"? , "cognito"?: { "region", "clientId" } }.
                    With cognito, the speaker signs in with LINGOCAST_SMOKE_USERNAME / LINGOCAST_SMOKE_PASSWORD.
  --token           A speaker token to use instead (deployed stages).
  --language        Listener language (default es).
  --max-latency-ms  End-to-end budget (default 5000).
  --report          JSON report file (default .stage/smoke-report.json).`;

interface EndpointsJson {
  httpApi?: unknown;
  websocket?: unknown;
  tokenUrl?: unknown;
  cognito?: { region?: unknown; clientId?: unknown };
}

function target(stage: string, endpointsFile: string | undefined, token: string | undefined): SmokeTarget {
  if (!endpointsFile && stage === 'local') {
    const local = readEndpointsFile();
    const tokenUrl = local.tokenUrl;
    return {
      stage,
      httpApi: local.httpApi,
      websocket: local.websocket,
      tokenProvider: token ? () => token : localTokens(tokenUrl),
      WebSocket,
    };
  }
  if (!endpointsFile) throw new Error(`stage ${stage}: give its endpoints with --endpoints <file.json>`);
  const json = JSON.parse(readFileSync(endpointsFile, 'utf8')) as EndpointsJson;
  if (typeof json.httpApi !== 'string' || typeof json.websocket !== 'string')
    throw new Error(`${endpointsFile} needs "httpApi" and "websocket"`);
  let tokenProvider: TokenProvider | undefined = token ? () => token : undefined;
  if (!tokenProvider && typeof json.tokenUrl === 'string') tokenProvider = localTokens(json.tokenUrl);
  if (
    !tokenProvider &&
    typeof json.cognito?.region === 'string' &&
    typeof json.cognito.clientId === 'string'
  ) {
    const username = process.env['LINGOCAST_SMOKE_USERNAME'];
    const password = process.env['LINGOCAST_SMOKE_PASSWORD'];
    if (!username || !password) throw new Error('set LINGOCAST_SMOKE_USERNAME and LINGOCAST_SMOKE_PASSWORD');
    tokenProvider = cognitoPasswordTokenProvider({
      region: json.cognito.region,
      clientId: json.cognito.clientId,
      username,
      password,
    });
  }
  if (!tokenProvider)
    throw new Error(`${endpointsFile}: no way to get a speaker token (tokenUrl, cognito or --token)`);
  return { stage, httpApi: json.httpApi, websocket: json.websocket, tokenProvider, WebSocket };
}

function localTokens(tokenUrl: string): TokenProvider {
  const username = `smoke-${process.pid}`;
  return async () => (await requestToken(tokenUrl, username)).idToken;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'local' },
      endpoints: { type: 'string' },
      token: { type: 'string' },
      language: { type: 'string', default: 'es' },
      'max-latency-ms': { type: 'string', default: '5000' },
      report: { type: 'string', default: '.stage/smoke-report.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const report = await runSmokeSuite(target(values.stage, values.endpoints, values.token), {
    language: values.language,
    maxLatencyMs: Number(values['max-latency-ms']),
    speak: (text: string) => speak(text, 1.2),
    log: (line) => console.log(line),
  });
  console.log(`\n${formatReport(report)}`);
  const file = resolve(values.report);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${file}`);
  return report.passed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
