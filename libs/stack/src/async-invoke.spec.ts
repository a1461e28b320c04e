import { asyncFunctionSettings, failureQueueName, failureQueueResources } from './async-invoke';

describe('failureQueueResources', () => {
  it('makes an encrypted queue kept 14 days and an alarm on its depth', () => {
    // Act
    const resources = failureQueueResources('translation-pipeline', 'dev');

    // Assess
    expect(resources['FailedInvocationsQueue']).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'lingocast-dev-translation-pipeline-failed-invocations',
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
      },
    });
    expect(resources['FailedInvocationsQueueDepthAlarm']?.Properties).toMatchObject({
      Dimensions: [{ Name: 'QueueName', Value: failureQueueName('translation-pipeline', 'dev') }],
    });
  });
});

describe('asyncFunctionSettings', () => {
  it('sends failures to the queue, bounds the event age to 60 s and the retries as asked', () => {
    // Assess
    expect(asyncFunctionSettings(0)).toEqual({
      destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] } } },
      maximumEventAge: 60,
      maximumRetryAttempts: 0,
    });
    expect(asyncFunctionSettings(1).maximumRetryAttempts).toBe(1);
  });
});
