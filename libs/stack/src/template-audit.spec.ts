import type { AuditedTemplate } from './template-audit';
import {
  AWS_PUBLISHED_METRICS,
  alarmProblems,
  arnText,
  asyncInvokeProblems,
  iamStatements,
  iamWildcardProblems,
  reservedConcurrencies,
} from './template-audit';

const TOPIC = [{ Ref: 'AlarmTopic' }];

function alarm(properties: Record<string, unknown>) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmActions: TOPIC, OKActions: TOPIC, ...properties },
  };
}

function role(statements: unknown[]) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] },
  };
}

describe('alarmProblems', () => {
  const app = [{ namespace: 'LingoCast', name: 'EndToEndLatency', dimensionSets: [['Service']] }];

  it('accepts alarms with actions on metrics published with their exact dimensions', () => {
    // Prepare
    const template: AuditedTemplate = {
      Resources: {
        Latency: alarm({
          Namespace: 'LingoCast',
          MetricName: 'EndToEndLatency',
          Dimensions: [{ Name: 'Service', Value: 'x' }],
        }),
        Throttles: alarm({
          Metrics: [
            {
              Id: 'a',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/DynamoDB',
                  MetricName: 'ThrottledRequests',
                  Dimensions: [
                    { Name: 'Operation', Value: 'GetItem' },
                    { Name: 'TableName', Value: 't' },
                  ],
                },
              },
            },
            { Id: 'value', Expression: 'SUM([a])' },
          ],
        }),
      },
    };

    // Assess
    expect(alarmProblems(template, [...AWS_PUBLISHED_METRICS, ...app])).toEqual([]);
  });

  it('finds an alarm nobody hears, one on a metric with too few dimensions, and one on a metric never published', () => {
    // Prepare
    const template: AuditedTemplate = {
      Resources: {
        Silent: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Namespace: 'LingoCast',
            MetricName: 'EndToEndLatency',
            Dimensions: [{ Name: 'Service', Value: 'x' }],
          },
        },
        TableOnly: alarm({
          Namespace: 'AWS/DynamoDB',
          MetricName: 'ThrottledRequests',
          Dimensions: [{ Name: 'TableName', Value: 't' }],
        }),
        Typo: alarm({ Namespace: 'LingoCast', MetricName: 'EndToEndLatencyMs', Dimensions: [] }),
        Nothing: alarm({}),
      },
    };

    // Act
    const problems = alarmProblems(template, [...AWS_PUBLISHED_METRICS, ...app]);

    // Assess
    expect(problems).toEqual([
      { path: 'Resources.Silent', problem: 'no AlarmActions' },
      { path: 'Resources.Silent', problem: 'no OKActions' },
      {
        path: 'Resources.TableOnly',
        problem: 'AWS/DynamoDB/ThrottledRequests is not published with dimensions [TableName]',
      },
      { path: 'Resources.Typo', problem: 'LingoCast/EndToEndLatencyMs is never published' },
      { path: 'Resources.Nothing', problem: 'watches no metric' },
    ]);
  });

  it("counts the template's own log metric filters as published", () => {
    // Prepare
    const template: AuditedTemplate = {
      Resources: {
        Filter: {
          Type: 'AWS::Logs::MetricFilter',
          Properties: {
            MetricTransformations: [
              {
                MetricNamespace: 'LingoCast',
                MetricName: 'Throttled',
                Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }],
              },
            ],
          },
        },
        Throttled: alarm({
          Namespace: 'LingoCast',
          MetricName: 'Throttled',
          Dimensions: [{ Name: 'ApiId', Value: 'x' }],
        }),
        NoDimensions: {
          Type: 'AWS::Logs::MetricFilter',
          Properties: { MetricTransformations: [{ MetricNamespace: 'LingoCast', MetricName: 'Plain' }] },
        },
        Plain: alarm({ Namespace: 'LingoCast', MetricName: 'Plain' }),
      },
    };

    // Assess
    expect(alarmProblems(template, [])).toEqual([]);
  });
});

