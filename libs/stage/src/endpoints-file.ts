import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StageEndpoints } from './endpoints';
import { StageError } from './errors';
import { STAGE_DIR } from './paths';
import type { PortPlan } from './ports';

/** `.stage/endpoints.json` at the repository root: written by `npm run dev`, read by the demo and tools. */
export const ENDPOINTS_FILE = join(STAGE_DIR, 'endpoints.json');

/** The endpoints file: the endpoints, plus who wrote it and when. */
export interface EndpointsFileContent extends StageEndpoints {
  ports: PortPlan;
  /** Process id of the `npm run dev` that serves these endpoints. */
  pid: number;
  startedAt: string;
  logDir: string;
}

/** No endpoints file, or one that is not a stage's: the stage is not running. */
export class EndpointsFileError extends StageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EndpointsFileError';
  }
}

/**
 * Writes the endpoints file (creating `.stage/`).
 *
 * @example
 * writeEndpointsFile({ ...stage.endpoints, ports, pid: process.pid, startedAt: new Date().toISOString(), logDir });
 */
export function writeEndpointsFile(content: EndpointsFileContent, file: string = ENDPOINTS_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function requireString(record: Record<string, unknown>, name: string, file: string): string {
  const value = record[name];
  if (typeof value !== 'string' || value === '')
    throw new EndpointsFileError(`${file}: '${name}' is missing`);
  return value;
}

/**
 * Reads the endpoints of the running stage. Throws EndpointsFileError when there is none, or when
 * the process that wrote the file is gone (killed without cleaning up).
 *
 * @example
 * const { httpApi, websocket, tokenUrl } = readEndpointsFile();
 */
export function readEndpointsFile(file: string = ENDPOINTS_FILE): StageEndpoints {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EndpointsFileError(
      `no local stage endpoints in ${file}: start the stage with \`npm run dev\``,
      {
        cause: error,
      },
    );
  }
  if (!isRecord(parsed) || !isRecord(parsed.lambda)) {
    throw new EndpointsFileError(`${file} is not an endpoints file`);
  }
  if (typeof parsed.pid === 'number' && !processAlive(parsed.pid)) {
    throw new EndpointsFileError(
      `${file} is stale: the stage that wrote it (pid ${parsed.pid}) is gone; start it with \`npm run dev\``,
    );
  }
  const lambda = parsed.lambda;
  const lan = isRecord(parsed.lan)
    ? {
        lan: {
          address: requireString(parsed.lan, 'address', file),
          web: requireString(parsed.lan, 'web', file),
          listenUrlPattern: requireString(parsed.lan, 'listenUrlPattern', file),
        },
      }
    : {};
  return {
    stage: 'local',
    region: requireString(parsed, 'region', file),
    httpApi: requireString(parsed, 'httpApi', file),
    websocket: requireString(parsed, 'websocket', file),
    tokenIssuer: requireString(parsed, 'tokenIssuer', file),
    tokenUrl: requireString(parsed, 'tokenUrl', file),
    jwksUrl: requireString(parsed, 'jwksUrl', file),
    dynamodb: requireString(parsed, 'dynamodb', file),
    web: requireString(parsed, 'web', file),
    listenUrlPattern: requireString(parsed, 'listenUrlPattern', file),
    ...lan,
    lambda: {
      sessionManagement: requireString(lambda, 'sessionManagement', file),
      audioTranscription: requireString(lambda, 'audioTranscription', file),
      translationPipeline: requireString(lambda, 'translationPipeline', file),
    },
  };
}

/**
 * Removes the endpoints file if it is `pid`'s (so a second stage's file survives the first one stopping).
 *
 * @example
 * removeEndpointsFile(process.pid);
 */
export function removeEndpointsFile(pid: number, file: string = ENDPOINTS_FILE): void {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isRecord(parsed) && parsed.pid !== pid) return;
  } catch {
    // unreadable: remove it anyway
  }
  rmSync(file, { force: true });
}
