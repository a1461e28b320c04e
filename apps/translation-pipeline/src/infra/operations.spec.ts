import { join } from 'node:path';
import { specification } from '@aws-cdk/cfnspec';
import type { AuditedTemplate, CfnSpecification } from '@lingocast/stack';
import {
  alarmNames,
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
  'translate:TranslateText': 'without a terminology, Translate authorises only "*"',
  'polly:SynthesizeSpeech': 'without a lexicon, Polly authorises only "*"',
};

let dev: AuditedTemplate;
let prod: AuditedTemplate;

beforeAll(() => {
  dev = packageServerlessApp(APP_DIR, 'dev');
  prod = packageServerlessApp(APP_DIR, 'prod');
}, 240_000);

describe('the packaged translation-pipeline templates (dev and prod)', () => {
  it('are valid against the CloudFormation resource specification', () => {
    // Act
    const problems = [dev, prod].flatMap((template) =>
      checkTemplate(template, specification() as unknown as CfnSpecification),
    );

    // Assess
    expect(problems).toEqual([]);
  });

  it('delete the translation cache with a dev stack and retain it with prod', () => {
    // Assess
    expect(dev.Resources['TranslationCacheTable']).toMatchObject({
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    expect(prod.Resources['TranslationCacheTable']).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('deletes the replay window with a dev stack and retains it with prod, expiring items by TTL', () => {
    // Assess
    expect(dev.Resources['ReplayWindowTable']).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: {
        TableName: 'lingocast-dev-replay-window',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      },
    });
    expect(prod.Resources['ReplayWindowTable']).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('may put, update and query the replay window, and nothing else on it', () => {
    // Act
    const onReplay = iamStatements(dev).filter((s) => JSON.stringify(s.resources).includes('replay-window'));

    // Assess
    expect(onReplay.flatMap((s) => s.actions).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it("gives every alarm the stage's topic as action and a metric published with the dimensions it watches", () => {
    // Prepare
    const published = [...AWS_PUBLISHED_METRICS, ...emittedMetrics(shippedSources(join(APP_DIR, 'src')))];

    // Act
    const problems = [dev, prod].flatMap((template) => alarmProblems(template, published));
    const actions = resourcesOfType(dev, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties?.['AlarmActions'],
    );

    // Assess
    expect(problems).toEqual([]);
    for (const action of actions)
      expect(action).toEqual([{ 'Fn::ImportValue': 'lingocast-dev-alarm-topic-arn' }]);
  });

  it('alarms on Lambda errors, end-to-end latency p95 over 2 s, fan-out failures, stale drops and the failure queue', () => {
    // Act
    const names = alarmNames(dev);
    const latency = dev.Resources['EndToEndLatencyAlarm']?.Properties;

    // Assess
    expect(names.sort()).toEqual(
      [
        'lingocast-dev-fan-out-failures',
        'lingocast-dev-translation-cache-table-throttles',
        'lingocast-dev-replay-window-table-throttles',
        'lingocast-dev-end-to-end-latency-p95',
        'lingocast-dev-translation-pipeline-failed-invocations-depth',
        'lingocast-dev-translation-pipeline-stale-utterances',
        'lingocast-dev-translation-pipeline-translateUtterance-errors',
      ].sort(),
    );
    expect(latency).toMatchObject({
      MetricName: 'EndToEndLatency',
      ExtendedStatistic: 'p95',
      Threshold: 2000,
    });
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
    expect(functions.length).toBeGreaterThan(0);
    expect([...watched].sort()).toEqual([...functions].sort());
  });

  it('draws every alarm on a dashboard', () => {
    // Act
    const [[, dashboard] = ['', undefined]] = resourcesOfType(dev, 'AWS::CloudWatch::Dashboard');
    const body = String((dashboard?.Properties?.['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']);

    // Assess
    for (const name of alarmNames(dev)) expect(body).toContain(`:alarm:${name}"`);
  });

  it('posts only to this stage\'s WebSocket API, and grants Resource "*" only where AWS requires it', () => {
    // Act
    const problems = [dev, prod].flatMap((template) => iamWildcardProblems(template, STAR_ONLY_ACTIONS));
    const [manage] = iamStatements(dev).filter((s) => s.actions.includes('execute-api:ManageConnections'));

    // Assess
    expect(problems).toEqual([]);
    expect(JSON.stringify(manage?.resources)).toContain('lingocast-dev-websocket-api-id');
    expect(JSON.stringify(manage?.resources)).toContain('}/dev/POST/@connections/*');
  });

  it('sends a failed or expired fan-out to the failure queue, never retried, within a bounded event age', () => {
    // Act
    const problems = asyncInvokeProblems(
      dev,
      ['TranslateUtteranceLambdaFunction'],
      MAX_ASYNC_EVENT_AGE_SECONDS,
    );
    const queueWriters = iamStatements(dev).filter((s) => s.actions.includes('sqs:SendMessage'));

    // Assess
    expect(problems).toEqual([]);
    expect(dev.Resources['TranslateUtteranceLambdaEvConf']?.Properties?.['MaximumRetryAttempts']).toBe(0);
    expect(queueWriters.length).toBeGreaterThan(0);
    for (const statement of queueWriters)
      expect(statement.resources).toEqual([{ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] }]);
  });

  it('reserves concurrency for the fan-out, more on prod', () => {
    // Assess
    expect(reservedConcurrencies(dev)).toEqual({ TranslateUtteranceLambdaFunction: 10 });
    expect(reservedConcurrencies(prod)).toEqual({ TranslateUtteranceLambdaFunction: 300 });
  });
});
