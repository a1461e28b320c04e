import { join } from 'node:path';
import type { AuditedTemplate } from '@lingocast/stack';
import {
  asyncInvokeProblems,
  iamStatements,
  iamWildcardProblems,
  MAX_ASYNC_EVENT_AGE_SECONDS,
  reservedConcurrencies,
  resourcesOfType,
} from '@lingocast/stack';
import {
  alarmMetricProblems,
  dashboardBody,
  itPassesTheStackAudits,
  TRACING_STAR_ONLY_ACTIONS,
  usePackagedTemplates,
} from '@lingocast/stack/testing';

const APP_DIR = join(__dirname, '..', '..');
/** Actions AWS authorises only on `Resource: "*"`, and why. */
const STAR_ONLY_ACTIONS = TRACING_STAR_ONLY_ACTIONS;
/** Functions invoked asynchronously: connectionReady by $connect, sweepConnections by EventBridge. */
const ASYNC_FUNCTIONS = ['ConnectionReadyLambdaFunction', 'SweepConnectionsLambdaFunction'];

const templates = usePackagedTemplates(APP_DIR, {
  dev: { env: { ALARM_EMAIL: '' } },
  prod: { args: ['--param', 'alarmEmail=oncall@example.org'] },
});

describe('the packaged session-management templates (dev and prod)', () => {
  itPassesTheStackAudits(templates, { minFunctions: 13 });

  it('delete the tables and the user pool with a dev stack and retain them with prod', () => {
    const { dev, prod } = templates;
    // Act
    const stateful = (template: AuditedTemplate) => [
      ...resourcesOfType(template, 'AWS::DynamoDB::Table'),
      ...resourcesOfType(template, 'AWS::Cognito::UserPool'),
    ];

    // Assess
    expect(stateful(dev)).toHaveLength(4);
    for (const [, resource] of stateful(dev))
      expect(resource).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(stateful(prod)).toHaveLength(4);
    for (const [, resource] of stateful(prod))
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it("mails prod's alarms to the address given with --param alarmEmail, and makes dev's topic without one", () => {
    const { dev, prod } = templates;
    // Act
    const subscriptions = (template: AuditedTemplate) =>
      resourcesOfType(template, 'AWS::SNS::Subscription').map(([, resource]) => resource.Properties);

    // Assess
    expect(resourcesOfType(dev, 'AWS::SNS::Topic')).toHaveLength(1);
    expect(subscriptions(dev)).toEqual([]);
    expect(subscriptions(prod)).toEqual([
      { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'oncall@example.org' },
    ]);
  });

  it('gives every alarm actions and a metric published with the dimensions it watches', () => {
    const { dev, prod } = templates;
    // Act
    const problems = alarmMetricProblems(APP_DIR, [dev, prod]);

    // Assess
    expect(resourcesOfType(prod, 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('alarms on API Gateway 429s and 5xx of both APIs, and draws every alarm on a dashboard', () => {
    const { dev } = templates;
    // Act
    const names = resourcesOfType(dev, 'AWS::CloudWatch::Alarm').map(([, alarm]) =>
      String(alarm.Properties?.['AlarmName']),
    );
    const body = dashboardBody(dev);

    // Assess
    expect(names).toEqual(
      expect.arrayContaining([
        'lingocast-dev-http-api-throttled',
        'lingocast-dev-websocket-api-throttled',
        'lingocast-dev-http-api-5xx',
        'lingocast-dev-websocket-api-execution-errors',
        'lingocast-dev-websocket-api-integration-errors',
      ]),
    );
    for (const name of names) expect(body).toContain(`:alarm:${name}"`);
  });

  it('grants nothing on a wildcard account, region or API, and Resource "*" only where AWS requires it', () => {
    const { dev, prod } = templates;
    // Act
    const problems = [dev, prod].flatMap((template) => iamWildcardProblems(template, STAR_ONLY_ACTIONS));

    // Assess
    expect(problems).toEqual([]);
  });

  it('gives every function a role of its own, so the framework makes no shared role', () => {
    const { dev } = templates;
    // Act
    const functions = resourcesOfType(dev, 'AWS::Lambda::Function');

    // Assess
    expect(dev.Resources['IamRoleLambdaExecution']).toBeUndefined();
    expect(functions.length).toBeGreaterThanOrEqual(13);
    for (const [logicalId, fn] of functions)
      expect(fn.Properties?.['Role']).toEqual({
        'Fn::GetAtt': [logicalId.replace(/LambdaFunction$/, 'Role'), 'Arn'],
      });
  });

  it('lets only the sweeper scan, and the authorizer touch only the rate limits', () => {
    const { dev } = templates;
    // Act
    const statements = iamStatements(dev);
    const scanners = statements.filter((s) => s.actions.includes('dynamodb:Scan')).map((s) => s.path);
    const authorizer = statements.filter((s) => s.path.startsWith('Resources.WsAuthorizerRole.'));

    // Assess
    expect(scanners).toEqual([expect.stringMatching(/^Resources\.SweepConnectionsRole\./)]);
    expect(authorizer.flatMap((s) => s.actions).filter((a) => a.startsWith('dynamodb:'))).toEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(authorizer.flatMap((s) => s.resources))).toContain(
      'table/lingocast-dev-rate-limits"',
    );
    expect(dev.Resources['WsAuthorizerLambdaFunction']?.Properties?.['Role']).toEqual({
      'Fn::GetAtt': ['WsAuthorizerRole', 'Arn'],
    });
  });

  it('sends failed or expired asynchronous invocations to the failure queue within a bounded event age', () => {
    const { dev } = templates;
    // Act
    const problems = asyncInvokeProblems(dev, ASYNC_FUNCTIONS, MAX_ASYNC_EVENT_AGE_SECONDS);
    const queueWriters = iamStatements(dev)
      .filter((s) => s.actions.includes('sqs:SendMessage'))
      .map((s) => s.path.split('.')[1]);

    // Assess
    expect(problems).toEqual([]);
    expect(queueWriters.sort()).toEqual(['ConnectionReadyRole', 'SweepConnectionsRole']);
  });

  it('reserves concurrency for $connect and sendAudio, more on prod', () => {
    const { dev, prod } = templates;
    // Act
    const reserved = { dev: reservedConcurrencies(dev), prod: reservedConcurrencies(prod) };

    // Assess
    expect(reserved.dev).toEqual({ WsConnectLambdaFunction: 10, SendAudioLambdaFunction: 5 });
    expect(reserved.prod).toEqual({ WsConnectLambdaFunction: 200, SendAudioLambdaFunction: 100 });
  });

  it('throttles both API stages and writes their access logs', () => {
    const { dev } = templates;
    // Act
    const stages = resourcesOfType(dev, 'AWS::ApiGatewayV2::Stage').map(
      ([id, stage]) => [id, stage.Properties ?? {}] as const,
    );

    // Assess
    expect(stages.map(([id]) => id).sort()).toEqual(['HttpApiStage', 'WebsocketsDeploymentStage']);
    for (const [, properties] of stages) {
      expect(properties['DefaultRouteSettings']).toMatchObject({
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      });
      expect(properties['AccessLogSettings']).toMatchObject({
        Format: expect.stringContaining('$context.status'),
      });
    }
  });
});
