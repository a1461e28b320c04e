/**
 * CloudWatch alarms of session-management (REQUIREMENTS: latency p95 > 2 s, errors, active sessions
 * ≥ 90 % of max, Lambda errors, DynamoDB throttling). Metrics come from EMF log lines (namespace LingoCast).
 */
export function sessionManagementAlarms(stage: string): Record<string, unknown> {
  const alarm = (name: string, properties: Record<string, unknown>) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmName: `lingocast-${stage}-${name}`, TreatMissingData: 'notBreaching', ...properties },
  });
  return {
    SessionCreationLatencyAlarm: alarm('session-creation-latency-p95', {
      Namespace: 'LingoCast',
      MetricName: 'SessionCreationLatency',
      Dimensions: [{ Name: 'Service', Value: 'session-management' }],
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
    LambdaErrorsAlarm: alarm('session-management-lambda-errors', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: `lingocast-session-management-${stage}-wsMessage` }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
    ConnectionsThrottleAlarm: alarm('connections-table-throttles', {
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ThrottledRequests',
      Dimensions: [{ Name: 'TableName', Value: `lingocast-${stage}-connections` }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  };
}
