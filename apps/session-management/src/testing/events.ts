import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyWebsocketEventV2,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import type { ConnectEvent } from '../handlers/ws-connection';

const EPOCH = Date.UTC(2025, 0, 1, 9, 0, 0);

/** An HTTP API (payload v2) event with only what a test cares about set. */
export function httpEvent(options: {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
  sessionId?: string;
  requestId?: string;
}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'jest',
      },
      requestId: options.requestId ?? 'http-req-1',
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: new Date(EPOCH).toISOString(),
      timeEpoch: EPOCH,
    },
    ...(options.sessionId !== undefined ? { pathParameters: { id: options.sessionId } } : {}),
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
    isBase64Encoded: false,
  };
}

/** A WebSocket (payload v2) event for one route of one connection. */
export function websocketEvent(options: {
  connectionId: string;
  routeKey?: string;
  eventType?: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  body?: string;
  isBase64Encoded?: boolean;
  requestId?: string;
}): APIGatewayProxyWebsocketEventV2 {
  return {
    requestContext: {
      routeKey: options.routeKey ?? '$default',
      messageId: 'msg-1',
      eventType: options.eventType ?? 'MESSAGE',
      extendedRequestId: 'ext-1',
      requestTime: new Date(EPOCH).toISOString(),
      messageDirection: 'IN',
      stage: 'test',
      connectedAt: EPOCH,
      requestTimeEpoch: EPOCH,
      requestId: options.requestId ?? 'gw-req-1',
      domainName: 'ws.example.test',
      connectionId: options.connectionId,
      apiId: 'ws-api',
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** A `$connect` event with the query string and the authorizer's context. */
export function connectEvent(options: {
  connectionId: string;
  query?: Record<string, string>;
  authorizer?: Record<string, unknown>;
  requestId?: string;
}): ConnectEvent {
  const base = websocketEvent({
    connectionId: options.connectionId,
    routeKey: '$connect',
    eventType: 'CONNECT',
    requestId: options.requestId ?? 'connect-req',
  });
  return {
    ...base,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: { ...base.requestContext, authorizer: options.authorizer ?? null },
  };
}

/** The REQUEST authorizer event API Gateway sends for `$connect`. */
export function authorizerEvent(query: Record<string, string> | null): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:ws-api/test/$connect',
    resource: '$connect',
    path: '/',
    httpMethod: 'GET',
    headers: null,
    multiValueHeaders: null,
    pathParameters: null,
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'ws-api',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '192.0.2.1',
        user: null,
        userAgent: 'jest',
        userArn: null,
      },
      path: '/',
      stage: 'test',
      requestId: 'auth-req-1',
      requestTimeEpoch: EPOCH,
      resourceId: 'r',
      resourcePath: '/',
    },
  };
}
