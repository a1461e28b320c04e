import { join } from 'node:path';
import { specification } from '@aws-cdk/cfnspec';
import type { AuditedTemplate, CfnSpecification } from '@lingocast/stack';
import {
  alarmProblems,
  asyncInvokeProblems,
  AWS_PUBLISHED_METRICS,
  checkTemplate,
  emittedMetrics,
  iamStatements,
  iamWildcardProblems,
  MAX_ASYNC_EVENT_AGE_SECONDS,
  packageServerlessApp,
  reservedConcurrencies,
  resourcesOfType,
  shippedSources,
} from '@lingocast/stack';

const APP_DIR = join(__dirname, '..', '..');
/** Actions AWS authorises only on `Resource: "*"`, and why. */
const STAR_ONLY_ACTIONS = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
};
/** Functions invoked asynchronously: connectionReady by $connect, sweepConnections by EventBridge. */
const ASYNC_FUNCTIONS = ['ConnectionReadyLambdaFunction', 'SweepConnectionsLambdaFunction'];

let dev: AuditedTemplate;
let prod: AuditedTemplate;

beforeAll(() => {
  dev = packageServerlessApp(APP_DIR, 'dev', { env: { ALARM_EMAIL: '' } });
  prod = packageServerlessApp(APP_DIR, 'prod', { args: ['--param', 'alarmEmail=oncall@example.org'] });
}, 240_000);

describe('the packaged session-management templates (dev and prod)', () => {
  it('are valid against the CloudFormation resource specification', () => {
    // Act
    const problems = [dev, prod].flatMap((template) =>
      checkTemplate(template, specification() as unknown as CfnSpecification),
    );

    // Assess
    expect(problems).toEqual([]);
  });

  it('delete the tables and the user pool with a dev stack and retain them with prod', () => {
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
    // Prepare
    const published = [...AWS_PUBLISHED_METRICS, ...emittedMetrics(shippedSources(join(APP_DIR, 'src')))];

    // Act
    const problems = [dev, prod].flatMap((template) => alarmProblems(template, published));

    // Assess
    expect(resourcesOfType(prod, 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('alarms on the errors of every function the template deploys', () => {
    // Act
    const functions = resourcesOfType(dev, 'AWS::Lambda::Function').map(
      ([, fn]) => fn.Properties?.['FunctionName'],
    );
    const watched = resourcesOfType(dev, 'AWS::CloudWatch::Alarm')
      .filter(([, alarm]) => alarm.Properties?.['Namespace'] === 'AWS/Lambda')
      .map(([, alarm]) => (alarm.Properties?.['Dimensions'] as Array<{ Value: unknown }>)[0]?.Value);

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(13);
    expect([...watched].sort()).toEqual([...functions].sort());
  });

  it('alarms on API Gateway 429s and 5xx of both APIs, and draws every alarm on a dashboard', () => {
    // Act
    const names = resourcesOfType(dev, 'AWS::CloudWatch::Alarm').map(([, alarm]) =>
      String(alarm.Properties?.['AlarmName']),
    );
    const [[, dashboard] = ['', undefined]] = resourcesOfType(dev, 'AWS::CloudWatch::Dashboard');
    const body = String((dashboard?.Properties?.['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']);

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
    // Act
    const problems = [dev, prod].flatMap((template) => iamWildcardProblems(template, STAR_ONLY_ACTIONS));

    // Assess
    expect(problems).toEqual([]);
  });

  it('gives every function a role of its own, so the framework makes no shared role', () => {
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
    // Act
    const reserved = { dev: reservedConcurrencies(dev), prod: reservedConcurrencies(prod) };

    // Assess
    expect(reserved.dev).toEqual({ WsConnectLambdaFunction: 10, SendAudioLambdaFunction: 5 });
    expect(reserved.prod).toEqual({ WsConnectLambdaFunction: 200, SendAudioLambdaFunction: 100 });
  });

  it('throttles both API stages and writes their access logs', () => {
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
