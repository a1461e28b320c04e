import { relative } from 'node:path';
import type { StageEndpoints } from './endpoints';
import { REPO_ROOT } from './paths';
import type { PortPlan } from './ports';
import { APP_NAMES } from './ports';

function box(title: string, lines: readonly string[]): string {
  const width = Math.max(title.length + 4, ...lines.map((line) => line.length)) + 2;
  const top = `┌─ ${title} ${'─'.repeat(width - title.length - 3)}┐`;
  const body = lines.map((line) => `│ ${line.padEnd(width - 2)} │`);
  return [top, ...body, `└${'─'.repeat(width)}┘`].join('\n');
}

function shown(path: string): string {
  const fromRoot = relative(REPO_ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

/**
 * The banner's first lines: where the speaker console and the listener pages are (and in LAN mode
 * the link phones use, and why the console stays on loopback).
 *
 * @example
 * webLines(endpointsFor(DEV_PORTS)); // ['Speaker console   http://127.0.0.1:4000', 'Listener pages    http://127.0.0.1:4000/listen/<session id>']
 */
export function webLines(endpoints: StageEndpoints): string[] {
  if (!endpoints.lan) {
    return [`Speaker console   ${endpoints.web}`, `Listener pages    ${endpoints.listenUrlPattern}`];
  }
  return [
    `Speaker console   ${endpoints.web}   (on this machine: the microphone needs localhost or HTTPS)`,
    `Listener pages    ${endpoints.lan.listenUrlPattern}   (phones on this network)`,
    `                  ${endpoints.listenUrlPattern}   (this machine)`,
    `LAN mode: only the web server listens on ${endpoints.lan.address}; the token issuer, DynamoDB Local`,
    `and the apps stay on 127.0.0.1, so no one on the network can get a speaker token.`,
  ];
}

/**
 * What `npm run dev` prints once the stage is up: the console and listener URLs first, then
 * endpoints, ports, and how to get a token and a session.
 *
 * @example
 * console.log(renderBanner({ endpoints, ports, startupMs: 12_300, endpointsFile, logDir }));
 */
export function renderBanner(input: {
  endpoints: StageEndpoints;
  ports: PortPlan;
  startupMs: number;
  endpointsFile: string;
  logDir: string;
  /** Seconds between scheduled sweeps; 0 or absent = none. */
  sweepIntervalSeconds?: number;
}): string {
  const { endpoints, ports } = input;
  const tokenRequest = `curl -s -X POST ${endpoints.tokenUrl} -H 'content-type: application/json' -d '{"username":"alice"}'`;
  const rows = APP_NAMES.map(
    (app) =>
      `  ${app.padEnd(22)}${String(ports.apps[app].http).padEnd(7)}${String(ports.apps[app].websocket).padEnd(11)}${ports.apps[app].lambda}`,
  );
  const summary = box(`LingoCast local stage is up (${(input.startupMs / 1000).toFixed(1)} s)`, [
    '',
    `Web server       ${endpoints.web}${endpoints.lan ? ` and ${endpoints.lan.web}` : ''}`,
    `                 /api → HTTP API, /ws → WebSocket API, /token (this machine only)`,
    `HTTP API         ${endpoints.httpApi}`,
    `WebSocket API    ${endpoints.websocket}`,
    `Token issuer     ${endpoints.tokenUrl}  (POST {"username": "..."})`,
    `JWKS             ${endpoints.jwksUrl}`,
    `DynamoDB Local   ${endpoints.dynamodb}  (in memory, tables lingocast-local-*)`,
    '',
    `Ports                   http   websocket  lambda`,
    ...rows,
    `  ${'web server'.padEnd(22)}${ports.web}${endpoints.lan ? ` (also on ${endpoints.lan.address})` : ''}`,
    `  ${'token issuer'.padEnd(22)}${ports.tokenIssuer}`,
    `  ${'DynamoDB Local'.padEnd(22)}${ports.dynamodb}`,
    '',
    `Endpoints file   ${shown(input.endpointsFile)}`,
    `Logs             ${shown(input.logDir)}/<part>.log`,
    input.sweepIntervalSeconds
      ? `Sweeper          every ${input.sweepIntervalSeconds} s (idle connections, refresh notices, counts)`
      : `Sweeper          not scheduled: POST ${endpoints.httpApi}/local/sweep runs one`,
  ]);
  return [
    ...webLines(endpoints),
    '',
    summary,
    '',
    'Get a speaker token (idToken, accessToken; valid 1 h):',
    `  ${tokenRequest}`,
    '',
    'Create a session with it:',
    `  TOKEN=$(${tokenRequest} | node -pe 'JSON.parse(require("fs").readFileSync(0)).idToken')`,
    `  curl -s -X POST ${endpoints.httpApi}/sessions -H "authorization: Bearer $TOKEN" \\`,
    `       -H 'content-type: application/json' -d '{"sourceLanguage":"en"}'`,
    '',
    'Listen in Spanish:   ' + `${endpoints.websocket}?sessionId=<session id>&targetLanguage=es`,
    'Speak:               ' + `${endpoints.websocket}?sessionId=<session id>&token=$TOKEN`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
}
