import { getDeps } from '../composition';
import { connectEvent } from '../testing/events';
import {
  createTestDeps,
  InMemoryRateLimiter,
  seedActiveSession,
  seedListeners,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { connectHandler } from './ws-connection';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getTokenVerifier: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps();
  seedActiveSession(deps);
  jest.mocked(getDeps).mockReturnValue(deps);
});

function errorCodeOf(result: unknown): unknown {
  const body = (result as { body?: string }).body;
  return (JSON.parse(body ?? '{}') as { error?: { code?: string } }).error?.code;
}

// connectHandler of ws-connection.ts: the $connect route (disconnect and greeting: ws-connection.spec.ts).

describe('connectHandler', () => {
  it('registers an anonymous listener and accepts the handshake', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'fr' },
      authorizer: { role: 'listener' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(await deps.store.getConnection('listener-1', deps.clock.now())).toMatchObject({
      role: 'listener',
      targetLanguage: 'fr',
    });
    expect(deps.greeter.greeted).toEqual([{ connectionId: 'listener-1', requestId: 'connect-req' }]);
  });

  it('registers the speaker the authorizer verified', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'speaker-conn',
      query: { sessionId: SESSION_ID, token: 'jwt' },
      authorizer: { role: 'speaker', userId: SPEAKER_ID, username: 'alice' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(await deps.store.getConnection('speaker-conn', deps.clock.now())).toMatchObject({
      role: 'speaker',
      userId: SPEAKER_ID,
    });
  });

  it('passes previousConnectionId (refresh) and resumeConnectionId (reconnect) from the query string', async () => {
    // Prepare
    await seedListeners(deps, { 'old-1': 'es', 'old-2': 'fr' });
    const refresh = connectEvent({
      connectionId: 'new-1',
      query: { sessionId: SESSION_ID, previousConnectionId: 'old-1' },
      authorizer: { role: 'listener' },
    });
    const resume = connectEvent({
      connectionId: 'new-2',
      query: { sessionId: SESSION_ID, targetLanguage: 'fr', resumeConnectionId: 'old-2' },
      authorizer: { role: 'listener' },
    });

    // Act
    const results = [await connectHandler(refresh), await connectHandler(resume)];

    // Assess: both took the old rows' places
    expect(results).toEqual([{ statusCode: 200 }, { statusCode: 200 }]);
    expect(deps.store.peekConnection('new-1')).toMatchObject({
      refreshedFrom: 'old-1',
      targetLanguage: 'es',
    });
    expect(deps.store.peekConnection('new-2')).toMatchObject({ targetLanguage: 'fr' });
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(2);
    // the refreshed socket is closed once the new one is greeted; the stale one of a reconnect at once
    expect(deps.gateway.closed).toEqual(['old-2']);
  });

  it('refuses a resumeConnectionId that is not a connection id with 400', async () => {
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es', resumeConnectionId: 'x y' },
    });

    const result = await connectHandler(event);

    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
    expect(deps.store.peekConnection('listener-1')).toBeUndefined();
  });

  it('registers a captions-only listener from captionsOnly=true in the query string', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es', captionsOnly: 'true' },
      authorizer: { role: 'listener' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.store.peekConnection('listener-1')).toMatchObject({
      targetLanguage: 'es',
      captionsOnly: true,
    });
  });

  it.each([['1'], ['yes'], ['on']])('refuses captionsOnly=%s with 400 INVALID_PARAMETERS', async (word) => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es', captionsOnly: word },
      authorizer: { role: 'listener' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
    expect(deps.store.peekConnection('listener-1')).toBeUndefined();
  });

  it('registers a listener with live captions from liveCaptions=true in the query string', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es', liveCaptions: 'true' },
      authorizer: { role: 'listener' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.store.peekConnection('listener-1')).toMatchObject({
      targetLanguage: 'es',
      liveCaptions: true,
    });
  });

  it.each([['1'], ['yes']])('refuses liveCaptions=%s with 400 INVALID_PARAMETERS', async (word) => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es', liveCaptions: word },
      authorizer: { role: 'listener' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
    expect(deps.store.peekConnection('listener-1')).toBeUndefined();
  });

  it('refuses a speaker asking for live captions with 400 INVALID_PARAMETERS', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'speaker-conn',
      query: { sessionId: SESSION_ID, token: 'jwt', liveCaptions: 'false' },
      authorizer: { role: 'speaker', userId: SPEAKER_ID, username: 'alice' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
    expect(deps.store.peekConnection('speaker-conn')).toBeUndefined();
  });

  it('refuses a speaker asking for captions only with 400 INVALID_PARAMETERS', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'speaker-conn',
      query: { sessionId: SESSION_ID, token: 'jwt', captionsOnly: 'true' },
      authorizer: { role: 'speaker', userId: SPEAKER_ID, username: 'alice' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
    expect(deps.store.peekConnection('speaker-conn')).toBeUndefined();
  });

  it('refuses a malformed query string with 400', async () => {
    // Prepare
    const event = connectEvent({ connectionId: 'listener-1', query: { sessionId: 'not a session' } });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
    expect(errorCodeOf(result)).toBe('INVALID_PARAMETERS');
  });

  it('refuses a missing query string with 400', async () => {
    // Act
    const result = await connectHandler(connectEvent({ connectionId: 'listener-1' }));

    // Assess
    expect(result).toMatchObject({ statusCode: 400 });
  });

  it('refuses the listener beyond capacity with 429 SESSION_FULL', async () => {
    // Prepare
    await seedListeners(deps, { a: 'es', b: 'es', c: 'es' });
    const event = connectEvent({
      connectionId: 'listener-4',
      query: { sessionId: SESSION_ID, targetLanguage: 'es' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 429 });
    expect(errorCodeOf(result)).toBe('SESSION_FULL');
  });

  it('accepts a listener over the join rate only to tell it why and when to retry, registering nothing', async () => {
    // Prepare
    deps = createTestDeps({
      limits: new InMemoryRateLimiter({ listenerJoin: { max: 1, windowSeconds: 60 } }),
    });
    seedActiveSession(deps);
    jest.mocked(getDeps).mockReturnValue(deps);
    await connectHandler(
      connectEvent({ connectionId: 'listener-1', query: { sessionId: SESSION_ID, targetLanguage: 'es' } }),
    );
    deps.clock.advance(15_000);

    // Act
    const result = await connectHandler(
      connectEvent({
        connectionId: 'listener-2',
        query: { sessionId: SESSION_ID, targetLanguage: 'es' },
        requestId: 'req-2',
      }),
    );

    // Assess: a browser cannot read a refused handshake's status, but it reads the socket.
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.greeter.refused).toEqual([
      {
        connectionId: 'listener-2',
        requestId: 'req-2',
        refusal: expect.objectContaining({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 45 }),
      },
    ]);
    expect(deps.store.peekConnection('listener-2')).toBeUndefined();
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
  });

  it('refuses the handshake with 429 and Retry-After when the refusal cannot be scheduled', async () => {
    // Prepare
    deps = createTestDeps({
      limits: new InMemoryRateLimiter({ connectionAttempt: { max: 1, windowSeconds: 60 } }),
    });
    seedActiveSession(deps);
    jest.mocked(getDeps).mockReturnValue(deps);
    const listen = (connectionId: string) =>
      connectEvent({ connectionId, query: { sessionId: SESSION_ID, targetLanguage: 'es' } });
    await connectHandler(listen('listener-1'));
    deps.greeter.failure = new Error('lambda throttled');

    // Act
    const result = await connectHandler(listen('listener-2'));

    // Assess
    expect(result).toMatchObject({ statusCode: 429, headers: { 'retry-after': '60' } });
    expect(errorCodeOf(result)).toBe('RATE_LIMIT_EXCEEDED');
  });

  it("counts a connect to an unknown session as a failed attempt of the caller's address", async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: 'made-up-101', targetLanguage: 'es' },
    });
    event.requestContext.identity = { sourceIp: '203.0.113.50' };

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 404 });
    expect(deps.limits.consumed.filter((consumed) => consumed.limit === 'failedConnect')).toEqual([
      { limit: 'failedConnect', key: '203.0.113.50' },
    ]);
  });

  it('counts under the address the authorizer saw when the event has none (serverless-offline)', async () => {
    // Prepare
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: 'made-up-101', targetLanguage: 'es' },
      authorizer: { role: 'listener', sourceIp: '127.0.0.1' },
    });

    // Act
    await connectHandler(event);

    // Assess: the attempt, the session's join, the failure.
    expect(deps.limits.consumed).toEqual([
      { limit: 'connectionAttempt', key: '127.0.0.1' },
      { limit: 'listenerJoin', key: 'made-up-101' },
      { limit: 'failedConnect', key: '127.0.0.1' },
    ]);
  });

  it('answers 500 INTERNAL_ERROR when registration fails unexpectedly', async () => {
    // Prepare
    jest.spyOn(deps.store, 'addListener').mockRejectedValue(new Error('network down'));
    const event = connectEvent({
      connectionId: 'listener-1',
      query: { sessionId: SESSION_ID, targetLanguage: 'es' },
    });

    // Act
    const result = await connectHandler(event);

    // Assess
    expect(result).toMatchObject({ statusCode: 500 });
    expect(errorCodeOf(result)).toBe('INTERNAL_ERROR');
  });
});
