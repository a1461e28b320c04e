import type * as logging from '@lingocast/logging';
import type { Logger } from '@lingocast/logging';

// For a handler spec's jest.mock factories: they run before the spec's imports, so this module
// reaches @lingocast/logging through jest at call time, never by an import of its own.

type LoggingModule = typeof logging;

/** The mocked emitMetric of the spec file (jest gives each spec file its own copy of this module). */
let emitMetricMock: jest.Mock | undefined;

/**
 * The `@lingocast/logging` module with `emitMetric` a mock, so a spec can assert the metrics a
 * handler emits (see emittedMetricCalls).
 *
 * @example
 * jest.mock('@lingocast/logging', () => jest.requireActual('@lingocast/lambda/testing').loggingMock());
 */
export function loggingMock(): LoggingModule {
  emitMetricMock = jest.fn();
  return { ...jest.requireActual<LoggingModule>('@lingocast/logging'), emitMetric: emitMetricMock };
}

/**
 * A composition module (an app's `composition.ts`) whose `getDeps` is a mock and whose logger is
 * silent; stubDeps makes `getDeps` return a spec's deps.
 *
 * @example
 * jest.mock('../composition', () => jest.requireActual('@lingocast/lambda/testing').compositionMock());
 */
export function compositionMock(): { getDeps: jest.Mock; logger: Logger } {
  return {
    getDeps: jest.fn(),
    logger: jest.requireActual<LoggingModule>('@lingocast/logging').createLogger('test', 'silent'),
  };
}

function mockedEmitMetric(): jest.Mock {
  if (emitMetricMock === undefined)
    throw new Error(
      "LOGGING_NOT_MOCKED: the spec needs jest.mock('@lingocast/logging', () => jest.requireActual('@lingocast/lambda/testing').loggingMock())",
    );
  return emitMetricMock;
}

/**
 * For a spec's `beforeEach`: forgets the metrics emitted so far and has the mocked `getDeps` return
 * `deps`, which it returns.
 *
 * @example
 * beforeEach(() => {
 *   deps = stubDeps(getDeps, createTestDeps());
 * });
 */
export function stubDeps<Deps, Stubbed extends Deps>(getDeps: () => Deps, deps: Stubbed): Stubbed {
  mockedEmitMetric().mockClear();
  jest.mocked(getDeps).mockReturnValue(deps);
  return deps;
}

/**
 * The calls of the mocked `emitMetric` for one metric name, oldest first:
 * `[logger, namespace, name, value, unit, dimensions]` each.
 *
 * @example
 * expect(emittedMetricCalls('StaleUtterancesDropped')).toHaveLength(1);
 */
export function emittedMetricCalls(name: string): unknown[][] {
  return mockedEmitMetric().mock.calls.filter((call: unknown[]) => call[2] === name);
}
