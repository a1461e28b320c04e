import { readFileSync } from 'node:fs';
import type { TokenProvider } from '@lingocast/client';
import { cognitoPasswordTokenProvider } from '@lingocast/client';

/** A setting the smoke CLI cannot run with; `code` names the kind, the message says what to do. */
export class SmokeConfigError extends Error {
  constructor(
    readonly code: 'ENDPOINTS_UNREADABLE' | 'ENDPOINTS_INVALID' | 'NO_TOKEN' | 'STACK_UNREADABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmokeConfigError';
  }
}

/** Where a stage answers and how its speaker signs in. */
export interface StageEndpoints {
  httpApi: string;
  websocket: string;
  /** The local stage's token issuer (`POST {username}` → tokens). */
  tokenUrl?: string;
  cognito?: { region: string; clientId: string };
}

/** A CloudFormation stack's outputs as `aws cloudformation describe-stacks` lists them. */
export type StackOutputs = ReadonlyArray<{ OutputKey?: string; OutputValue?: string }>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The endpoints of a deployed stage from session-management's stack outputs (`HttpApiUrl`,
 * `WebSocketUrl`, `UserPoolClientId`).
 *
 * @example
 * endpointsFromOutputs([{ OutputKey: 'HttpApiUrl', OutputValue: 'https://a.execute-api…' }, …], 'eu-west-1', 'lingocast-session-management-dev');
 */
export function endpointsFromOutputs(outputs: StackOutputs, region: string, stack: string): StageEndpoints {
  const value = (key: string): string => {
    const found = outputs.find((output) => output.OutputKey === key)?.OutputValue;
    if (!found)
      throw new SmokeConfigError('ENDPOINTS_INVALID', `stack ${stack} has no output ${key}: is it deployed?`);
    return found;
  };
  return {
    httpApi: value('HttpApiUrl').replace(/\/+$/, ''),
    websocket: value('WebSocketUrl'),
    cognito: { region, clientId: value('UserPoolClientId') },
  };
}

/**
 * Reads an endpoints file: `{ httpApi, websocket, tokenUrl?, cognito?: { region, clientId } }` (what
 * `npm run dev` writes to .stage/endpoints.json), or the stack's outputs as `aws cloudformation
 * describe-stacks --query Stacks[0].Outputs` prints them (then `region` is needed for Cognito).
 *
 * @example
 * parseEndpoints('{"httpApi":"http://127.0.0.1:4200","websocket":"ws://127.0.0.1:4201"}', 'e.json', 'us-east-1');
 */
export function parseEndpoints(text: string, file: string, region: string): StageEndpoints {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SmokeConfigError('ENDPOINTS_INVALID', `${file} is not JSON`, { cause: error });
  }
  if (Array.isArray(parsed)) return endpointsFromOutputs(parsed as StackOutputs, region, file);
  if (!isRecord(parsed) || typeof parsed.httpApi !== 'string' || typeof parsed.websocket !== 'string')
    throw new SmokeConfigError('ENDPOINTS_INVALID', `${file} needs "httpApi" and "websocket" (strings)`);
  const endpoints: StageEndpoints = { httpApi: parsed.httpApi, websocket: parsed.websocket };
  if (typeof parsed.tokenUrl === 'string') endpoints.tokenUrl = parsed.tokenUrl;
  const cognito = parsed.cognito;
  if (isRecord(cognito) && typeof cognito.region === 'string' && typeof cognito.clientId === 'string')
    endpoints.cognito = { region: cognito.region, clientId: cognito.clientId };
  return endpoints;
}

/** {@link parseEndpoints} of a file, with a clear error when it cannot be read. */
export function readEndpoints(file: string, region: string): StageEndpoints {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SmokeConfigError('ENDPOINTS_UNREADABLE', `cannot read ${file}`, { cause: error });
  }
  return parseEndpoints(text, file, region);
}

/** Asks a local stage's token issuer for a speaker's tokens. */
async function localToken(tokenUrl: string, username: string, fetchImpl: typeof fetch): Promise<string> {
  const response = await fetchImpl(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || !isRecord(body) || typeof body.idToken !== 'string')
    throw new Error(`the token issuer at ${tokenUrl} answered ${response.status}`);
  return body.idToken;
}

/**
 * How the smoke speaker gets its token, in this order: `--token`, the local stage's issuer, Cognito
 * with LINGOCAST_SMOKE_USERNAME / LINGOCAST_SMOKE_PASSWORD.
 *
 * @example
 * const tokens = speakerTokens(endpoints, { env: process.env }); // () => Promise<string>
 */
export function speakerTokens(
  endpoints: StageEndpoints,
  options: { token?: string; env: NodeJS.ProcessEnv; fetch?: typeof fetch },
): TokenProvider {
  const { token, env } = options;
  if (token) return () => token;
  if (endpoints.tokenUrl) {
    const tokenUrl = endpoints.tokenUrl;
    const username = `smoke-${process.pid}`;
    return () => localToken(tokenUrl, username, options.fetch ?? fetch);
  }
  if (endpoints.cognito) {
    const username = env['LINGOCAST_SMOKE_USERNAME'];
    const password = env['LINGOCAST_SMOKE_PASSWORD'];
    if (!username || !password)
      throw new SmokeConfigError(
        'NO_TOKEN',
        'the stage signs in with Cognito: set LINGOCAST_SMOKE_USERNAME and LINGOCAST_SMOKE_PASSWORD (or give --token)',
      );
    return cognitoPasswordTokenProvider({ ...endpoints.cognito, username, password });
  }
  throw new SmokeConfigError('NO_TOKEN', 'no way to get a speaker token: give --token, tokenUrl or cognito');
}
