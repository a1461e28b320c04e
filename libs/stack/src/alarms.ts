import { METRICS_NAMESPACE } from '@lingocast/logging';

// CloudWatch alarms that tell someone: one SNS topic per stage (session-management's stack owns
// it, the other apps import it), and builders whose alarms watch metrics with the dimensions
// CloudWatch actually publishes.

/** Logical id of the stage's alarm topic in session-management's stack. */
export const ALARM_TOPIC_LOGICAL_ID = 'AlarmTopic';

/** Metric namespace of the apps' embedded-metric-format log lines (libs/logging emitMetric). */
export const APP_METRICS_NAMESPACE = METRICS_NAMESPACE;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A CloudFormation resource as the builders return it. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  [key: string]: unknown;
}

/** The export other stacks import the stage's alarm topic ARN by. */
export function alarmTopicExportName(stage: string): string {
  return `lingocast-${stage}-alarm-topic-arn`;
}

/** The stage's alarm topic ARN, imported from session-management's stack (deployed first). */
export function importedAlarmTopicArn(stage: string): unknown {
  return { 'Fn::ImportValue': alarmTopicExportName(stage) };
}

/**
 * The stage's alarm topic, with an e-mail subscription when an address is given (the address gets a
 * confirmation mail; until it is confirmed nothing is delivered). Without one the topic has no
 * subscriber: subscribe a pager or chat integration to it by hand (docs/operations.md).
 *
 * @example
 * resources: { ...alarmTopicResources('prod', 'oncall@example.org') }
 */
export function alarmTopicResources(stage: string, email: string | undefined): Record<string, CfnResource> {
  if (email !== undefined && !EMAIL.test(email))
    throw new Error(
      `ALARM_EMAIL_INVALID: "${email}" is not an e-mail address (--param alarmEmail=… / ALARM_EMAIL)`,
    );
  const topic: CfnResource = {
    Type: 'AWS::SNS::Topic',
    Properties: { TopicName: `lingocast-${stage}-alarms`, DisplayName: `LingoCast ${stage} alarms` },
  };
  if (email === undefined) return { [ALARM_TOPIC_LOGICAL_ID]: topic };
  return {
    [ALARM_TOPIC_LOGICAL_ID]: topic,
    AlarmTopicEmailSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: ALARM_TOPIC_LOGICAL_ID }, Protocol: 'email', Endpoint: email },
    },
  };
}

/** The stack output that exports the stage's alarm topic ARN. */
export function alarmTopicOutputs(stage: string): Record<string, unknown> {
  return {
    AlarmTopicArn: {
      Value: { Ref: ALARM_TOPIC_LOGICAL_ID },
      Export: { Name: alarmTopicExportName(stage) },
    },
  };
}

/**
 * Sets AlarmActions and OKActions of every CloudWatch alarm among `resources` to the topic: whoever
 * is subscribed hears when it fires and when it clears. Other resources pass through unchanged.
 *
 * @example
 * withAlarmActions(sessionManagementAlarms(stage, options), { Ref: ALARM_TOPIC_LOGICAL_ID })
 */
export function withAlarmActions(
  resources: Record<string, unknown>,
  topicArn: unknown,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(resources).map(([logicalId, resource]) => {
      const r = resource as CfnResource;
      if (r.Type !== 'AWS::CloudWatch::Alarm') return [logicalId, resource];
      return [
        logicalId,
        { ...r, Properties: { ...r.Properties, AlarmActions: [topicArn], OKActions: [topicArn] } },
      ];
    }),
  );
}

/** What every alarm states: its name within the stage and when it fires. */
export interface AlarmBase {
  /** Short name, prefixed `lingocast-<stage>-`. */
  name: string;
  description: string;
  threshold: number;
  comparison?: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  evaluationPeriods?: number;
}

/** A single metric: namespace, name, dimensions, statistic. */
export interface MetricSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, unknown>;
  /** `Sum`, `Maximum`, … or a percentile such as `p95`. */
  statistic: string;
  period?: number;
}

function dimensionList(dimensions: Record<string, unknown>): Array<{ Name: string; Value: unknown }> {
  return Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));
}

function alarmProperties(stage: string, base: AlarmBase): Record<string, unknown> {
  return {
    AlarmName: `lingocast-${stage}-${base.name}`,
    AlarmDescription: base.description,
    Threshold: base.threshold,
    ComparisonOperator: base.comparison ?? 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: base.evaluationPeriods ?? 1,
    TreatMissingData: 'notBreaching',
  };
}

/**
 * An alarm on one metric.
 *
 * @example
 * metricAlarm('dev', { name: 'x-errors', description: '…', threshold: 5 },
 *   { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, statistic: 'Sum' })
 */
export function metricAlarm(stage: string, base: AlarmBase, metric: MetricSpec): CfnResource {
  const percentile = /^p\d+(\.\d+)?$/.test(metric.statistic);
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      ...alarmProperties(stage, base),
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: dimensionList(metric.dimensions),
      ...(percentile ? { ExtendedStatistic: metric.statistic } : { Statistic: metric.statistic }),
      Period: metric.period ?? 300,
    },
  };
}

