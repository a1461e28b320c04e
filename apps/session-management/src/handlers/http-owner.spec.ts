import { getDeps, getTokenVerifier } from '../composition';
import { httpEvent } from '../testing/events';
import { createTestDeps, ScriptedIds, seedActiveSession, seedListeners, SESSION_ID } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { deleteSessionHandler, updateSessionHandler } from './http';
import { bodyOf, OTHER_TOKEN, OWNER_TOKEN, speakerTokens } from './http.spec-helper';

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

// What only the session's owner may do over HTTP: change it and end it.

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
