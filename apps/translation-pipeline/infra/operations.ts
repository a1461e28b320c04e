import type { DeployedOperations } from '@lingocast/stack';
import {
  appMetric,
  asyncFunctionSettings,
  dashboardedOperations,
  importedTopicAlarms,
  metricAlarm,
  reservedConcurrency,
  staleUtterancesAlarm,
} from '@lingocast/stack';
import { TABLES, tableName } from '@lingocast/tables';

const APP = 'translation-pipeline';

/** Every function of translation-pipeline (keep in step with serverless.config.ts). */
export const TRANSLATION_PIPELINE_FUNCTIONS = ['translateUtterance', 'fanOutPartial'] as const;

/** End of speech → first translated audio sent, p95, in ms (REQUIREMENTS: latency p95 > 2 s). */
export const END_TO_END_LATENCY_P95_THRESHOLD_MS = 2000;
/** Languages that failed an utterance (translation, synthesis or fan-out) in 5 minutes. */
export const LANGUAGE_FAILURES_THRESHOLD = 5;
/** Utterances whose replay entry could not be written, in 5 minutes. */
export const REPLAY_RECORD_FAILURES_THRESHOLD = 5;
/** Utterances dropped for waiting longer than the budget, in 5 minutes. */
export const STALE_DROPS_THRESHOLD = 5;

/**
 * Alarms of translation-pipeline, with the stage's topic (imported from session-management) as
 * their action: Lambda errors, end-to-end latency p95, fan-out failures, replay records that failed,
 * stale utterances dropped, throttling of the translation cache and the replay window, and its
 * failure queue.
 *
 * @example
 * resources: { ...translationPipelineAlarms('dev') }
 */
export function translationPipelineAlarms(stage: string): Record<string, unknown> {
  return importedTopicAlarms(stage, {
    app: APP,
    functions: TRANSLATION_PIPELINE_FUNCTIONS,
    alarms: {
      EndToEndLatencyAlarm: metricAlarm(
        stage,
        {
          name: 'end-to-end-latency-p95',
          description:
            'Listeners hear the translation more than 2 s after the speaker stopped (p95, 2 × 5 min).',
          threshold: END_TO_END_LATENCY_P95_THRESHOLD_MS,
          comparison: 'GreaterThanThreshold',
          evaluationPeriods: 2,
        },
        appMetric(APP, 'EndToEndLatency', 'p95'),
      ),
      LanguageFailuresAlarm: metricAlarm(
        stage,
        {
          name: 'fan-out-failures',
          description:
            'Languages failed utterances (translation, synthesis or fan-out): their listeners missed them.',
          threshold: LANGUAGE_FAILURES_THRESHOLD,
        },
        appMetric(APP, 'LanguageFailures'),
      ),
      ReplayRecordFailuresAlarm: metricAlarm(
        stage,
        {
          name: 'replay-record-failures',
          description:
            'Utterances were delivered live but not kept for replay: a listener who drops now loses them.',
          threshold: REPLAY_RECORD_FAILURES_THRESHOLD,
        },
        appMetric(APP, 'ReplayRecordFailed'),
      ),
      ...staleUtterancesAlarm(
        stage,
        APP,
        'Transcribed utterances waited too long for translation and were dropped (a backlog).',
        STALE_DROPS_THRESHOLD,
      ),
    },
    tables: [
      {
        logicalId: TABLES.translationCache.logicalId,
        tableName: tableName('translationCache', stage),
        operations: ['GetItem', 'PutItem'],
      },
      {
        logicalId: TABLES.replayWindow.logicalId,
        tableName: tableName('replayWindow', stage),
        operations: ['PutItem', 'UpdateItem', 'Query'],
      },
    ],
  });
}

/**
 * What translation-pipeline's deployed stack adds for operations: alarms with actions, the fan-out's
 * reserved concurrency, a failure queue and bounded event age for both functions (no retries: a
 * retried utterance would be late and could be spoken twice, a retried partial would only be late),
 * and a dashboard.
 *
 * @example
 * export default withOperations(baseServerlessConfig({ … }), translationPipelineOperations(stage));
 */
export function translationPipelineOperations(stage: string): DeployedOperations {
  return dashboardedOperations(stage, APP, translationPipelineAlarms(stage), {
    translateUtterance: {
      ...asyncFunctionSettings(0),
      reservedConcurrency: reservedConcurrency(stage, 'fanOut'),
    },
    // No reservation: a partial is small and replaced a third of a second later; one throttled, then
    // older than STALE_PARTIAL_AFTER_MS, is dropped by the handler.
    fanOutPartial: asyncFunctionSettings(0),
  });
}
