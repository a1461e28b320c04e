import type { DeployedOperations } from '@lingocast/stack';
import {
  appMetric,
  asyncFunctionSettings,
  dashboardedOperations,
  importedTopicAlarms,
  mathAlarm,
  staleUtterancesAlarm,
} from '@lingocast/stack';
import { TABLES, tableName } from '@lingocast/tables';

const APP = 'audio-transcription';

/** Every function of audio-transcription (keep in step with serverless.config.ts). */
export const AUDIO_TRANSCRIPTION_FUNCTIONS = ['ingestAudio', 'transcribeUtterance', 'followAudio'] as const;

/** Failed transcriptions, in % of attempts over 5 minutes, that warrant a look (once there are 5 attempts). */
export const TRANSCRIPTION_FAILURE_RATE_THRESHOLD = 10;
/** Utterances dropped for waiting longer than the budget, in 5 minutes. */
export const STALE_DROPS_THRESHOLD = 5;

/**
 * Alarms of audio-transcription, with the stage's topic (imported from session-management) as their
 * action: Lambda errors per function, the TRANSCRIPTION_FAILED rate, stale utterances dropped,
 * throttling of its tables, and its failure queue.
 *
 * @example
 * resources: { ...audioTranscriptionAlarms('dev') }
 */
export function audioTranscriptionAlarms(stage: string): Record<string, unknown> {
  return importedTopicAlarms(stage, {
    app: APP,
    functions: AUDIO_TRANSCRIPTION_FUNCTIONS,
    alarms: {
      TranscriptionFailureRateAlarm: mathAlarm(
        stage,
        {
          name: 'transcription-failure-rate',
          description: `More than ${TRANSCRIPTION_FAILURE_RATE_THRESHOLD} % of utterances failed to transcribe (speakers got TRANSCRIPTION_FAILED; nothing was broadcast for them).`,
          threshold: TRANSCRIPTION_FAILURE_RATE_THRESHOLD,
          comparison: 'GreaterThanThreshold',
        },
        'IF(attempts >= 5, 100 * FILL(failures, 0) / attempts, 0)',
        {
          failures: appMetric(APP, 'TranscriptionFailures'),
          attempts: appMetric(APP, 'TranscriptionAttempts'),
        },
      ),
      ...staleUtterancesAlarm(
        stage,
        APP,
        'Claimed utterances waited too long for transcription and were dropped (a backlog).',
        STALE_DROPS_THRESHOLD,
      ),
    },
    tables: [
      {
        logicalId: TABLES.audioChunks.logicalId,
        tableName: tableName('audioChunks', stage),
        operations: ['PutItem', 'Query'],
      },
      {
        logicalId: TABLES.audioStreams.logicalId,
        tableName: tableName('audioStreams', stage),
        operations: ['GetItem', 'UpdateItem'],
      },
    ],
  });
}

/**
 * What audio-transcription's deployed stack adds for operations: alarms with actions, a failure queue
 * and bounded event age for its asynchronous invocations (transcribeUtterance, followAudio; ingestAudio's flushes),
 * and a dashboard.
 *
 * @example
 * export default withOperations(baseServerlessConfig({ … }), audioTranscriptionOperations(stage));
 */
export function audioTranscriptionOperations(stage: string): DeployedOperations {
  return dashboardedOperations(stage, APP, audioTranscriptionAlarms(stage), {
    // Chunks come synchronously; only flushes are asynchronous, and a flush can run twice.
    ingestAudio: asyncFunctionSettings(1),
    // Retry once on a crash; the claim already guarantees a single owner.
    transcribeUtterance: asyncFunctionSettings(1),
    // No retry: the next chunk (or flush) starts a new owner, which goes on from the cursor.
    followAudio: asyncFunctionSettings(0),
  });
}
