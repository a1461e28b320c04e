import type { CfnResource } from './alarms';
import { metricAlarm } from './alarms';
import {
  appMetric,
  dashboardedOperations,
  importedTopicAlarms,
  staleUtterancesAlarm,
} from './app-operations';

const ownAlarm = metricAlarm(
  'dev',
  { name: 'own-alarm', description: 'one of the app’s own', threshold: 1 },
  appMetric('translation-pipeline', 'LanguageFailures'),
);

describe('appMetric', () => {
  it("watches an app's metric in the LingoCast namespace by its Service dimension, summed unless told", () => {
    // Assess
    expect(appMetric('audio-transcription', 'TranscriptionAttempts')).toEqual({
      namespace: 'LingoCast',
      metricName: 'TranscriptionAttempts',
      dimensions: { Service: 'audio-transcription' },
      statistic: 'Sum',
    });
    expect(appMetric('translation-pipeline', 'EndToEndLatency', 'p95').statistic).toBe('p95');
  });
});

describe('staleUtterancesAlarm', () => {
  it("alarms on the app's StaleUtterancesDropped at its threshold, named after the app", () => {
    // Act
    const { StaleUtterancesAlarm: alarm } = staleUtterancesAlarm(
      'dev',
      'audio-transcription',
      'a backlog',
      5,
    );

    // Assess
    expect(alarm?.Properties).toMatchObject({
      AlarmName: 'lingocast-dev-audio-transcription-stale-utterances',
      AlarmDescription: 'a backlog',
      Threshold: 5,
      MetricName: 'StaleUtterancesDropped',
      Dimensions: [{ Name: 'Service', Value: 'audio-transcription' }],
    });
  });
});

describe('importedTopicAlarms', () => {
  const alarms = importedTopicAlarms('dev', {
    app: 'translation-pipeline',
    functions: ['translateUtterance'],
    alarms: { OwnAlarm: ownAlarm },
    tables: [{ logicalId: 'CacheTable', tableName: 'lingocast-dev-cache', operations: ['GetItem'] }],
  });

  it('adds Lambda errors per function, throttles per table and the failure queue to its own, in that order', () => {
    // Assess
    expect(Object.keys(alarms)).toEqual([
      'TranslateUtteranceLambdaErrorsAlarm',
      'OwnAlarm',
      'CacheThrottleAlarm',
      'FailedInvocationsQueue',
      'FailedInvocationsQueueDepthAlarm',
    ]);
  });

  it("gives every alarm the stage's imported topic as action, and leaves the queue as it is", () => {
    // Act
    const resources = Object.values(alarms) as CfnResource[];
    const topic = [{ 'Fn::ImportValue': 'lingocast-dev-alarm-topic-arn' }];

    // Assess
    for (const resource of resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm'))
      expect(resource.Properties).toMatchObject({ AlarmActions: topic, OKActions: topic });
    expect((alarms['FailedInvocationsQueue'] as CfnResource).Properties['AlarmActions']).toBeUndefined();
  });
});

describe('dashboardedOperations', () => {
  it('deploys the alarms with a dashboard drawing them, and the function settings as given', () => {
    // Act
    const operations = dashboardedOperations(
      'dev',
      'translation-pipeline',
      { OwnAlarm: ownAlarm },
      { translateUtterance: { reservedConcurrency: 10 } },
    );
    const dashboard = operations.resources?.['Dashboard'] as CfnResource | undefined;

    // Assess
    expect(operations.functions).toEqual({ translateUtterance: { reservedConcurrency: 10 } });
    expect(operations.resources?.['OwnAlarm']).toBe(ownAlarm);
    expect(JSON.stringify(dashboard?.Properties)).toContain(':alarm:lingocast-dev-own-alarm');
  });
});
