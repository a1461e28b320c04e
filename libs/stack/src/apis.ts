import type { CfnResource } from './alarms';
import { APP_METRICS_NAMESPACE, metricAlarm } from './alarms';

/** Logical ids Serverless v3 gives the APIs, their stages and their access log groups. */
export const HTTP_API = { api: 'HttpApi', stage: 'HttpApiStage', logGroup: 'HttpApiLogGroup' } as const;
export const WEBSOCKET_API = {
  api: 'WebsocketsApi',
  stage: 'WebsocketsDeploymentStage',
  logGroup: 'WebsocketsLogGroup',
} as const;

/** Steady rate and burst a stage's routes accept before API Gateway answers 429. */
export interface StageThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** Metrics the access-log metric filters publish (namespace LingoCast, dimension ApiId). */
export const API_THROTTLE_METRICS = {
  http: 'HttpApiThrottledRequests',
  websocket: 'WebSocketThrottledRequests',
} as const;

// No connection ids (they let anyone post to a socket) and no addresses (personal data) in access logs.
const HTTP_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  apiId: '$context.apiId',
  routeKey: '$context.routeKey',
  status: '$context.status',
  errorType: '$context.error.responseType',
  integrationError: '$context.integrationErrorMessage',
  latencyMs: '$context.responseLatency',
  time: '$context.requestTime',
}).replace('"$context.status"', '$context.status');

const WEBSOCKET_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  apiId: '$context.apiId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  errorType: '$context.error.responseType',
  error: '$context.error.messageString',
  integrationLatencyMs: '$context.integrationLatency',
  time: '$context.requestTime',
}).replace('"$context.status"', '$context.status');

/**
 * Provider settings that turn on access logs for both APIs (JSON lines). The WebSocket API's logs
 * need the account's API Gateway CloudWatch role, set once per account and region by hand
 * (docs/operations.md, first deploy): the framework's custom resource that would set it needs
 * `iam:*` on every role, so it is off (`roleManagedExternally`).
 *
 * @example
 * provider: { ...apiAccessLogs() }
 */
export function apiAccessLogs(options: { websocket: boolean; http: boolean }): Record<string, unknown> {
  return {
    logs: {
      ...(options.http ? { httpApi: { format: HTTP_ACCESS_LOG_FORMAT } } : {}),
      ...(options.websocket
        ? {
            // Execution logs off: full data traces would log tokens and audio.
            websocket: {
              accessLogging: true,
              executionLogging: false,
              fullExecutionData: false,
              format: WEBSOCKET_ACCESS_LOG_FORMAT,
            },
            restApi: { roleManagedExternally: true },
          }
        : {}),
    },
  };
}

/**
 * `resources.extensions` that set default route throttling on the generated API stages (Serverless v3
 * has no setting for it). The WebSocket stage keeps execution logging off.
 *
 * @example
 * extensions: stageThrottling({ http: { rateLimit: 200, burstLimit: 400 } })
 */
export function stageThrottling(limits: {
  http?: StageThrottle;
  websocket?: StageThrottle;
}): Record<string, unknown> {
  const routeSettings = (limit: StageThrottle) => ({
    ThrottlingRateLimit: limit.rateLimit,
    ThrottlingBurstLimit: limit.burstLimit,
  });
  return {
    ...(limits.http
      ? { [HTTP_API.stage]: { Properties: { DefaultRouteSettings: routeSettings(limits.http) } } }
      : {}),
    ...(limits.websocket
      ? {
          [WEBSOCKET_API.stage]: {
            Properties: {
              DefaultRouteSettings: {
                DataTraceEnabled: false,
                LoggingLevel: 'OFF',
                ...routeSettings(limits.websocket),
              },
            },
          },
        }
      : {}),
  };
}

function throttleFilter(logGroup: string, metricName: string): CfnResource {
  return {
    Type: 'AWS::Logs::MetricFilter',
    Properties: {
      LogGroupName: { Ref: logGroup },
      FilterPattern: '{ $.status = 429 && $.errorType = "THROTTLED" }',
      MetricTransformations: [
        {
          MetricNamespace: APP_METRICS_NAMESPACE,
          MetricName: metricName,
          MetricValue: '1',
          Unit: 'Count',
          Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }],
        },
      ],
    },
  };
}

/**
 * Alarms on both APIs: requests API Gateway refused with 429 (counted from the access logs, since
 * neither API publishes a throttle metric) and server errors (HTTP `5xx`; WebSocket `ExecutionError`
 * and `IntegrationError`, published per `ApiId` and `Stage`).
 *
 * @example
 * resources: { ...apiAlarms('dev') }
 */
