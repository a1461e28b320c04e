import { getDeps, getStage } from '../composition';
import { httpEvent } from '../testing/events';
import { createTestDeps, seedActiveSession } from '../testing/fakes';
import { localSweepHandler, sweepHandler } from './sweep';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getStage: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

beforeEach(() => {
  const deps = createTestDeps();
  seedActiveSession(deps);
  jest.mocked(getDeps).mockReturnValue(deps);
});

describe('sweepHandler', () => {
  it('runs one sweep and returns its report', async () => {
    // Act
    const report = await sweepHandler();

    // Assess
    expect(report.activeSessions).toBe(1);
  });
});

describe('localSweepHandler', () => {
  it('sweeps on the local stage and answers the report', async () => {
    // Prepare
    jest.mocked(getStage).mockReturnValue('local');

    // Act
    const result = await localSweepHandler(httpEvent({ method: 'POST', path: '/local/sweep' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ activeSessions: 1 });
  });

  it('does not exist on any other stage', async () => {
    // Prepare
    jest.mocked(getStage).mockReturnValue('prod');

    // Act
    const result = await localSweepHandler(httpEvent({ method: 'POST', path: '/local/sweep' }));

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers a failing sweep with a contract error', async () => {
    // Prepare
    jest.mocked(getStage).mockImplementation(() => {
      throw new Error('config broken');
    });

    // Act
    const result = await localSweepHandler(httpEvent({ method: 'POST', path: '/local/sweep' }));

    // Assess
    expect(result.statusCode).toBe(500);
  });
});
