import type { Logger } from 'pino';

/**
 * The CloudWatch namespace of every metric the apps emit; alarms and dashboards name it through this too.
 *
 * @example
 * emitMetric(logger, METRICS_NAMESPACE, 'RateLimitHits', 1, 'Count');
 */
export const METRICS_NAMESPACE = 'LingoCast';

export type MetricUnit = 'Milliseconds' | 'Count' | 'Percent' | 'Bytes' | 'None';

/**
 * Emits one CloudWatch Embedded Metric Format record through the logger: CloudWatch turns the
 * log line into metrics, with no API call on the hot path.
 *
 * `rollUps` publishes the same value under fewer dimensions as well (EMF dimension sets): an alarm on
 * `{Service}` alone sees a metric emitted with `{Service, Code}` only if `['Service']` is rolled up.
 *
 * @example
 * emitMetric(logger, METRICS_NAMESPACE, 'SessionCreationLatency', 42, 'Milliseconds', { Service: 'session-management' });
 * emitMetric(logger, METRICS_NAMESPACE, 'ConnectionErrors', 1, 'Count', { Service: 'session-management', Code: 'SESSION_FULL' }, [['Service']]);
 */
export function emitMetric(
  logger: Logger,
  namespace: string,
  name: string,
  value: number,
  unit: MetricUnit,
  dimensions: Record<string, string> = {},
  rollUps: ReadonlyArray<readonly string[]> = [],
): void {
  logger.info(
    {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [Object.keys(dimensions), ...rollUps.map((set) => [...set])],
            Metrics: [{ Name: name, Unit: unit }],
          },
        ],
      },
      ...dimensions,
      [name]: value,
    },
    `metric ${name}`,
  );
}
