import { getDeps, getTokenVerifier } from '../composition';
import { httpEvent } from '../testing/events';
import { createTestDeps, ScriptedIds, seedActiveSession, SESSION_ID, SPEAKER_ID } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { createSessionHandler, getSessionHandler } from './http';
import { bodyOf, OWNER_TOKEN, speakerTokens } from './http.spec-helper';

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

// Creating and reading sessions; the owner's changes: http-owner.spec.ts; languages and health: http-service.spec.ts.

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
