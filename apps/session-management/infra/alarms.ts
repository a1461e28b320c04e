import type { ThrottleWatchedTable } from '@lingocast/stack';
import { APP_METRICS_NAMESPACE, tableThrottleAlarms } from '@lingocast/stack';
import { TABLES, tableName } from '@lingocast/tables';
import { activeSessionsAlarmThreshold } from '../src/config';

/** Every deployed function of session-management (keep in step with serverless.config.ts; each gets a role in iam.ts). */
export const SESSION_MANAGEMENT_FUNCTIONS = [
  'createSession',
  'getSession',
  'updateSession',
  'deleteSession',
  'languages',
  'health',
  'wsAuthorizer',
  'wsConnect',
  'wsDisconnect',
  'wsMessage',
  'sendAudio',
  'connectionReady',
  'sweepConnections',
] as const;

export interface AlarmOptions {
  /** Active sessions the deployment is sized for (MAX_ACTIVE_SESSIONS); the alarm fires at 90 % of it. */
  maxActiveSessions: number;
}

/** `$connect` refusals and failures in 5 minutes that warrant a look (the earlier system's figure). */
export const CONNECTION_ERRORS_ALARM_THRESHOLD = 100;
/** Rate-limiter failures in 5 minutes: limits were skipped (or creations refused) meanwhile. */
export const RATE_LIMITER_ERRORS_ALARM_THRESHOLD = 5;

const SERVICE = [{ Name: 'Service', Value: 'session-management' }];

/** The tables session-management owns and the operations every app sends them (throttle alarms). */
export function ownTables(stage: string): ThrottleWatchedTable[] {
  return [
    {
      logicalId: TABLES.sessions.logicalId,
      tableName: tableName('sessions', stage),
      operations: ['GetItem', 'PutItem', 'UpdateItem', 'Scan', 'TransactWriteItems'],
    },
    {
      logicalId: TABLES.connections.logicalId,
      tableName: tableName('connections', stage),
      operations: ['GetItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'TransactWriteItems'],
    },
    {
      logicalId: TABLES.rateLimits.logicalId,
      tableName: tableName('rateLimits', stage),
      operations: ['GetItem', 'UpdateItem'],
    },
  ];
}

function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_match, _sep: string, c: string) => c.toUpperCase());
}

/**
 * CloudWatch alarms of session-management (REQUIREMENTS: latency p95 > 2 s, errors, active sessions
 * ≥ 90 % of max, Lambda errors, DynamoDB throttling), plus the rate limiter failing. Custom metrics
 * come from EMF log lines (namespace LingoCast); throttling covers the tables this app owns (each app
 * alarms on its own), per operation as CloudWatch publishes it; Lambda errors every function here.
 * Actions are added by `sessionManagementOperations`.
 *
 * @example
 * resources: { ...sessionManagementAlarms('prod', { maxActiveSessions: readMaxActiveSessions(process.env) }) }
 */
export function sessionManagementAlarms(stage: string, options: AlarmOptions): Record<string, unknown> {
  const alarm = (name: string, properties: Record<string, unknown>) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmName: `lingocast-${stage}-${name}`, TreatMissingData: 'notBreaching', ...properties },
  });
  const lambdaErrors = Object.fromEntries(
    SESSION_MANAGEMENT_FUNCTIONS.map((fn) => [
      `${pascal(fn)}LambdaErrorsAlarm`,
      alarm(`session-management-${fn}-errors`, {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: `lingocast-session-management-${stage}-${fn}` }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]),
  );
  const throttles = tableThrottleAlarms(stage, ownTables(stage));
  return {
    SessionCreationLatencyAlarm: alarm('session-creation-latency-p95', {
      Namespace: APP_METRICS_NAMESPACE,
      MetricName: 'SessionCreationLatency',
      Dimensions: SERVICE,
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    JoinLatencyAlarm: alarm('join-latency-p95', {
      Namespace: APP_METRICS_NAMESPACE,
      MetricName: 'JoinLatency',
      Dimensions: SERVICE,
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    ActiveSessionsAlarm: alarm('active-sessions-near-capacity', {
      Namespace: APP_METRICS_NAMESPACE,
      MetricName: 'ActiveSessions',
      Dimensions: SERVICE,
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: activeSessionsAlarmThreshold(options.maxActiveSessions),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
    ConnectionErrorsAlarm: alarm('connection-errors', {
      Namespace: APP_METRICS_NAMESPACE,
      MetricName: 'ConnectionErrors',
      Dimensions: SERVICE,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: CONNECTION_ERRORS_ALARM_THRESHOLD,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    RateLimiterErrorsAlarm: alarm('rate-limiter-errors', {
      Namespace: APP_METRICS_NAMESPACE,
      MetricName: 'RateLimiterErrors',
      Dimensions: SERVICE,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: RATE_LIMITER_ERRORS_ALARM_THRESHOLD,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
    ...lambdaErrors,
    ...throttles,
  };
}
