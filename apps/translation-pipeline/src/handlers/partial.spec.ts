import { createLogger } from '@lingocast/logging';
import { getPartialDeps } from '../composition';
import { createTestDeps, partialEvent, seedListeners, seedSession } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { fanOutPartialHandler, STALE_PARTIAL_AFTER_MS } from './partial';

jest.mock('../composition', () => ({
  getPartialDeps: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(async () => {
  deps = createTestDeps({ logger: createLogger('test', 'silent') });
  jest.mocked(getPartialDeps).mockReturnValue(deps);
  seedSession(deps);
  await seedListeners(deps, { 'es-live': 'es', 'es-plain': 'es' }, [], ['es-live']);
});

describe('fanOutPartialHandler', () => {
  it('posts a valid partial to the listeners with live captions', async () => {
    // Act
    const result = await fanOutPartialHandler(partialEvent(deps));

    // Assess
    expect(result).toEqual({ listeners: 1, gone: 0, failed: 0 });
    expect(deps.listeners.messagesTo('es-live').map((message) => message.type)).toEqual([
      'transcriptPartial',
    ]);
    expect(deps.listeners.messagesTo('es-plain')).toEqual([]);
  });

  it.each([
    ['text longer than 2000 characters', { text: 'a'.repeat(2001) }],
    ['an event of another kind', { kind: 'utteranceTranscribed' }],
    ['no emittedAt', { emittedAt: undefined }],
  ])('logs and drops an event with %s, posting nothing and throwing nothing', async (_what, change) => {
    // Act
    const result = await fanOutPartialHandler({ ...partialEvent(deps), ...change });

    // Assess
    expect(result).toEqual({ invalid: expect.any(String) });
    expect(deps.listeners.batches).toEqual([]);
  });

  it('logs and drops something that is not an event at all', async () => {
    // Act
    const result = await fanOutPartialHandler('transcriptPartial');

    // Assess
    expect(result).toEqual({ invalid: expect.stringMatching(/object/) });
    expect(deps.listeners.batches).toEqual([]);
  });

  it('drops a partial emitted longer ago than the budget: a later one has replaced it', async () => {
    // Prepare
    const event = partialEvent(deps, { emittedAt: deps.clock.now() - STALE_PARTIAL_AFTER_MS - 1 });

    // Act
    const result = await fanOutPartialHandler(event);

    // Assess
    expect(result).toEqual({ dropped: 'stale', ageMs: STALE_PARTIAL_AFTER_MS + 1 });
    expect(deps.listeners.batches).toEqual([]);
  });

  it('posts a partial exactly at the budget', async () => {
    // Prepare
    const event = partialEvent(deps, { emittedAt: deps.clock.now() - STALE_PARTIAL_AFTER_MS });

    // Act
    const result = await fanOutPartialHandler(event);

    // Assess
    expect(result).toMatchObject({ listeners: 1 });
  });
});
