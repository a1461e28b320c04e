import pino from 'pino';
import { emitMetric } from './metrics';

/** A pino logger writing into an array, one parsed object per line. */
function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: pino({ level: 'info' }, destination), lines };
}

describe('emitMetric', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-02T10:00:00.000Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('writes a CloudWatch Embedded Metric Format record with its dimensions', () => {
    // Prepare
    const { logger, lines } = capturingLogger();

    // Act
    emitMetric(logger, 'LingoCast', 'SessionCreationLatency', 42, 'Milliseconds', {
      Service: 'session-management',
      Stage: 'dev',
    });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      _aws: {
        Timestamp: Date.parse('2026-11-02T10:00:00.000Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'LingoCast',
            Dimensions: [['Service', 'Stage']],
            Metrics: [{ Name: 'SessionCreationLatency', Unit: 'Milliseconds' }],
          },
        ],
      },
      Service: 'session-management',
      Stage: 'dev',
      SessionCreationLatency: 42,
      msg: 'metric SessionCreationLatency',
    });
  });

  it('writes a metric without dimensions as one empty dimension set', () => {
    // Prepare
    const { logger, lines } = capturingLogger();

    // Act
    emitMetric(logger, 'LingoCast', 'RateLimitHits', 1, 'Count');

    // Assess
    expect(lines[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [{ Dimensions: [[]], Metrics: [{ Name: 'RateLimitHits', Unit: 'Count' }] }],
      },
      RateLimitHits: 1,
    });
  });

  it('publishes the value under rolled-up dimension sets as well', () => {
    // Prepare
    const { logger, lines } = capturingLogger();

    // Act
    emitMetric(
      logger,
      'LingoCast',
      'ConnectionErrors',
      1,
      'Count',
      { Service: 'session-management', Code: 'SESSION_FULL' },
      [['Service']],
    );

    // Assess
    expect(lines[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Dimensions: [['Service', 'Code'], ['Service']] }] },
      Service: 'session-management',
      Code: 'SESSION_FULL',
      ConnectionErrors: 1,
    });
  });
});
