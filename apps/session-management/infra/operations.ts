import type { DeployedOperations } from '@lingocast/stack';
import {
  ALARM_TOPIC_LOGICAL_ID,
  alarmTopicOutputs,
  alarmTopicResources,
  apiAccessLogs,
  apiAlarms,
  appDashboard,
  asyncFunctionSettings,
  failureQueueResources,
  reservedConcurrency,
  stageThrottling,
  websocketApiIdOutputs,
  withAlarmActions,
} from '@lingocast/stack';
import type { AlarmOptions } from './alarms';
import { sessionManagementAlarms } from './alarms';
import { sessionManagementFunctionRoles, sessionManagementRoles } from './iam';

/**
 * Stage throttling of both APIs, below the account's 10,000 requests a second that the fan-out's
 * `@connections` posts share: the HTTP API serves page loads and session writes (a venue of 500 opening
 * the listener page within seconds fits the burst); the WebSocket API takes heartbeats, audio and
 * controls (100 sessions × 500 listeners heartbeating every 30 s is ~1,700 a second).
 */
export const STAGE_THROTTLING = {
  http: { rateLimit: 200, burstLimit: 500 },
  websocket: { rateLimit: 3000, burstLimit: 2000 },
} as const;

export interface OperationsOptions extends AlarmOptions {
  /** Where alarms are mailed (`--param alarmEmail=…` / ALARM_EMAIL); none → a topic without subscription. */
  alarmEmail: string | undefined;
}

type FunctionSettings = Record<string, Record<string, unknown>>;

function mergeSettings(a: FunctionSettings, b: FunctionSettings): FunctionSettings {
  const merged: FunctionSettings = { ...a };
  for (const [fn, settings] of Object.entries(b)) merged[fn] = { ...merged[fn], ...settings };
  return merged;
}

/**
 * What session-management's deployed stack adds for operations: the stage's alarm topic (exported for
 * the other apps), every alarm with actions, API alarms, access logs and stage throttling, a failure
 * queue for its asynchronous functions, reserved concurrency for `$connect` and `sendAudio`, roles of
 * their own for the functions that need less, and a dashboard.
 *
 * @example
 * export default withOperations(baseServerlessConfig({ … }), sessionManagementOperations(stage, options));
 */
export function sessionManagementOperations(stage: string, options: OperationsOptions): DeployedOperations {
  const alarms = withAlarmActions(
    {
      ...sessionManagementAlarms(stage, options),
      ...apiAlarms(stage),
      ...failureQueueResources('session-management', stage),
    },
    { Ref: ALARM_TOPIC_LOGICAL_ID },
  );
  return {
    provider: apiAccessLogs({ http: true, websocket: true }),
    extensions: stageThrottling(STAGE_THROTTLING),
    functions: mergeSettings(sessionManagementFunctionRoles(), {
      wsConnect: { reservedConcurrency: reservedConcurrency(stage, 'connect') },
      sendAudio: { reservedConcurrency: reservedConcurrency(stage, 'audio') },
      // Invoked asynchronously: by $connect (the greeting) and by EventBridge (every minute).
      connectionReady: asyncFunctionSettings(1),
      sweepConnections: asyncFunctionSettings(0),
    }),
    resources: {
      ...alarmTopicResources(stage, options.alarmEmail),
      ...alarms,
      ...appDashboard(stage, 'session-management', alarms),
      ...sessionManagementRoles(stage),
    },
    outputs: { ...alarmTopicOutputs(stage), ...websocketApiIdOutputs(stage) },
  };
}
