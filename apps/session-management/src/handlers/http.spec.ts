import { getDeps, getTokenVerifier } from '../composition';
import { httpEvent } from '../testing/events';
import {
  createTestDeps,
  FakeTokenVerifier,
  ScriptedIds,
  seedActiveSession,
  seedListeners,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import {
  createSessionHandler,
  deleteSessionHandler,
  getSessionHandler,
  healthHandler,
  languagesHandler,
  updateSessionHandler,
} from './http';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getTokenVerifier: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

const OWNER_TOKEN = 'owner-token';
const OTHER_TOKEN = 'other-token';
let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) });
  jest.mocked(getDeps).mockReturnValue(deps);
  jest.mocked(getTokenVerifier).mockReturnValue(
    new FakeTokenVerifier({
      [OWNER_TOKEN]: { userId: SPEAKER_ID, username: 'alice' },
      [OTHER_TOKEN]: { userId: 'someone-else', username: 'mallory' },
    }),
  );
});

function bodyOf(result: { body?: string }): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
}

describe('createSessionHandler', () => {
  it('answers 201 with the new session', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      token: OWNER_TOKEN,
      body: { sourceLanguage: 'en' },
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toMatchObject({
      sessionId: 'bold-dove-555',
      speakerId: SPEAKER_ID,
      status: 'active',
      listenerCount: 0,
    });
  });

  it('answers 401 without a bearer token', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      body: { sourceLanguage: 'en' },
      requestId: 'req-401',
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.any(String), requestId: 'req-401' },
    });
  });

  it('answers 401 for a token that does not verify', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      token: 'forged',
      body: { sourceLanguage: 'en' },
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(401);
  });

  it('answers 400 INVALID_PARAMETERS for a body that breaks the schema', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      token: OWNER_TOKEN,
      body: { sourceLanguage: 'english' },
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INVALID_PARAMETERS' } });
  });

  it('answers 400 UNSUPPORTED_LANGUAGE for a language the provider cannot hear', async () => {
    // Prepare
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      token: OWNER_TOKEN,
      body: { sourceLanguage: 'ja' },
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'UNSUPPORTED_LANGUAGE' } });
  });

  it('answers 500 without internals when the store fails unexpectedly', async () => {
    // Prepare
    jest
      .spyOn(deps.store, 'createSession')
      .mockRejectedValue(new Error('ProvisionedThroughputExceeded on table xyz'));
    const event = httpEvent({
      method: 'POST',
      path: '/sessions',
      token: OWNER_TOKEN,
      body: { sourceLanguage: 'en' },
    });

    // Act
    const result = await createSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INTERNAL_ERROR' } });
    expect(result.body).not.toContain('xyz');
  });
});

describe('getSessionHandler', () => {
  it('answers 200 with the public session, without a token', async () => {
    // Prepare
    seedActiveSession(deps);

    // Act
    const result = await getSessionHandler(
      httpEvent({ method: 'GET', path: `/sessions/${SESSION_ID}`, sessionId: SESSION_ID }),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ sessionId: SESSION_ID, status: 'active' });
    expect(bodyOf(result)).not.toHaveProperty('ttl');
  });

  it('gives the capacity in force, so a page can say "full" before it connects', async () => {
    // Prepare
    seedActiveSession(deps, { listenerCount: 3 });

    // Act
    const result = await getSessionHandler(
      httpEvent({ method: 'GET', path: `/sessions/${SESSION_ID}`, sessionId: SESSION_ID }),
    );

    // Assess
    expect(bodyOf(result)).toMatchObject({
      listenerCount: 3,
      maxListeners: deps.settings.maxListenersPerSession,
    });
    expect(bodyOf(result)).not.toHaveProperty('speakerConnectionId');
  });

  it('answers 404 for an unknown session', async () => {
    // Act
    const result = await getSessionHandler(
      httpEvent({ method: 'GET', path: '/sessions/bold-dove-555', sessionId: 'bold-dove-555' }),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });
  });

  it('answers 400 for an id that is not a session id', async () => {
    // Act
    const result = await getSessionHandler(
      httpEvent({ method: 'GET', path: '/sessions/DROP TABLE', sessionId: 'DROP TABLE' }),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INVALID_PARAMETERS' } });
  });

  it('answers 400 when the path has no id', async () => {
    // Act
    const result = await getSessionHandler(httpEvent({ method: 'GET', path: '/sessions/' }));

    // Assess
    expect(result.statusCode).toBe(400);
  });
});

describe('updateSessionHandler', () => {
  it('lets the owner pause the session (200)', async () => {
    // Prepare
    seedActiveSession(deps);
    const event = httpEvent({
      method: 'PATCH',
      path: `/sessions/${SESSION_ID}`,
      sessionId: SESSION_ID,
      token: OWNER_TOKEN,
      body: { status: 'paused' },
    });

    // Act
    const result = await updateSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'paused' });
  });

  it('answers 403 to anyone but the owner', async () => {
    // Prepare
    seedActiveSession(deps);
    const event = httpEvent({
      method: 'PATCH',
      path: `/sessions/${SESSION_ID}`,
      sessionId: SESSION_ID,
      token: OTHER_TOKEN,
      body: { status: 'paused' },
    });

    // Act
    const result = await updateSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(403);
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
  });

  it('answers 400 for an empty change', async () => {
    // Prepare
    seedActiveSession(deps);
    const event = httpEvent({
      method: 'PATCH',
      path: `/sessions/${SESSION_ID}`,
      sessionId: SESSION_ID,
      token: OWNER_TOKEN,
      body: {},
    });

    // Act
    const result = await updateSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(400);
  });
});

describe('deleteSessionHandler', () => {
  it('lets the owner end the session for everyone (204)', async () => {
    // Prepare
    seedActiveSession(deps);
    await seedListeners(deps, { 'listener-1': 'es' });
    const event = httpEvent({
      method: 'DELETE',
      path: `/sessions/${SESSION_ID}`,
      sessionId: SESSION_ID,
      token: OWNER_TOKEN,
    });

    // Act
    const result = await deleteSessionHandler(event);

    // Assess
    expect(result).toEqual({ statusCode: 204 });
    expect(deps.gateway.recipientsOf('sessionEnded')).toEqual(['listener-1']);
    expect(deps.gateway.closed).toEqual(['listener-1']);
  });

  it('answers 403 to anyone but the owner and ends nothing', async () => {
    // Prepare
    seedActiveSession(deps);
    const event = httpEvent({
      method: 'DELETE',
      path: `/sessions/${SESSION_ID}`,
      sessionId: SESSION_ID,
      token: OTHER_TOKEN,
    });

    // Act
    const result = await deleteSessionHandler(event);

    // Assess
    expect(result.statusCode).toBe(403);
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
  });
});

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
