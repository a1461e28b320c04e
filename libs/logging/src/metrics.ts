import type { Logger } from 'pino';

export type MetricUnit = 'Milliseconds' | 'Count' | 'Percent' | 'Bytes' | 'None';

/**
 * Emits one CloudWatch Embedded Metric Format record through the logger: CloudWatch turns the
 * log line into metrics, with no API call on the hot path.
 *
 * @example
 * emitMetric(logger, 'LingoCast', 'SessionCreationLatency', 42, 'Milliseconds', { Service: 'session-management' });
 */
export function emitMetric(
  logger: Logger,
  namespace: string,
  name: string,
  value: number,
  unit: MetricUnit,
  dimensions: Record<string, string> = {},
): void {
  logger.info(
    {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [Object.keys(dimensions)],
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
