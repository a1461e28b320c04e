import { getDeps } from '../composition';
import { websocketEvent } from '../testing/events';
import { createTestDeps, seedActiveSession, seedListeners, seedSpeaker, SESSION_ID } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { connectionReadyHandler, disconnectHandler } from './ws-connection';

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

describe('disconnectHandler', () => {
  it('forgets the connection and its count', async () => {
    // Prepare
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    const result = await disconnectHandler(
      websocketEvent({ connectionId: 'listener-1', routeKey: '$disconnect', eventType: 'DISCONNECT' }),
    );

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(0);
  });

  it('accepts a disconnect for a connection it never knew', async () => {
    // Act
    const result = await disconnectHandler(
      websocketEvent({ connectionId: 'unknown', routeKey: '$disconnect', eventType: 'DISCONNECT' }),
    );

    // Assess
    expect(result).toEqual({ statusCode: 200 });
  });

  it('fails the invocation when the store fails, so Lambda retries it', async () => {
    // Prepare
    await seedSpeaker(deps);
    jest.spyOn(deps.store, 'removeConnection').mockRejectedValue(new Error('throttled'));

    // Act
    const result = disconnectHandler(
      websocketEvent({ connectionId: 'speaker-conn', routeKey: '$disconnect', eventType: 'DISCONNECT' }),
    );

    // Assess
    await expect(result).rejects.toThrow('throttled');
  });
});

describe('connectionReadyHandler', () => {
  it('greets an open connection straight away', async () => {
    // Prepare
    await seedListeners(deps, { 'listener-1': 'es' });

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-1', requestId: 'req-1' });

    // Assess
    expect(result).toEqual({ greeted: true });
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['listener-1']);
  });

  it('retries every 100 ms on the injected clock while API Gateway still answers 410', async () => {
    // Prepare
    await seedListeners(deps, { 'listener-1': 'es' });
    deps.gateway.gone.add('listener-1');
    const started = deps.clock.now();
    const sleep = jest.spyOn(deps.clock, 'sleep').mockImplementation(async (ms) => {
      deps.clock.advance(ms);
      if (sleep.mock.calls.length === 3) deps.gateway.gone.delete('listener-1');
    });

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-1', requestId: 'req-1' });

    // Assess
    expect(result).toEqual({ greeted: true });
    expect(sleep.mock.calls).toEqual([[100], [100], [100]]);
    expect(deps.clock.now() - started).toBe(300);
    expect(deps.gateway.recipientsOf('sessionJoined')).toEqual(['listener-1']);
  });

  it('answers greeted: false instead of throwing when every post fails', async () => {
    // Prepare
    await seedListeners(deps, { 'listener-1': 'es' });
    jest.spyOn(deps.gateway, 'send').mockRejectedValue(new Error('connect timeout'));

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-1', requestId: 'req-1' });

    // Assess: failures other than 410 prove nothing about the socket, so its row stays
    expect(result).toEqual({ greeted: false });
    expect(deps.store.peekConnection('listener-1')).toBeDefined();
  });

  it('forgets a connection that still answers 410 after the deadline: row, count and socket', async () => {
    // Prepare: the client closed its socket during the handshake; no $disconnect will come
    await seedListeners(deps, { 'listener-1': 'es', 'listener-2': 'es' });
    deps.gateway.gone.add('listener-1');

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-1', requestId: 'req-1' });

    // Assess
    expect(result).toEqual({ greeted: false });
    expect(deps.store.peekConnection('listener-1')).toBeUndefined();
    expect(deps.store.peekSession(SESSION_ID)?.listenerCount).toBe(1);
    expect(deps.gateway.closed).toEqual(['listener-1']);
  });

  it('tells a refused connection its refusal once it is open, then closes it', async () => {
    // Prepare
    deps.gateway.gone.add('listener-2');
    const sleep = jest.spyOn(deps.clock, 'sleep').mockImplementation(async (ms) => {
      deps.clock.advance(ms);
      deps.gateway.gone.delete('listener-2');
    });
    const refusal = { code: 'RATE_LIMIT_EXCEEDED' as const, message: 'busy', retryAfter: 12 };

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-2', requestId: 'req-2', refusal });

    // Assess
    expect(result).toEqual({ greeted: false });
    expect(sleep.mock.calls).toEqual([[100]]);
    expect(deps.gateway.messagesTo('listener-2')).toEqual([
      { type: 'error', timestamp: deps.clock.now(), requestId: 'req-2', action: '$connect', ...refusal },
    ]);
    expect(deps.gateway.closed).toEqual(['listener-2']);
  });

  it('closes a refused connection that never opens after 5 s, telling it nothing', async () => {
    // Prepare
    deps.gateway.gone.add('listener-2');
    jest.spyOn(deps.gateway, 'send').mockRejectedValueOnce(new Error('throttled'));
    const started = deps.clock.now();
    const refusal = { code: 'SERVICE_UNAVAILABLE' as const, message: 'later', retryAfter: 5 };

    // Act
    const result = await connectionReadyHandler({ connectionId: 'listener-2', requestId: 'req-2', refusal });

    // Assess
    expect(result).toEqual({ greeted: false });
    expect(deps.clock.now() - started).toBe(5_000);
    expect(deps.gateway.sent).toEqual([]);
    expect(deps.gateway.closed).toEqual(['listener-2']);
  });

  it('gives up after 5 s on the injected clock when the connection never opens', async () => {
    // Prepare
    const greetingAttempts = jest.spyOn(deps.store, 'getConnection');
    const started = deps.clock.now();

    // Act
    const result = await connectionReadyHandler({ connectionId: 'closed-early', requestId: 'req-1' });

    // Assess
    expect(result).toEqual({ greeted: false });
    expect(greetingAttempts).toHaveBeenCalledTimes(50);
    expect(deps.clock.now() - started).toBe(5_000);
  });
});
