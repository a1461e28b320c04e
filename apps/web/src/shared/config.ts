/** Where the page finds the system: fetched from `/config.json` at start, never compiled in. */
export interface WebConfig {
  stage: string;
  /** The HTTP API, absolute, without a trailing slash (e.g. `http://127.0.0.1:4000/api`). */
  httpUrl: string;
  /** The WebSocket API, absolute `ws:`/`wss:` (e.g. `ws://127.0.0.1:4000/ws`). */
  websocketUrl: string;
  auth: { kind: 'local'; tokenUrl: string } | { kind: 'cognito'; region: string; clientId: string };
  /**
   * Where listeners open the join link when it is not the console's own origin: the local stage in
   * LAN mode serves the console on 127.0.0.1 and listeners on the machine's LAN address.
   */
  listenerOrigin?: string;
}

export type ConfigErrorCode = 'CONFIG_UNREACHABLE' | 'CONFIG_INVALID';

/** The page could not get a usable configuration; `message` is written for people. */
export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

function invalid(detail: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', `The page's configuration (config.json) is not valid: ${detail}.`);
}

function text(record: Record<string, unknown>, key: string, where = ''): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`"${where}${key}" must be a non-empty string`);
  return value.trim();
}

function absolute(url: string, base: string, key: string): URL {
  try {
    return new URL(url, base);
  } catch (cause) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `The page's configuration (config.json) is not valid: "${key}" is not a URL.`,
      {
        cause,
      },
    );
  }
}

function withoutTrailingSlash(url: URL): string {
  return url.href.replace(/\/+$/, '');
}

function listenerOriginOf(record: Record<string, unknown>, pageUrl: string): { listenerOrigin?: string } {
  if (record['listenerOrigin'] === undefined) return {};
  const origin = absolute(text(record, 'listenerOrigin'), pageUrl, 'listenerOrigin');
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:')
    throw invalid('"listenerOrigin" must be http(s)');
  return { listenerOrigin: origin.origin };
}

/**
 * Validates a parsed config.json and resolves its relative URLs against the page's address
 * (a relative WebSocket URL gets `ws:` from `http:` pages and `wss:` from `https:` pages).
 *
 * @example
 * parseConfig({ stage: 'local', httpUrl: '/api', websocketUrl: '/ws', auth: { kind: 'local', tokenUrl: '/token' } },
 *   'http://127.0.0.1:4000/listen/x').websocketUrl; // 'ws://127.0.0.1:4000/ws'
 */
export function parseConfig(raw: unknown, pageUrl: string): WebConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid('it must be a JSON object');
  const record = raw as Record<string, unknown>;
  const stage = text(record, 'stage');
  const httpUrl = absolute(text(record, 'httpUrl'), pageUrl, 'httpUrl');
  if (httpUrl.protocol !== 'http:' && httpUrl.protocol !== 'https:')
    throw invalid('"httpUrl" must be http(s)');
  const websocketUrl = absolute(text(record, 'websocketUrl'), pageUrl, 'websocketUrl');
  if (websocketUrl.protocol === 'http:') websocketUrl.protocol = 'ws:';
  else if (websocketUrl.protocol === 'https:') websocketUrl.protocol = 'wss:';
  if (websocketUrl.protocol !== 'ws:' && websocketUrl.protocol !== 'wss:')
    throw invalid('"websocketUrl" must be ws(s) or a path');
  const auth = record['auth'];
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth))
    throw invalid('"auth" must be an object');
  const authRecord = auth as Record<string, unknown>;
  const base = {
    stage,
    httpUrl: withoutTrailingSlash(httpUrl),
    websocketUrl: withoutTrailingSlash(websocketUrl),
    ...listenerOriginOf(record, pageUrl),
  };
  if (authRecord['kind'] === 'local') {
    const tokenUrl = absolute(text(authRecord, 'tokenUrl', 'auth.'), pageUrl, 'auth.tokenUrl');
    return { ...base, auth: { kind: 'local', tokenUrl: tokenUrl.href } };
  }
  if (authRecord['kind'] === 'cognito') {
    return {
      ...base,
      auth: {
        kind: 'cognito',
        region: text(authRecord, 'region', 'auth.'),
        clientId: text(authRecord, 'clientId', 'auth.'),
      },
    };
  }
  throw invalid('"auth.kind" must be "local" or "cognito"');
}

/**
 * Fetches `/config.json` from the page's origin and validates it.
 *
 * @example
 * const config = await loadConfig();
 * new ListenerClient({ websocketUrl: config.websocketUrl });
 */
export async function loadConfig(
  options: { fetch?: typeof fetch; pageUrl?: string } = {},
): Promise<WebConfig> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const pageUrl = options.pageUrl ?? globalThis.location.href;
  const url = new URL('/config.json', pageUrl).href;
  let response: Response;
  try {
    response = await doFetch(url, { cache: 'no-store', credentials: 'omit' });
  } catch (cause) {
    throw new ConfigError(
      'CONFIG_UNREACHABLE',
      'The page could not reach its server. Check your connection and reload.',
      {
        cause,
      },
    );
  }
  if (!response.ok)
    throw new ConfigError(
      'CONFIG_UNREACHABLE',
      `The page's server answered ${response.status} for its configuration. Reload in a moment.`,
    );
  let raw: unknown;
  try {
    raw = await response.json();
  } catch (cause) {
    throw new ConfigError('CONFIG_INVALID', "The page's configuration (config.json) is not JSON.", { cause });
  }
  return parseConfig(raw, pageUrl);
}
