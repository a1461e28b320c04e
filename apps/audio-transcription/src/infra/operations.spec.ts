import { join } from 'node:path';
import { alarmNames, reservedConcurrencies } from '@lingocast/stack';
import {
  itPassesTheImportedTopicAudits,
  TRACING_STAR_ONLY_ACTIONS,
  usePackagedTemplates,
} from '@lingocast/stack/testing';

/** Actions AWS authorises only on `Resource: "*"`, and why. */
const STAR_ONLY_ACTIONS = {
  ...TRACING_STAR_ONLY_ACTIONS,
  'transcribe:StartStreamTranscription': 'Transcribe Streaming has no resource-level permissions',
};

const templates = usePackagedTemplates(join(__dirname, '..', '..'));

describe('the packaged audio-transcription templates (dev and prod)', () => {
  itPassesTheImportedTopicAudits(templates, {
    starOnlyActions: STAR_ONLY_ACTIONS,
    minFunctions: 1,
    // transcribeUtterance, and ingestAudio for its flushes.
    asyncFunctions: ['IngestAudioLambdaFunction', 'TranscribeUtteranceLambdaFunction'],
  });

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
        'lingocast-dev-audio-transcription-followAudio-errors',
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

  it('reserves no concurrency of its own (sendAudio and the fan-out have theirs)', () => {
    const { prod } = templates;
    // Assess
    expect(reservedConcurrencies(prod)).toEqual({});
  });
});