describe('arnText', () => {
  it('renders intrinsics as placeholders', () => {
    // Assess
    expect(arnText({ 'Fn::Sub': 'arn:aws:s3:::b' })).toBe('arn:aws:s3:::b');
    expect(arnText({ 'Fn::Sub': ['arn:${X}', { X: 1 }] })).toBe('arn:${X}');
    expect(arnText({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'sqs']] })).toBe(
      'arn:${AWS::Partition}:sqs',
    );
    expect(arnText({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('${Queue.Arn}');
    expect(arnText({ 'Fn::ImportValue': 'x' })).toBe('${Import:x}');
    expect(arnText({ Other: 1 })).toBe('{"Other":1}');
    expect(arnText(7)).toBe('7');
  });
});

describe('iamWildcardProblems', () => {
  it('accepts scoped ARNs, stack references and "*" for the actions named', () => {
    // Prepare
    const template: AuditedTemplate = {
      Resources: {
        Role: role([
          { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
          {
            Effect: 'Allow',
            Action: ['execute-api:ManageConnections'],
            Resource: [
              {
                'Fn::Sub':
                  'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebsocketsApi}/dev/*/@connections/*',
              },
            ],
          },
          { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['Queue', 'Arn'] }] },
          { Effect: 'Deny', Action: ['s3:*'], Resource: '*' },
        ]),
      },
    };

    // Assess
    expect(
      iamWildcardProblems(template, { 'xray:PutTraceSegments': 'no resource-level permissions' }),
    ).toEqual([]);
  });

  it('finds "*" for other actions and wildcard accounts, regions, APIs and stages', () => {
    // Prepare
    const template: AuditedTemplate = {
      Resources: {
        Role: role([
          { Effect: 'Allow', Action: ['dynamodb:Scan'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: ['execute-api:ManageConnections'],
            Resource: 'arn:aws:execute-api:*:*:*/@connections/*',
          },
          {
            Effect: 'Allow',
            Action: ['execute-api:ManageConnections'],
            Resource: 'arn:aws:execute-api:${AWS::Region}:1:abc/*/POST/@connections/*',
          },
          { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'bucket/*' },
        ]),
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] },
          },
        },
      },
    };

    // Act
    const problems = iamWildcardProblems(template, {}).map((p) => p.problem);

    // Assess
    expect(problems).toEqual([
      'Resource "*" for dynamodb:Scan',
      'wildcard region in arn:aws:execute-api:*:*:*/@connections/*',
      'wildcard account in arn:aws:execute-api:*:*:*/@connections/*',
      'wildcard API in arn:aws:execute-api:*:*:*/@connections/*',
      'wildcard stage in arn:aws:execute-api:*:*:*/@connections/*',
      'wildcard stage in arn:aws:execute-api:${AWS::Region}:1:abc/*/POST/@connections/*',
      'not an ARN: bucket/*',
      'Resource "*" for sns:Publish',
    ]);
    expect(iamStatements(template)).toHaveLength(5);
  });
});

describe('asyncInvokeProblems and reservedConcurrencies', () => {
  const template: AuditedTemplate = {
    Resources: {
      GoodLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 10 } },
      BareLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
      LateLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
      GoodEvConf: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: 'GoodLambdaFunction' },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
          MaximumEventAgeInSeconds: 60,
          MaximumRetryAttempts: 0,
        },
      },
      LateEvConf: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: { Ref: 'LateLambdaFunction' } },
      },
    },
  };

  it('finds asynchronous functions without a destination, with a long event age or too many retries', () => {
    // Act
    const problems = asyncInvokeProblems(
      template,
      ['GoodLambdaFunction', 'BareLambdaFunction', 'LateLambdaFunction', 'GoneLambdaFunction'],
      60,
    );

    // Assess
    expect(problems).toEqual([
      {
        path: 'Resources.BareLambdaFunction',
        problem: 'no EventInvokeConfig (no destination, six-hour event age, two retries)',
      },
      { path: 'Resources.LateLambdaFunction', problem: 'no on-failure destination' },
      { path: 'Resources.LateLambdaFunction', problem: 'event age 21600 s > 60 s' },
      { path: 'Resources.LateLambdaFunction', problem: '2 retries > 1' },
      { path: 'Resources.GoneLambdaFunction', problem: 'no such function' },
    ]);
  });

  it('lists the reserved concurrency of the functions that have one', () => {
    // Assess
    expect(reservedConcurrencies(template)).toEqual({ GoodLambdaFunction: 10 });
  });
});
