import { getDeps, getTokenVerifier } from '../composition';
import { httpEvent } from '../testing/events';
import { createTestDeps, ScriptedIds } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { healthHandler, languagesHandler } from './http';
import { bodyOf, speakerTokens } from './http.spec-helper';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getTokenVerifier: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) });
  jest.mocked(getDeps).mockReturnValue(deps);
  jest.mocked(getTokenVerifier).mockReturnValue(speakerTokens());
});

// The public service routes: the languages served and the health check.

describe('languagesHandler', () => {
  it('answers 200, without a token, with the languages the settings serve and the quality tiers', async () => {
    // Act
    const result = await languagesHandler(httpEvent({ method: 'GET', path: '/languages' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual({
      sourceLanguages: ['en', 'es'],
      targetLanguages: ['en', 'es', 'fr', 'de'],
      qualityTiers: ['standard', 'premium'],
    });
  });

  it('answers 500 INTERNAL_ERROR, hiding the cause, when the settings cannot be read', async () => {
    // Prepare
    jest.mocked(getDeps).mockImplementation(() => {
      throw new Error('LINGOCAST_STAGE is not set');
    });

    // Act
    const result = await languagesHandler(
      httpEvent({ method: 'GET', path: '/languages', requestId: 'req-l' }),
    );

    // Assess
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: expect.not.stringMatching(/LINGOCAST/), requestId: 'req-l' },
    });
  });
});

describe('healthHandler', () => {
  it('answers 200 when the database answers', async () => {
    // Act
    const result = await healthHandler(httpEvent({ method: 'GET', path: '/health' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
  });

  it('answers 503 when the database does not answer', async () => {
    // Prepare
    deps.store.healthy = false;

    // Act
    const result = await healthHandler(httpEvent({ method: 'GET', path: '/health' }));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toMatchObject({ status: 'degraded', checks: { database: 'failing' } });
  });

  it('answers 500 when the service cannot even be set up', async () => {
    // Prepare
    jest.mocked(getDeps).mockImplementation(() => {
      throw new Error('environment variable STAGE is not set');
    });

    // Act
    const result = await healthHandler(httpEvent({ method: 'GET', path: '/health' }));

    // Assess
    expect(result.statusCode).toBe(500);
  });
});
