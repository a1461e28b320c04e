import { DomainError } from '@lingocast/errors';
import { getDeps } from '../composition';
import { websocketEvent } from '../testing/events';
import { createTestDeps, seedActiveSession, seedListeners, seedSpeaker } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { messageHandler } from './ws-message';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getTokenVerifier: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(async () => {
  deps = createTestDeps();
  seedActiveSession(deps);
  await seedSpeaker(deps, 'speaker-conn');
  await seedListeners(deps, { 'listener-1': 'es' });
  jest.mocked(getDeps).mockReturnValue(deps);
});

function frame(connectionId: string, body: unknown, options: { isBase64Encoded?: boolean } = {}) {
  return websocketEvent({
    connectionId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    requestId: 'gw-req',
    ...options,
  });
}

describe('messageHandler', () => {
  it('runs a valid action and pushes its reply, echoing the client requestId', async () => {
    // Act
    const result = await messageHandler(frame('listener-1', { action: 'heartbeat', requestId: 'client-1' }));

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      { type: 'heartbeatAck', timestamp: deps.clock.now(), requestId: 'client-1' },
    ]);
  });

  it('uses the gateway request id when the client gave none', async () => {
    // Act
    await messageHandler(frame('listener-1', { action: 'heartbeat' }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([expect.objectContaining({ requestId: 'gw-req' })]);
  });

  it('pushes error INVALID_MESSAGE for a frame that is not JSON', async () => {
    // Act
    const result = await messageHandler(frame('listener-1', '{not json'));

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      {
        type: 'error',
        timestamp: deps.clock.now(),
        code: 'INVALID_MESSAGE',
        message: 'message is not valid JSON',
        requestId: 'gw-req',
      },
    ]);
  });

  it('pushes error INVALID_MESSAGE for a binary frame', async () => {
    // Act
    await messageHandler(frame('speaker-conn', 'AAECAw==', { isBase64Encoded: true }));

    // Assess
    expect(deps.gateway.messagesTo('speaker-conn')).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'INVALID_MESSAGE',
        message: expect.stringContaining('binary'),
      }),
    ]);
  });

  it('pushes error INVALID_ACTION naming an unknown action ($default route)', async () => {
    // Act
    await messageHandler(frame('listener-1', { action: 'launchRockets', requestId: 'client-2' }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'INVALID_ACTION',
        requestId: 'client-2',
        action: 'launchRockets',
      }),
    ]);
  });

  it('pushes error INVALID_PARAMETERS for an action with bad fields', async () => {
    // Act
    await messageHandler(frame('speaker-conn', { action: 'setVolume', volume: 7 }));

    // Assess
    expect(deps.gateway.messagesTo('speaker-conn')).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAMETERS', action: 'setVolume' }),
    ]);
  });

  it.each([['"true"'], ['1'], ['null']])(
    'pushes error INVALID_PARAMETERS for setCaptionsOnly with captionsOnly %s, changing nothing',
    async (flag) => {
      // Act
      await messageHandler(frame('listener-1', `{"action":"setCaptionsOnly","captionsOnly":${flag}}`));

      // Assess
      expect(deps.gateway.messagesTo('listener-1')).toEqual([
        expect.objectContaining({ type: 'error', code: 'INVALID_PARAMETERS', action: 'setCaptionsOnly' }),
      ]);
      expect(deps.store.peekConnection('listener-1')).not.toHaveProperty('captionsOnly');
    },
  );

  it('answers a listener’s setCaptionsOnly with captionsOnlyChanged, echoing its requestId', async () => {
    // Act
    await messageHandler(
      frame('listener-1', { action: 'setCaptionsOnly', captionsOnly: true, requestId: 'captions-1' }),
    );

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      {
        type: 'captionsOnlyChanged',
        timestamp: deps.clock.now(),
        requestId: 'captions-1',
        captionsOnly: true,
      },
    ]);
  });

  it.each([['"true"'], ['1'], ['null']])(
    'pushes error INVALID_PARAMETERS for setLiveCaptions with liveCaptions %s, changing nothing',
    async (flag) => {
      // Act
      await messageHandler(frame('listener-1', `{"action":"setLiveCaptions","liveCaptions":${flag}}`));

      // Assess
      expect(deps.gateway.messagesTo('listener-1')).toEqual([
        expect.objectContaining({ type: 'error', code: 'INVALID_PARAMETERS', action: 'setLiveCaptions' }),
      ]);
      expect(deps.store.peekConnection('listener-1')).not.toHaveProperty('liveCaptions');
    },
  );

  it('answers a listener’s setLiveCaptions with liveCaptionsChanged, echoing its requestId', async () => {
    // Act
    await messageHandler(
      frame('listener-1', { action: 'setLiveCaptions', liveCaptions: true, requestId: 'live-1' }),
    );

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      { type: 'liveCaptionsChanged', timestamp: deps.clock.now(), requestId: 'live-1', liveCaptions: true },
    ]);
    expect(deps.store.peekConnection('listener-1')).toMatchObject({ liveCaptions: true });
  });

  it('pushes the domain error of a refused action with its request id', async () => {
    // Act
    await messageHandler(frame('listener-1', { action: 'pauseBroadcast', requestId: 'client-3' }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'UNAUTHORIZED_ACTION',
        requestId: 'client-3',
        action: 'pauseBroadcast',
      }),
    ]);
  });

  it('carries retryAfter when the refusal has one', async () => {
    // Prepare
    jest
      .spyOn(deps.store, 'touchConnection')
      .mockRejectedValue(new DomainError('RATE_LIMIT_EXCEEDED', 'slow down', { retryAfter: 5 }));

    // Act
    await messageHandler(frame('listener-1', { action: 'heartbeat' }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 5 }),
    ]);
  });

  it('pushes INTERNAL_ERROR without internals when an action fails unexpectedly', async () => {
    // Prepare
    jest.spyOn(deps.store, 'touchConnection').mockRejectedValue(new Error('secret table name'));

    // Act
    await messageHandler(frame('listener-1', { action: 'heartbeat' }));

    // Assess
    const [reply] = deps.gateway.messagesTo('listener-1');
    expect(reply).toMatchObject({ type: 'error', code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('still answers 200 when the error itself cannot be delivered', async () => {
    // Prepare
    jest.spyOn(deps.store, 'touchConnection').mockRejectedValue(new Error('store down'));
    jest.spyOn(deps.gateway, 'send').mockRejectedValue(new Error('gateway down'));

    // Act
    const result = await messageHandler(frame('listener-1', { action: 'heartbeat' }));

    // Assess
    expect(result).toEqual({ statusCode: 200 });
  });
});
