import type { CfnResource } from './alarms';
import { queueDepthAlarm } from './alarms';

/** Logical id of an app's queue of failed asynchronous invocations. */
export const FAILURE_QUEUE_LOGICAL_ID = 'FailedInvocationsQueue';

/**
 * The shortest event age Lambda accepts (60 s): an asynchronous event still queued after it is sent
 * to the failure destination instead of running late. The code drops (and counts) utterances older
 * than its own, tighter budget.
 */
export const MAX_ASYNC_EVENT_AGE_SECONDS = 60;

/** Name of an app's failed-invocations queue. */
export function failureQueueName(app: string, stage: string): string {
  return `lingocast-${stage}-${app}-failed-invocations`;
}

/**
 * The app's on-failure queue (kept 14 days, encrypted) and an alarm on its depth.
 *
 * @example
 * resources: { ...failureQueueResources('translation-pipeline', 'dev') }
 */
export function failureQueueResources(app: string, stage: string): Record<string, CfnResource> {
  const queueName = failureQueueName(app, stage);
  return {
    [FAILURE_QUEUE_LOGICAL_ID]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: queueName,
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      },
    },
    ...queueDepthAlarm(stage, FAILURE_QUEUE_LOGICAL_ID, queueName),
  };
}

/** Function settings of an asynchronously invoked function (Serverless v3 function keys). */
export type AsyncFunctionSettings = {
  destinations: { onFailure: { type: 'sqs'; arn: unknown } };
  maximumEventAge: number;
  maximumRetryAttempts: number;
};

/**
 * Settings for a function invoked asynchronously: failures and expired events go to the app's
 * failure queue, events wait at most `MAX_ASYNC_EVENT_AGE_SECONDS`, and retries are bounded.
 * Serverless grants the function's role `sqs:SendMessage` on the queue.
 *
 * @example
 * functions: { translateUtterance: { handler: '…', ...asyncFunctionSettings(0) } }
 */
export function asyncFunctionSettings(maximumRetryAttempts: 0 | 1): AsyncFunctionSettings {
  return {
    destinations: {
      onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': [FAILURE_QUEUE_LOGICAL_ID, 'Arn'] } },
    },
    maximumEventAge: MAX_ASYNC_EVENT_AGE_SECONDS,
    maximumRetryAttempts,
  };
}
