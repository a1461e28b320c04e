import { join } from 'node:path';
import {
  alarmNames,
  asyncInvokeProblems,
  iamStatements,
  MAX_ASYNC_EVENT_AGE_SECONDS,
  reservedConcurrencies,
} from '@lingocast/stack';
import {
  itPassesTheImportedTopicAudits,
  itPassesTheStackAudits,
  usePackagedTemplates,
} from '@lingocast/stack/testing';

const APP_DIR = join(__dirname, '..', '..');
/** Actions AWS authorises only on `Resource: "*"`, and why. */
const STAR_ONLY_ACTIONS = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
  'transcribe:StartStreamTranscription': 'Transcribe Streaming has no resource-level permissions',
};

const templates = usePackagedTemplates(APP_DIR);

describe('the packaged audio-transcription templates (dev and prod)', () => {
  itPassesTheStackAudits(templates, { minFunctions: 1 });
  itPassesTheImportedTopicAudits(templates, { appDir: APP_DIR, starOnlyActions: STAR_ONLY_ACTIONS });

  it('delete the audio tables with a dev stack and retain them with prod', () => {
    const { dev, prod } = templates;
    // Assess
    for (const table of ['AudioChunksTable', 'AudioStreamsTable']) {
      expect(dev.Resources[table]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      expect(prod.Resources[table]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });

  it('alarms on Lambda errors per function, the TRANSCRIPTION_FAILED rate, stale drops, throttles and the failure queue', () => {
    const { dev } = templates;
    // Act
    const names = alarmNames(dev);
    const rate = dev.Resources['TranscriptionFailureRateAlarm']?.Properties;

    // Assess
    expect(names.sort()).toEqual(
      [
        'lingocast-dev-audio-chunks-table-throttles',
        'lingocast-dev-audio-streams-table-throttles',
        'lingocast-dev-audio-transcription-failed-invocations-depth',
        'lingocast-dev-audio-transcription-ingestAudio-errors',
        'lingocast-dev-audio-transcription-stale-utterances',
        'lingocast-dev-audio-transcription-transcribeUtterance-errors',
        'lingocast-dev-transcription-failure-rate',
      ].sort(),
    );
    expect(rate).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(rate)).toContain('"MetricName":"TranscriptionFailures"');
    expect(JSON.stringify(rate)).toContain('"MetricName":"TranscriptionAttempts"');
  });

  it('sends failed or expired transcriptions and flushes to the failure queue within a bounded event age', () => {
    const { dev } = templates;
    // Act
    const problems = asyncInvokeProblems(
      dev,
      ['IngestAudioLambdaFunction', 'TranscribeUtteranceLambdaFunction'],
      MAX_ASYNC_EVENT_AGE_SECONDS,
    );
    const queueWriters = iamStatements(dev).filter((s) => s.actions.includes('sqs:SendMessage'));

    // Assess
    expect(problems).toEqual([]);
    expect(queueWriters.length).toBeGreaterThan(0);
    for (const statement of queueWriters)
      expect(statement.resources).toEqual([{ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] }]);
  });

  it('reserves no concurrency of its own (sendAudio and the fan-out have theirs)', () => {
    const { prod } = templates;
    // Assess
    expect(reservedConcurrencies(prod)).toEqual({});
  });
});
