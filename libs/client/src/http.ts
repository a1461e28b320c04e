import type { LanguagesBody, Session } from '@lingocast/contract';
import { SESSION_STATUSES } from '@lingocast/contract';
import { LingoCastError } from './requests';

/** Where the HTTP API is, and the `fetch` to reach it with (default: the global one). */
export interface HttpApiOptions {
  /** The HTTP API, e.g. `http://127.0.0.1:4200` or `https://example.org/api`. */
  httpUrl: string;
  fetch?: typeof fetch;
}

export interface GetSessionOptions extends HttpApiOptions {
  sessionId: string;
}

type ErrorCodeOf = LingoCastError['code'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The LingoCastError an HTTP error answer stands for: its body's code, else `fallback` (default `HTTP_ERROR`). */
export function httpError(
  status: number,
  body: unknown,
  fallback: ErrorCodeOf = 'HTTP_ERROR',
): LingoCastError {
  const error = isObject(body) ? body['error'] : undefined;
  if (isObject(error)) {
    const { code, message, retryAfter } = error;
    if (typeof code === 'string' && typeof message === 'string')
      return new LingoCastError(
        code as ErrorCodeOf,
        message,
        typeof retryAfter === 'number' ? retryAfter : undefined,
      );
  }
  return new LingoCastError(fallback, `HTTP ${status}`);
}

/**
 * One JSON request to the HTTP API: a network failure is `HTTP_ERROR`, an error answer is its
 * body's code (or `fallbackByStatus[status]`, else `HTTP_ERROR`).
 */
export async function requestJson(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  fallbackByStatus: Partial<Record<number, ErrorCodeOf>> = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, init);
  } catch (error) {
    throw new LingoCastError('HTTP_ERROR', `could not reach ${url}`, undefined, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw httpError(response.status, body, fallbackByStatus[response.status]);
  return body;
}

function apiUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/\/+$/, '')}${path}`;
}

function invalid(what: string): LingoCastError {
  return new LingoCastError('INVALID_RESPONSE', what);
}

function isLanguagesBody(value: unknown): value is LanguagesBody {
  return (
    isObject(value) &&
    isStringArray(value['sourceLanguages']) &&
    isStringArray(value['targetLanguages']) &&
    isStringArray(value['qualityTiers'])
  );
}

/** True when `value` has the fields of a Session a page relies on (status, counts, broadcast state). */
export function isSession(value: unknown): value is Session {
  if (!isObject(value)) return false;
  const state = value['broadcastState'];
  return (
    typeof value['sessionId'] === 'string' &&
    typeof value['sourceLanguage'] === 'string' &&
    (SESSION_STATUSES as readonly unknown[]).includes(value['status']) &&
    typeof value['listenerCount'] === 'number' &&
    (value['maxListeners'] === undefined || typeof value['maxListeners'] === 'number') &&
    isObject(state) &&
    typeof state['paused'] === 'boolean' &&
    typeof state['muted'] === 'boolean' &&
    typeof state['volume'] === 'number'
  );
}

/**
 * The languages the stage serves and its quality tiers (`GET /languages`, public), so a page
 * offers only what works. Rejects with `HTTP_ERROR` (unreachable), the server's code, or
 * `INVALID_RESPONSE`.
 *
 * @example
 * const { sourceLanguages, targetLanguages, qualityTiers } = await getLanguages({ httpUrl });
 */
export async function getLanguages(options: HttpApiOptions): Promise<LanguagesBody> {
  const body = await requestJson(options.fetch ?? fetch, apiUrl(options.httpUrl, '/languages'), {
    method: 'GET',
  });
  if (!isLanguagesBody(body)) throw invalid('GET /languages answered no list of languages');
  return body;
}

/**
 * A session's public state (`GET /sessions/{id}`, no token): status, listener count, broadcast
 * state and `maxListeners`, so a page can say "ended", "paused" or "full" before it connects.
 * Rejects with `SESSION_NOT_FOUND` (404), `INVALID_PARAMETERS` (not a session id), `HTTP_ERROR`
 * (unreachable) or `INVALID_RESPONSE`.
 *
 * @example
 * const session = await getSession({ httpUrl, sessionId: 'golden-eagle-427' });
 * if (session.maxListeners !== undefined && session.listenerCount >= session.maxListeners) showFull();
 */
export async function getSession(options: GetSessionOptions): Promise<Session> {
  if (typeof options.sessionId !== 'string' || options.sessionId === '')
    throw new LingoCastError('INVALID_PARAMETERS', 'sessionId is empty');
  const body = await requestJson(
    options.fetch ?? fetch,
    apiUrl(options.httpUrl, `/sessions/${encodeURIComponent(options.sessionId)}`),
    { method: 'GET' },
    { 404: 'SESSION_NOT_FOUND' },
  );
  if (!isSession(body)) throw invalid(`GET /sessions/${options.sessionId} answered no session`);
  return body;
}
