import { createLogger, emitMetric } from '@lingocast/logging';
import { compositionMock, emittedMetricCalls, stubDeps } from './handler-mocks';

jest.mock('@lingocast/logging', () => jest.requireActual('./handler-mocks').loggingMock());

const logger = createLogger('test', 'silent');

describe('loggingMock and emittedMetricCalls', () => {
  it('keep the metrics a handler emits, by name, oldest first, and emit nothing', () => {
    // Act
    emitMetric(logger, 'LingoCast', 'Attempts', 1, 'Count', { Service: 'x' });
    emitMetric(logger, 'LingoCast', 'Failures', 1, 'Count');
    emitMetric(logger, 'LingoCast', 'Attempts', 2, 'Count');

    // Assess
    expect(emittedMetricCalls('Attempts')).toEqual([
      [logger, 'LingoCast', 'Attempts', 1, 'Count', { Service: 'x' }],
      [logger, 'LingoCast', 'Attempts', 2, 'Count'],
    ]);
    expect(emittedMetricCalls('Latency')).toEqual([]);
  });
});

describe('compositionMock and stubDeps', () => {
  it('forget the metrics emitted before and have getDeps return the deps given', () => {
    // Prepare
    const composition = compositionMock();
    const deps = { clock: 'manual' };
    emitMetric(logger, 'LingoCast', 'Attempts', 1, 'Count');

    // Act
    const stubbed = stubDeps(composition.getDeps as () => typeof deps, deps);

    // Assess
    expect(stubbed).toBe(deps);
    expect(composition.getDeps()).toBe(deps);
    expect(emittedMetricCalls('Attempts')).toEqual([]);
    expect(composition.logger.level).toBe('silent');
  });
});
