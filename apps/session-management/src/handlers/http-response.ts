import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode } from '@lingocast/contract';
import { HTTP_STATUS_BY_CODE } from '@lingocast/contract';
import { logHandlerError } from '@lingocast/lambda';
import type { Logger } from '@lingocast/logging';

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** A JSON response. */
export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** An error response in the contract's shape: `{ error: { code, message, requestId } }`. */
export function errorResponse(code: ErrorCode, message: string, requestId: string, retryAfter?: number) {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return {
    statusCode: HTTP_STATUS_BY_CODE[code],
    headers,
    body: JSON.stringify({
      error: { code, message, requestId, ...(retryAfter !== undefined ? { retryAfter } : {}) },
    }),
  };
}

/** Maps anything a use case threw to a response; unexpected errors are logged and hidden. */
export function fromError(error: unknown, requestId: string, log: Logger): APIGatewayProxyStructuredResultV2 {
  const publicError = logHandlerError(log, error, 'unexpected error');
  return errorResponse(publicError.code, publicError.message, requestId, publicError.retryAfter);
}

/** The bearer token of a request, if any. */
export function bearerToken(headers: Record<string, string | undefined> | undefined): string | undefined {
  const value = headers?.['authorization'] ?? headers?.['Authorization'];
  const match = value?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
