import {
  apiAccessLogs,
  apiAlarms,
  importedWebsocketManagementEndpoint,
  postToStageWebsocketStatement,
  stageThrottling,
  websocketApiIdOutputs,
  websocketConnectionsArn,
  websocketManagementEndpointExportName,
} from './apis';

describe('apiAccessLogs', () => {
  it('turns on JSON access logs without connection ids or addresses, and WebSocket execution logs off', () => {
    // Act
    const { logs } = apiAccessLogs({ http: true, websocket: true }) as {
      logs: { httpApi: { format: string }; websocket: Record<string, unknown>; restApi: unknown };
    };

    // Assess
    const httpLine = JSON.parse(logs.httpApi.format.replace('$context.status', '429')) as Record<
      string,
      unknown
    >;
    expect(httpLine).toMatchObject({
      status: 429,
      errorType: '$context.error.responseType',
      apiId: '$context.apiId',
    });
    expect(logs.websocket).toMatchObject({
      accessLogging: true,
      executionLogging: false,
      fullExecutionData: false,
    });
    expect(String(logs.websocket['format'])).not.toMatch(/connectionId|sourceIp/);
    expect(logs.httpApi.format).not.toMatch(/connectionId|sourceIp/);
    expect(logs.restApi).toEqual({ roleManagedExternally: true });
  });

  it('leaves out the API that is not asked for', () => {
    // Assess
    expect(apiAccessLogs({ http: false, websocket: false })).toEqual({ logs: {} });
  });
});

describe('stageThrottling', () => {
  it('sets default route throttling on the generated stages', () => {
    // Act
    const extensions = stageThrottling({
      http: { rateLimit: 1, burstLimit: 2 },
      websocket: { rateLimit: 3, burstLimit: 4 },
    });

    // Assess
    expect(extensions).toEqual({
      HttpApiStage: {
        Properties: { DefaultRouteSettings: { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 } },
      },
      WebsocketsDeploymentStage: {
        Properties: {
          DefaultRouteSettings: {
            DataTraceEnabled: false,
            LoggingLevel: 'OFF',
            ThrottlingRateLimit: 3,
            ThrottlingBurstLimit: 4,
          },
        },
      },
    });
    expect(stageThrottling({})).toEqual({});
  });
});

describe('apiAlarms', () => {
  it('counts gateway throttles from the access logs and alarms on them and on server errors', () => {
    // Act
    const resources = apiAlarms('dev');

    // Assess
    expect(resources['HttpApiThrottleMetricFilter']?.Properties).toMatchObject({
      LogGroupName: { Ref: 'HttpApiLogGroup' },
      FilterPattern: '{ $.status = 429 && $.errorType = "THROTTLED" }',
      MetricTransformations: [
        { MetricName: 'HttpApiThrottledRequests', Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }] },
      ],
    });
    expect(resources['WebSocketThrottlesAlarm']?.Properties).toMatchObject({
      MetricName: 'WebSocketThrottledRequests',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: 'WebsocketsApi' } }],
    });
    expect(resources['WebSocketExecutionErrorsAlarm']?.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Dimensions: [
        { Name: 'ApiId', Value: { Ref: 'WebsocketsApi' } },
        { Name: 'Stage', Value: 'dev' },
      ],
    });
    expect(resources['HttpApi5xxAlarm']?.Properties).toMatchObject({ MetricName: '5xx' });
  });
});

describe('websocketConnectionsArn and websocketApiIdOutputs', () => {
  it("names this stage's connections of one API", () => {
    // Act
    const arn = websocketConnectionsArn({ Ref: 'WebsocketsApi' }, 'dev', 'POST');

    // Assess
    expect(arn).toEqual({
      'Fn::Sub': [
        'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/dev/POST/@connections/*',
        { ApiId: { Ref: 'WebsocketsApi' } },
      ],
    });
    expect(websocketApiIdOutputs('dev')).toEqual({
      WebSocketApiId: { Value: { Ref: 'WebsocketsApi' }, Export: { Name: 'lingocast-dev-websocket-api-id' } },
    });
  });
});

describe('importedWebsocketManagementEndpoint and postToStageWebsocketStatement', () => {
  it("imports the management endpoint by the name session-management's stack exports it under", () => {
    // Assess
    expect(websocketManagementEndpointExportName('dev')).toBe('lingocast-dev-websocket-management-endpoint');
    expect(importedWebsocketManagementEndpoint('dev')).toEqual({
      'Fn::ImportValue': 'lingocast-dev-websocket-management-endpoint',
    });
  });

  it("allows posting to this stage's connections of the imported WebSocket API, and nothing else", () => {
    // Assess
    expect(postToStageWebsocketStatement('prod')).toEqual({
      Effect: 'Allow',
      Action: ['execute-api:ManageConnections'],
      Resource: [
        websocketConnectionsArn({ 'Fn::ImportValue': 'lingocast-prod-websocket-api-id' }, 'prod', 'POST'),
      ],
    });
  });
});
