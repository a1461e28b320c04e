import { getDeps } from '../composition';
import { createTestDeps, seedListeners, seedSession, transcribedEvent } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtteranceHandler } from './translate';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps();
  jest.mocked(getDeps).mockReturnValue(deps);
});

describe('translateUtteranceHandler', () => {
  it('translates and delivers a valid utterance', async () => {
    // Prepare
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    const result = await translateUtteranceHandler(transcribedEvent());

    // Assess
    expect(result).toMatchObject({ languages: [{ language: 'es', ok: true }] });
    expect(deps.listeners.messagesTo('listener-es')).toHaveLength(2);
  });

  it('refuses an event that breaks the contract without doing any work', async () => {
    // Act
    const result = await translateUtteranceHandler({ ...transcribedEvent(), text: '' });

    // Assess
    expect(result).toEqual({ invalid: expect.any(String) });
    expect(deps.translator.calls).toEqual([]);
  });
});
