import { TABLES, tableName } from '@lingocast/tables';
import { activeSessionsAlarmThreshold } from '../src/config';

/** Every function of session-management (keep in step with serverless.config.ts). */
export const SESSION_MANAGEMENT_FUNCTIONS = [
  'createSession',
  'getSession',
  'updateSession',
  'deleteSession',
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

function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_match, _sep: string, c: string) => c.toUpperCase());
}

/**
 * CloudWatch alarms of session-management (REQUIREMENTS: latency p95 > 2 s, errors, active sessions
 * ≥ 90 % of max, Lambda errors, DynamoDB throttling), plus the rate limiter failing. Custom metrics
 * come from EMF log lines (namespace LingoCast); throttling covers every table of the system, Lambda
 * errors every function here.
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
  const throttles = Object.fromEntries(
    Object.values(TABLES).map((table) => [
      `${table.logicalId.replace(/Table$/, '')}ThrottleAlarm`,
      alarm(`${tableName(table.id, stage).replace(`lingocast-${stage}-`, '')}-table-throttles`, {
        Namespace: 'AWS/DynamoDB',
        MetricName: 'ThrottledRequests',
        Dimensions: [{ Name: 'TableName', Value: tableName(table.id, stage) }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]),
  );
  return {
    SessionCreationLatencyAlarm: alarm('session-creation-latency-p95', {
      Namespace: 'LingoCast',
      MetricName: 'SessionCreationLatency',
      Dimensions: SERVICE,
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    JoinLatencyAlarm: alarm('join-latency-p95', {
      Namespace: 'LingoCast',
      MetricName: 'JoinLatency',
      Dimensions: SERVICE,
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    ActiveSessionsAlarm: alarm('active-sessions-near-capacity', {
      Namespace: 'LingoCast',
      MetricName: 'ActiveSessions',
      Dimensions: SERVICE,
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: activeSessionsAlarmThreshold(options.maxActiveSessions),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
    ConnectionErrorsAlarm: alarm('connection-errors', {
      Namespace: 'LingoCast',
      MetricName: 'ConnectionErrors',
      Dimensions: SERVICE,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: CONNECTION_ERRORS_ALARM_THRESHOLD,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    RateLimiterErrorsAlarm: alarm('rate-limiter-errors', {
      Namespace: 'LingoCast',
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
