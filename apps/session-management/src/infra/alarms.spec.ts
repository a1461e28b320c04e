import {
  CONNECTION_ERRORS_ALARM_THRESHOLD,
  RATE_LIMITER_ERRORS_ALARM_THRESHOLD,
  SESSION_MANAGEMENT_FUNCTIONS,
  sessionManagementAlarms,
} from '../../infra/alarms';

type Alarm = { Type: string; Properties: Record<string, unknown> };

function alarmsOf(maxActiveSessions: number): Record<string, Alarm> {
  return sessionManagementAlarms('prod', { maxActiveSessions }) as Record<string, Alarm>;
}

describe('sessionManagementAlarms', () => {
  it.each([
    [100, 90],
    [250, 225],
  ])('alarms on active sessions at 90 %% of a configured %i: %i', (max, threshold) => {
    // Act
    const alarm = alarmsOf(max)['ActiveSessionsAlarm'];

    // Assess
    expect(alarm?.Properties).toMatchObject({
      AlarmName: 'lingocast-prod-active-sessions-near-capacity',
      MetricName: 'ActiveSessions',
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on connection errors and limiter failures summed over the service dimension the metrics roll up to', () => {
    // Act
    const alarms = alarmsOf(100);

    // Assess
    expect(alarms['ConnectionErrorsAlarm']?.Properties).toMatchObject({
      MetricName: 'ConnectionErrors',
      Dimensions: [{ Name: 'Service', Value: 'session-management' }],
      Statistic: 'Sum',
      Threshold: CONNECTION_ERRORS_ALARM_THRESHOLD,
    });
    expect(alarms['RateLimiterErrorsAlarm']?.Properties).toMatchObject({
      MetricName: 'RateLimiterErrors',
      Dimensions: [{ Name: 'Service', Value: 'session-management' }],
      Statistic: 'Sum',
      Threshold: RATE_LIMITER_ERRORS_ALARM_THRESHOLD,
    });
  });

  it('alarms on Lambda errors of every function and on throttling of every table it owns, per operation', () => {
    // Act
    const alarms = Object.values(alarmsOf(100)).map((alarm) => alarm.Properties);

    // Assess
    const lambda = alarms.filter((alarm) => alarm['Namespace'] === 'AWS/Lambda');
    const throttles = alarms.filter((alarm) => String(alarm['AlarmName']).endsWith('-table-throttles'));
    expect(lambda).toHaveLength(SESSION_MANAGEMENT_FUNCTIONS.length);
    expect(throttles.map((alarm) => alarm['AlarmName']).sort()).toEqual([
      'lingocast-prod-connections-table-throttles',
      'lingocast-prod-rate-limits-table-throttles',
      'lingocast-prod-sessions-table-throttles',
    ]);
    for (const alarm of throttles) {
      const metrics = (
        alarm['Metrics'] as Array<{ MetricStat?: { Metric: { Dimensions: Array<{ Name: string }> } } }>
      ).flatMap((query) => (query.MetricStat ? [query.MetricStat.Metric.Dimensions.map((d) => d.Name)] : []));
      expect(metrics.length).toBeGreaterThan(0);
      for (const dimensions of metrics) expect(dimensions).toEqual(['TableName', 'Operation']);
    }
    expect(alarms.every((alarm) => String(alarm['AlarmName']).startsWith('lingocast-prod-'))).toBe(true);
  });
});
