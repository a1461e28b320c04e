import { emittedMetrics } from './emitted-metrics';

describe('emittedMetrics', () => {
  it('reads literal names with the dimensions object as one set', () => {
    // Act
    const metrics = emittedMetrics([
      {
        path: 'http.ts',
        text: "emitMetric(log, 'LingoCast', 'SessionCreationLatency', Date.now() - started, 'Milliseconds', {\n  Service: 'session-management',\n});",
      },
    ]);

    // Assess
    expect(metrics).toEqual([
      { namespace: 'LingoCast', name: 'SessionCreationLatency', dimensionSets: [['Service']] },
    ]);
  });

  it('resolves constants, spreads and roll-ups, across files', () => {
    // Prepare
    const constants = {
      path: 'rate-limits.ts',
      text: "export const METRICS_NAMESPACE = 'LingoCast';\nexport const SERVICE_DIMENSION = { Service: 'session-management' };",
    };
    const calls = {
      path: 'use.ts',
      text: [
        "emitMetric(deps.logger, METRICS_NAMESPACE, 'RateLimiterErrors', 1, 'Count', { ...SERVICE_DIMENSION, Limit: limit }, [Object.keys(SERVICE_DIMENSION)]);",
        "emitMetric(log, 'LingoCast', 'ConnectionErrors', 1, 'Count', { Service: 'x', Code: publicError.code }, [['Service']]);",
        "emitMetric(deps.logger, METRICS_NAMESPACE, 'Listeners', report.listeners, 'Count', SERVICE_DIMENSION);",
        "emitMetric(log, 'LingoCast', 'Bare', 1, 'Count');",
      ].join('\n'),
    };

    // Act
    const metrics = emittedMetrics([constants, calls]);

    // Assess
    expect(metrics).toEqual([
      {
        namespace: 'LingoCast',
        name: 'RateLimiterErrors',
        dimensionSets: [['Service', 'Limit'], ['Service']],
      },
      { namespace: 'LingoCast', name: 'ConnectionErrors', dimensionSets: [['Service', 'Code'], ['Service']] },
      { namespace: 'LingoCast', name: 'Listeners', dimensionSets: [['Service']] },
      { namespace: 'LingoCast', name: 'Bare', dimensionSets: [[]] },
    ]);
  });

  it('skips the declaration and calls through a wrapper with fewer arguments', () => {
    // Act
    const metrics = emittedMetrics([
      {
        path: 'metrics.ts',
        text: 'export function emitMetric(\n  logger: Logger,\n  namespace: string,\n) {}',
      },
    ]);

    // Assess
    expect(metrics).toEqual([]);
  });

  it('refuses a name it cannot read, rather than passing by not reading it', () => {
    // Act
    const attempt = () =>
      emittedMetrics([{ path: 'x.ts', text: "emitMetric(log, 'LingoCast', metricName, 1, 'Count', {});" }]);

    // Assess
    expect(attempt).toThrow("METRIC_NOT_LITERAL: x.ts: emitMetric(log, 'LingoCast', metricName, …)");
  });

  it('keeps commas inside strings and nested calls within their argument', () => {
    // Act
    const metrics = emittedMetrics([
      {
        path: 'x.ts',
        text: "emitMetric(log, 'LingoCast', 'A', f(1, 2), 'Count', { Key: 'a, b', Other: `c,${d}` })",
      },
    ]);

    // Assess
    expect(metrics[0]?.dimensionSets).toEqual([['Key', 'Other']]);
  });

  it("knows libs/logging's METRICS_NAMESPACE without the app defining it", () => {
    // Act
    const metrics = emittedMetrics([
      {
        path: 'h.ts',
        text: "emitMetric(log, METRICS_NAMESPACE, 'JoinLatency', 5, 'Milliseconds', SERVICE);",
      },
    ]);

    // Assess
    expect(metrics).toEqual([{ namespace: 'LingoCast', name: 'JoinLatency', dimensionSets: [[]] }]);
  });
});