/**
 * An alarm on a metric-math expression over several metrics, e.g. a sum or a rate. `metrics` are
 * named by id (lower-case first letter, as CloudWatch requires); the expression is the alarm's value.
 *
 * @example
 * mathAlarm('dev', base, 'IF(a >= 5, 100 * f / a, 0)', { f: failures, a: attempts })
 */
export function mathAlarm(
  stage: string,
  base: AlarmBase,
  expression: string,
  metrics: Record<string, MetricSpec>,
): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      ...alarmProperties(stage, base),
      Metrics: [
        ...Object.entries(metrics).map(([id, metric]) => ({
          Id: id,
          ReturnData: false,
          MetricStat: {
            Metric: {
              Namespace: metric.namespace,
              MetricName: metric.metricName,
              Dimensions: dimensionList(metric.dimensions),
            },
            Period: metric.period ?? 300,
            Stat: metric.statistic,
          },
        })),
        // The expression takes its period from its metrics.
        { Id: 'value', Expression: expression, Label: base.name, ReturnData: true },
      ],
    },
  };
}

function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_match, _sep: string, c: string) => c.toUpperCase());
}

/**
 * One alarm per Lambda function on its `Errors` (AWS/Lambda publishes it per `FunctionName`).
 *
 * @example
 * lambdaErrorAlarms('dev', 'lingocast-translation-pipeline', ['translateUtterance'])
 */
export function lambdaErrorAlarms(
  stage: string,
  service: string,
  functions: readonly string[],
  threshold = 5,
): Record<string, CfnResource> {
  const app = service.replace(/^lingocast-/, '');
  return Object.fromEntries(
    functions.map((fn) => [
      `${pascal(fn)}LambdaErrorsAlarm`,
      metricAlarm(
        stage,
        {
          name: `${app}-${fn}-errors`,
          description: `${fn} failed ${threshold} or more times in 5 minutes (crashes, timeouts).`,
          threshold,
        },
        {
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: `${service}-${stage}-${fn}` },
          statistic: 'Sum',
        },
      ),
    ]),
  );
}

/** DynamoDB operations CloudWatch publishes `ThrottledRequests` for (dimension `Operation`). */
export type TableOperation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems'
  | 'TransactGetItems';

/** A table and the operations the system sends it. */
export interface ThrottleWatchedTable {
  /** Logical id of the table, e.g. `SessionsTable`. */
  logicalId: string;
  tableName: string;
  operations: readonly TableOperation[];
}

/**
 * One alarm per table on the SUM of `ThrottledRequests` over the operations used on it: CloudWatch
 * publishes that metric per `TableName` *and* `Operation`, so an alarm on `TableName` alone never fires.
 *
 * @example
 * tableThrottleAlarms('dev', [{ logicalId: 'SessionsTable', tableName: 'lingocast-dev-sessions', operations: ['GetItem'] }])
 */
export function tableThrottleAlarms(
  stage: string,
  tables: readonly ThrottleWatchedTable[],
): Record<string, CfnResource> {
  return Object.fromEntries(
    tables.map((table) => {
      if (table.operations.length === 0 || table.operations.length > 9)
        throw new Error(`THROTTLE_ALARM_OPERATIONS: ${table.tableName} needs 1 to 9 operations`);
      const metrics = Object.fromEntries(
        table.operations.map((operation) => [
          operation.charAt(0).toLowerCase() + operation.slice(1),
          {
            namespace: 'AWS/DynamoDB',
            metricName: 'ThrottledRequests',
            dimensions: { TableName: table.tableName, Operation: operation },
            statistic: 'Sum',
          },
        ]),
      );
      const short = table.tableName.replace(`lingocast-${stage}-`, '');
      return [
        `${table.logicalId.replace(/Table$/, '')}ThrottleAlarm`,
        mathAlarm(
          stage,
          {
            name: `${short}-table-throttles`,
            description: `Requests to ${table.tableName} were throttled (any of ${table.operations.join(', ')}).`,
            threshold: 1,
          },
          `SUM([${Object.keys(metrics).join(', ')}])`,
          metrics,
        ),
      ];
    }),
  );
}

/**
 * An alarm when a queue holds any message: for the failed-invocation queues, every message is an
 * event a function gave up on.
 *
 * @example
 * queueDepthAlarm('dev', 'FailedInvocationsQueue', 'lingocast-dev-audio-transcription-failed-invocations')
 */
export function queueDepthAlarm(
  stage: string,
  queueLogicalId: string,
  queueName: string,
): Record<string, CfnResource> {
  return {
    [`${queueLogicalId}DepthAlarm`]: metricAlarm(
      stage,
      {
        name: `${queueName.replace(`lingocast-${stage}-`, '')}-depth`,
        description: `${queueName} holds asynchronous invocations that failed or expired.`,
        threshold: 1,
      },
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queueName },
        statistic: 'Maximum',
        period: 60,
      },
    ),
  };
}
