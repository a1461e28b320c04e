import { getDeps } from '../composition';
import { websocketEvent } from '../testing/events';
import { createTestDeps, seedActiveSession, seedListeners, seedSpeaker, SESSION_ID } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { messageHandler } from './ws-message';

// `replay` through the real WebSocket handler: the frame is validated, dispatched, answered, and
// every refusal is an `error` pushed to the caller with the client's requestId.

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
  for (const sequenceNumber of [1, 2]) {
    await deps.replay.record(
      {
        sessionId: SESSION_ID,
        language: 'es',
        sequenceNumber,
        caption: {
          type: 'transcript',
          timestamp: 1,
          sessionId: SESSION_ID,
          sequenceNumber,
          sourceLanguage: 'en',
          sourceText: `sentence ${sequenceNumber}`,
          targetLanguage: 'es',
          translatedText: `frase ${sequenceNumber}`,
        },
        recordedAt: deps.clock.now(),
      },
      deps.clock.now(),
    );
  }
  jest.mocked(getDeps).mockReturnValue(deps);
});

function frame(connectionId: string, body: unknown) {
  return websocketEvent({ connectionId, body: JSON.stringify(body), requestId: 'gw-req' });
}

describe('messageHandler: replay', () => {
  it("answers a listener's replay with what it missed, then replayComplete echoing its requestId", async () => {
    // Act
    const result = await messageHandler(
      frame('listener-1', { action: 'replay', afterSequenceNumber: 0, requestId: 'client-7' }),
    );

    // Assess
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({ type: 'transcript', sequenceNumber: 1 }),
      expect.objectContaining({ type: 'transcript', sequenceNumber: 2 }),
      expect.objectContaining({
        type: 'replayComplete',
        requestId: 'client-7',
        sessionId: SESSION_ID,
        targetLanguage: 'es',
        replayed: 2,
        lastSequenceNumber: 2,
        windowMs: deps.replay.windowMs,
      }),
    ]);
  });

  it('answers afterSequenceNumber -1 (greeted before anything was said) with every utterance from the first', async () => {
    // Act
    await messageHandler(
      frame('listener-1', { action: 'replay', afterSequenceNumber: -1, requestId: 'c-1' }),
    );

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({ type: 'transcript', sequenceNumber: 1 }),
      expect.objectContaining({ type: 'transcript', sequenceNumber: 2 }),
      expect.objectContaining({ type: 'replayComplete', requestId: 'c-1', replayed: 2 }),
    ]);
    expect(deps.gateway.messagesTo('listener-1')[2]).not.toHaveProperty('missed');
  });

  it.each([
    ['both afterSequenceNumber and recent', { afterSequenceNumber: 0, recent: 2 }],
    ['neither', {}],
    ['recent over the maximum (20)', { recent: 21 }],
    ['a number below -1', { afterSequenceNumber: -2 }],
  ])('pushes error INVALID_PARAMETERS for %s, and replays nothing', async (_case, fields) => {
    // Act
    await messageHandler(frame('listener-1', { action: 'replay', requestId: 'client-8', ...fields }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'INVALID_PARAMETERS',
        requestId: 'client-8',
        action: 'replay',
      }),
    ]);
  });

  it('pushes error UNAUTHORIZED_ACTION to a speaker asking for a replay', async () => {
    // Act
    await messageHandler(frame('speaker-conn', { action: 'replay', recent: 2, requestId: 'client-9' }));

    // Assess
    expect(deps.gateway.messagesTo('speaker-conn')).toEqual([
      expect.objectContaining({ type: 'error', code: 'UNAUTHORIZED_ACTION', requestId: 'client-9' }),
    ]);
  });

  it('pushes error SESSION_ENDED once the session has ended', async () => {
    // Prepare
    await deps.store.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

    // Act
    await messageHandler(frame('listener-1', { action: 'replay', afterSequenceNumber: 0 }));

    // Assess
    expect(deps.gateway.messagesTo('listener-1')).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'SESSION_ENDED',
        requestId: 'gw-req',
        action: 'replay',
      }),
    ]);
  });
});
