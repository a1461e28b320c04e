import { join } from 'node:path';
import { alarmNames, iamStatements, reservedConcurrencies } from '@lingocast/stack';
import {
  itPassesTheImportedTopicAudits,
  TRACING_STAR_ONLY_ACTIONS,
  usePackagedTemplates,
} from '@lingocast/stack/testing';

/** Actions AWS authorises only on `Resource: "*"`, and why. */
const STAR_ONLY_ACTIONS = {
  ...TRACING_STAR_ONLY_ACTIONS,
  'translate:TranslateText': 'without a terminology, Translate authorises only "*"',
  'polly:SynthesizeSpeech': 'without a lexicon, Polly authorises only "*"',
};

const templates = usePackagedTemplates(join(__dirname, '..', '..'));

describe('the packaged translation-pipeline templates (dev and prod)', () => {
  itPassesTheImportedTopicAudits(templates, {
    starOnlyActions: STAR_ONLY_ACTIONS,
    minFunctions: 2,
    asyncFunctions: ['TranslateUtteranceLambdaFunction', 'FanOutPartialLambdaFunction'],
  });

  it('delete the translation cache with a dev stack and retain it with prod', () => {
    const { dev, prod } = templates;
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
    const { dev, prod } = templates;
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
    const { dev } = templates;
    // Act
    const onReplay = iamStatements(dev).filter((s) => JSON.stringify(s.resources).includes('replay-window'));

    // Assess
    expect(onReplay.flatMap((s) => s.actions).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('alarms on Lambda errors, end-to-end latency p95 over 2 s, fan-out failures, replay records lost, stale drops and the failure queue', () => {
    const { dev } = templates;
    // Act
    const names = alarmNames(dev);
    const latency = dev.Resources['EndToEndLatencyAlarm']?.Properties;

    // Assess
    expect(names.sort()).toEqual(
      [
        'lingocast-dev-fan-out-failures',
        'lingocast-dev-replay-record-failures',
        'lingocast-dev-translation-cache-table-throttles',
        'lingocast-dev-replay-window-table-throttles',
        'lingocast-dev-end-to-end-latency-p95',
        'lingocast-dev-translation-pipeline-failed-invocations-depth',
        'lingocast-dev-translation-pipeline-stale-utterances',
        'lingocast-dev-translation-pipeline-translateUtterance-errors',
        'lingocast-dev-translation-pipeline-fanOutPartial-errors',
      ].sort(),
    );
    expect(latency).toMatchObject({
      MetricName: 'EndToEndLatency',
      ExtendedStatistic: 'p95',
      Threshold: 2000,
    });
    expect(dev.Resources['ReplayRecordFailuresAlarm']?.Properties).toMatchObject({
      MetricName: 'ReplayRecordFailed',
      Threshold: 5,
    });
  });

  it('never retries a failed or expired fan-out, of an utterance or of a partial', () => {
    const { dev } = templates;
    // Assess
    expect(dev.Resources['TranslateUtteranceLambdaEvConf']?.Properties?.['MaximumRetryAttempts']).toBe(0);
    expect(dev.Resources['FanOutPartialLambdaEvConf']?.Properties?.['MaximumRetryAttempts']).toBe(0);
  });

  it('reserves concurrency for the fan-out, more on prod', () => {
    const { dev, prod } = templates;
    // Assess
    expect(reservedConcurrencies(dev)).toEqual({ TranslateUtteranceLambdaFunction: 10 });
    expect(reservedConcurrencies(prod)).toEqual({ TranslateUtteranceLambdaFunction: 300 });
  });
});
