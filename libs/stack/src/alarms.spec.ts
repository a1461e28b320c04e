import {
  alarmTopicOutputs,
  alarmTopicResources,
  importedAlarmTopicArn,
  lambdaErrorAlarms,
  mathAlarm,
  metricAlarm,
  queueDepthAlarm,
  tableThrottleAlarms,
  withAlarmActions,
} from './alarms';

describe('alarmTopicResources', () => {
  it('makes the stage topic with an e-mail subscription when an address is given', () => {
    // Act
    const resources = alarmTopicResources('prod', 'oncall@example.org');

    // Assess
    expect(resources['AlarmTopic']?.Properties).toMatchObject({ TopicName: 'lingocast-prod-alarms' });
    expect(resources['AlarmTopicEmailSubscription']?.Properties).toEqual({
      TopicArn: { Ref: 'AlarmTopic' },
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
    });
  });

  it('makes the topic alone without an address', () => {
    // Assess
    expect(Object.keys(alarmTopicResources('dev', undefined))).toEqual(['AlarmTopic']);
  });

  it('refuses an address that is not one, with a code', () => {
    // Assess
    expect(() => alarmTopicResources('dev', 'oncall')).toThrow(/^ALARM_EMAIL_INVALID: "oncall"/);
  });

  it('exports the topic for the other apps, which import it by the same name', () => {
    // Assess
    expect(alarmTopicOutputs('dev')).toEqual({
      AlarmTopicArn: { Value: { Ref: 'AlarmTopic' }, Export: { Name: 'lingocast-dev-alarm-topic-arn' } },
    });
    expect(importedAlarmTopicArn('dev')).toEqual({ 'Fn::ImportValue': 'lingocast-dev-alarm-topic-arn' });
  });
});

describe('withAlarmActions', () => {
  it('sets alarm and OK actions on alarms and leaves other resources alone', () => {
    // Prepare
    const queue = { Type: 'AWS::SQS::Queue', Properties: {} };
    const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'a' } };

    // Act
    const resources = withAlarmActions({ Queue: queue, Alarm: alarm }, { Ref: 'AlarmTopic' });

    // Assess
    expect(resources['Queue']).toBe(queue);
    expect(resources['Alarm']).toEqual({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: 'a',
        AlarmActions: [{ Ref: 'AlarmTopic' }],
        OKActions: [{ Ref: 'AlarmTopic' }],
      },
    });
  });
});

describe('metricAlarm and mathAlarm', () => {
  const base = { name: 'x', description: 'x happened', threshold: 3 };

  it('uses ExtendedStatistic for a percentile and Statistic otherwise', () => {
    // Act
    const p95 = metricAlarm('dev', base, {
      namespace: 'N',
      metricName: 'M',
      dimensions: { A: 'a' },
      statistic: 'p95',
    });
    const sum = metricAlarm('dev', base, {
      namespace: 'N',
      metricName: 'M',
      dimensions: {},
      statistic: 'Sum',
      period: 60,
    });

    // Assess
    expect(p95.Properties).toMatchObject({
      AlarmName: 'lingocast-dev-x',
      ExtendedStatistic: 'p95',
      Dimensions: [{ Name: 'A', Value: 'a' }],
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(p95.Properties).not.toHaveProperty('Statistic');
    expect(sum.Properties).toMatchObject({ Statistic: 'Sum', Period: 60 });
  });

  it('returns only the expression from a math alarm, over metrics named by id', () => {
    // Act
    const alarm = mathAlarm('dev', base, 'a + b', {
      a: { namespace: 'N', metricName: 'A', dimensions: {}, statistic: 'Sum' },
      b: { namespace: 'N', metricName: 'B', dimensions: {}, statistic: 'Sum', period: 60 },
    });

    // Assess
    expect(alarm.Properties['Metrics']).toEqual([
      expect.objectContaining({
        Id: 'a',
        ReturnData: false,
        MetricStat: expect.objectContaining({ Period: 300 }),
      }),
      expect.objectContaining({
        Id: 'b',
        ReturnData: false,
        MetricStat: expect.objectContaining({ Period: 60 }),
      }),
      { Id: 'value', Expression: 'a + b', Label: 'x', ReturnData: true },
    ]);
  });
});

describe('lambdaErrorAlarms', () => {
  it('alarms per function on Errors with the FunctionName Serverless gives it', () => {
    // Act
    const alarms = lambdaErrorAlarms('dev', 'lingocast-audio-transcription', ['ingestAudio']);

    // Assess
    expect(alarms['IngestAudioLambdaErrorsAlarm']?.Properties).toMatchObject({
      AlarmName: 'lingocast-dev-audio-transcription-ingestAudio-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'lingocast-audio-transcription-dev-ingestAudio' }],
      Threshold: 5,
    });
  });
});

describe('tableThrottleAlarms', () => {
  it('sums ThrottledRequests over each operation, with TableName and Operation as CloudWatch publishes it', () => {
    // Act
    const alarms = tableThrottleAlarms('dev', [
      {
        logicalId: 'SessionsTable',
        tableName: 'lingocast-dev-sessions',
        operations: ['GetItem', 'TransactWriteItems'],
      },
    ]);

    // Assess
    const metrics = alarms['SessionsThrottleAlarm']?.Properties['Metrics'] as Array<Record<string, unknown>>;
    expect(alarms['SessionsThrottleAlarm']?.Properties['AlarmName']).toBe(
      'lingocast-dev-sessions-table-throttles',
    );
    expect(metrics.map((m) => m['Id'])).toEqual(['getItem', 'transactWriteItems', 'value']);
    expect(metrics[1]?.['MetricStat']).toMatchObject({
      Metric: {
        Namespace: 'AWS/DynamoDB',
        MetricName: 'ThrottledRequests',
        Dimensions: [
          { Name: 'TableName', Value: 'lingocast-dev-sessions' },
          { Name: 'Operation', Value: 'TransactWriteItems' },
        ],
      },
      Stat: 'Sum',
    });
    expect(metrics[2]).toMatchObject({ Expression: 'SUM([getItem, transactWriteItems])' });
  });

  it('refuses a table without operations, or more than a math alarm can hold', () => {
    // Assess
    expect(() => tableThrottleAlarms('dev', [{ logicalId: 'T', tableName: 't', operations: [] }])).toThrow(
      'THROTTLE_ALARM_OPERATIONS',
    );
    expect(() =>
      tableThrottleAlarms('dev', [
        {
          logicalId: 'T',
          tableName: 't',
          operations: [
            'GetItem',
            'PutItem',
            'UpdateItem',
            'DeleteItem',
            'Query',
            'Scan',
            'BatchGetItem',
            'BatchWriteItem',
            'TransactWriteItems',
            'TransactGetItems',
          ],
        },
      ]),
    ).toThrow('THROTTLE_ALARM_OPERATIONS');
  });
});

describe('queueDepthAlarm', () => {
  it('fires on the first visible message of the queue', () => {
    // Act
    const alarm = queueDepthAlarm('dev', 'Queue', 'lingocast-dev-x-failed-invocations')['QueueDepthAlarm'];

    // Assess
    expect(alarm?.Properties).toMatchObject({
      AlarmName: 'lingocast-dev-x-failed-invocations-depth',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'lingocast-dev-x-failed-invocations' }],
      Threshold: 1,
    });
  });
});
