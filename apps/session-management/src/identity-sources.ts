/**
 * The `$connect` authorizer's identity sources. API Gateway answers 401 without calling the
 * authorizer when any of them is missing or empty, so they may name only what every client sends:
 * speakers send `?sessionId=…&token=…`, listeners `?sessionId=…&targetLanguage=…` and no token.
 * WebSocket APIs cache no authorizer results (AuthorizerResultTtlInSeconds is for HTTP APIs only),
 * so these are not a cache key either. serverless.config.ts configures them; the local stage checks
 * them (`localAuthorizeConnection`), as serverless-offline does not.
 */
export const CONNECT_IDENTITY_SOURCES: readonly string[] = ['route.request.querystring.sessionId'];

/** The parts of a `$connect` request an identity source can name. */
export interface IdentityRequest {
  queryStringParameters?: Record<string, string | undefined> | null;
  headers?: Record<string, string | undefined> | null;
}

const QUERY_PREFIX = 'route.request.querystring.';
const HEADER_PREFIX = 'route.request.header.';

/** The value an identity source names in a request; header names match case-insensitively. */
function valueOf(source: string, request: IdentityRequest): string | undefined {
  if (source.startsWith(QUERY_PREFIX)) {
    return request.queryStringParameters?.[source.slice(QUERY_PREFIX.length)];
  }
  if (source.startsWith(HEADER_PREFIX)) {
    const name = source.slice(HEADER_PREFIX.length).toLowerCase();
    const headers = request.headers ?? {};
    const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
    return key === undefined ? undefined : headers[key];
  }
  throw new Error(`identity source '${source}' is not a query string parameter or header`);
}

/**
 * The identity sources a request lacks (missing or empty), as API Gateway checks them before it
 * calls a REQUEST authorizer.
 *
 * @example
 * missingIdentitySources(['route.request.querystring.sessionId'], { queryStringParameters: {} });
 * // ['route.request.querystring.sessionId']
 */
export function missingIdentitySources(sources: readonly string[], request: IdentityRequest): string[] {
  return sources.filter((source) => {
    const value = valueOf(source, request);
    return value === undefined || value === '';
  });
}
