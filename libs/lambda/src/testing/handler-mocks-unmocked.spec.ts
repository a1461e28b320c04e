import { emittedMetricCalls, stubDeps } from './handler-mocks';

describe('the handler mocks without the mocked logging module', () => {
  it('say how to mock it instead of reading metrics nobody records', () => {
    // Assess
    expect(() => emittedMetricCalls('Attempts')).toThrow(/^LOGGING_NOT_MOCKED: /);
    expect(() => stubDeps(jest.fn(), {})).toThrow(/^LOGGING_NOT_MOCKED: /);
  });
});
