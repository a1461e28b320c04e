import type { AlarmBase, CfnResource, MetricSpec, ThrottleWatchedTable } from './alarms';
import {
  APP_METRICS_NAMESPACE,
  importedAlarmTopicArn,
  lambdaErrorAlarms,
  metricAlarm,
  tableThrottleAlarms,
  withAlarmActions,
} from './alarms';
import { failureQueueResources } from './async-invoke';
import type { AppName } from './base-config';
import { serviceName } from './base-config';
import { appDashboard } from './dashboard';
import type { DeployedOperations } from './operations';

// What the apps that import the stage's alarm topic (audio-transcription, translation-pipeline) build
// alike; each app names its own functions, alarms, thresholds and tables.

/**
 * One of an app's own metrics (libs/logging's emitMetric publishes them with the dimension
 * `Service: <app>`), as an alarm watches it.
 *
 * @example
 * appMetric('translation-pipeline', 'EndToEndLatency', 'p95')
 */
export function appMetric(app: AppName, metricName: string, statistic = 'Sum'): MetricSpec {
  return { namespace: APP_METRICS_NAMESPACE, metricName, dimensions: { Service: app }, statistic };
}

/**
 * The alarm on utterances an app dropped for waiting longer than its budget (`StaleUtterancesDropped`
 * in 5 minutes): a backlog.
 *
 * @example
 * staleUtterancesAlarm('dev', 'audio-transcription', 'Claimed utterances waited too long…', 5)
 */
export function staleUtterancesAlarm(
  stage: string,
  app: AppName,
  description: string,
  threshold: number,
): Record<string, CfnResource> {
  const base: AlarmBase = { name: `${app}-stale-utterances`, description, threshold };
  return { StaleUtterancesAlarm: metricAlarm(stage, base, appMetric(app, 'StaleUtterancesDropped')) };
}

/** What an app that imports the stage's alarm topic alarms on, besides what every such app does. */
export interface ImportedTopicAlarmsSpec {
  app: AppName;
  /** Every function of the app: each gets an alarm on its Lambda errors. */
  functions: readonly string[];
  /** The app's own alarms (rates, latency, drops), by logical id. */
  alarms: Record<string, CfnResource>;
  /** The tables the app owns, with the operations sent to them (throttle alarms). */
  tables: readonly ThrottleWatchedTable[];
}

/**
 * An app's alarms with the stage's topic (imported from session-management's stack) as their action:
 * Lambda errors per function, the app's own alarms, throttling of its tables, and its failure queue
 * (with the alarm on its depth).
 *
 * @example
 * importedTopicAlarms('dev', { app: 'translation-pipeline', functions: ['translateUtterance'], alarms: {}, tables: [] })
 */
export function importedTopicAlarms(stage: string, spec: ImportedTopicAlarmsSpec): Record<string, unknown> {
  return withAlarmActions(
    {
      ...lambdaErrorAlarms(stage, serviceName(spec.app), spec.functions),
      ...spec.alarms,
      ...tableThrottleAlarms(stage, spec.tables),
      ...failureQueueResources(spec.app, stage),
    },
    importedAlarmTopicArn(stage),
  );
}

/**
 * What an app's deployed stack adds for operations when its alarms are all it has: the function
 * settings, the alarms (and the resources among them) and a dashboard that draws every alarm.
 *
 * @example
 * dashboardedOperations('dev', 'audio-transcription', alarms, { ingestAudio: asyncFunctionSettings(1) })
 */
export function dashboardedOperations(
  stage: string,
  app: AppName,
  alarms: Record<string, unknown>,
  functions: Record<string, Record<string, unknown>>,
): DeployedOperations {
  return { functions, resources: { ...alarms, ...appDashboard(stage, app, alarms) } };
}