export function apiAlarms(
  stage: string,
  thresholds = { throttled: 10, serverErrors: 5 },
): Record<string, CfnResource> {
  const httpApiId = { Ref: HTTP_API.api };
  const websocketApiId = { Ref: WEBSOCKET_API.api };
  const websocketDimensions = { ApiId: websocketApiId, Stage: stage };
  return {
    HttpApiThrottleMetricFilter: throttleFilter(HTTP_API.logGroup, API_THROTTLE_METRICS.http),
    WebSocketThrottleMetricFilter: throttleFilter(WEBSOCKET_API.logGroup, API_THROTTLE_METRICS.websocket),
    HttpApiThrottlesAlarm: metricAlarm(
      stage,
      {
        name: 'http-api-throttled',
        description: 'The HTTP API refused requests with 429 (stage or account throttling).',
        threshold: thresholds.throttled,
      },
      {
        namespace: APP_METRICS_NAMESPACE,
        metricName: API_THROTTLE_METRICS.http,
        dimensions: { ApiId: httpApiId },
        statistic: 'Sum',
      },
    ),
    WebSocketThrottlesAlarm: metricAlarm(
      stage,
      {
        name: 'websocket-api-throttled',
        description: 'The WebSocket API refused connects or messages with 429 (stage or account throttling).',
        threshold: thresholds.throttled,
      },
      {
        namespace: APP_METRICS_NAMESPACE,
        metricName: API_THROTTLE_METRICS.websocket,
        dimensions: { ApiId: websocketApiId },
        statistic: 'Sum',
      },
    ),
    HttpApi5xxAlarm: metricAlarm(
      stage,
      {
        name: 'http-api-5xx',
        description: 'The HTTP API answered with 5xx.',
        threshold: thresholds.serverErrors,
      },
      { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: httpApiId }, statistic: 'Sum' },
    ),
    WebSocketExecutionErrorsAlarm: metricAlarm(
      stage,
      {
        name: 'websocket-api-execution-errors',
        description: 'The WebSocket API failed to run routes (ExecutionError).',
        threshold: thresholds.serverErrors,
      },
      {
        namespace: 'AWS/ApiGateway',
        metricName: 'ExecutionError',
        dimensions: websocketDimensions,
        statistic: 'Sum',
      },
    ),
    WebSocketIntegrationErrorsAlarm: metricAlarm(
      stage,
      {
        name: 'websocket-api-integration-errors',
        description: 'Route integrations (Lambda) failed behind the WebSocket API (IntegrationError).',
        threshold: thresholds.serverErrors,
      },
      {
        namespace: 'AWS/ApiGateway',
        metricName: 'IntegrationError',
        dimensions: websocketDimensions,
        statistic: 'Sum',
      },
    ),
  };
}

/** The export other stacks import session-management's WebSocket API id by. */
export function websocketApiIdExportName(stage: string): string {
  return `lingocast-${stage}-websocket-api-id`;
}

/** The stack output that exports the WebSocket API id (session-management). */
export function websocketApiIdOutputs(stage: string): Record<string, unknown> {
  return {
    WebSocketApiId: { Value: { Ref: WEBSOCKET_API.api }, Export: { Name: websocketApiIdExportName(stage) } },
  };
}

/** The export other stacks import session-management's WebSocket management endpoint (`https://…/<stage>`) by. */
export function websocketManagementEndpointExportName(stage: string): string {
  return `lingocast-${stage}-websocket-management-endpoint`;
}

/** The stage's WebSocket management endpoint, imported from session-management's stack (deployed first). */
export function importedWebsocketManagementEndpoint(stage: string): unknown {
  return { 'Fn::ImportValue': websocketManagementEndpointExportName(stage) };
}

/**
 * The IAM statement of an app that sends to clients: `execute-api:ManageConnections` POST on this
 * stage's WebSocket API only (its id imported from session-management's stack).
 *
 * @example
 * iamStatements: [postToStageWebsocketStatement('dev'), …]
 */
export function postToStageWebsocketStatement(stage: string): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Action: ['execute-api:ManageConnections'],
    Resource: [
      websocketConnectionsArn({ 'Fn::ImportValue': websocketApiIdExportName(stage) }, stage, 'POST'),
    ],
  };
}

/**
 * ARN of this stage's `@connections` on one WebSocket API, for `execute-api:ManageConnections`:
 * `method` is `POST` (send), `DELETE` (close), `GET` (status) or `*` for all three.
 *
 * @example
 * websocketConnectionsArn({ Ref: 'WebsocketsApi' }, 'dev', '*')
 * websocketConnectionsArn({ 'Fn::ImportValue': websocketApiIdExportName('dev') }, 'dev', 'POST')
 */
export function websocketConnectionsArn(
  apiId: unknown,
  stage: string,
  method: 'POST' | 'DELETE' | 'GET' | '*',
): unknown {
  return {
    'Fn::Sub': [
      `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ApiId}/${stage}/${method}/@connections/*`,
      { ApiId: apiId },
    ],
  };
}
