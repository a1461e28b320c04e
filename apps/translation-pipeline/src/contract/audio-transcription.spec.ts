import { CONTRACT_EXAMPLES } from '@lingocast/contract';
import { validateUtteranceTranscribedEvent } from '@lingocast/validation';
import { getDeps } from '../composition';
import { translateUtteranceHandler } from '../handlers/translate';
import { createTestDeps, seedListeners, seedSession } from '../testing/fakes';

// audio-transcription → translation-pipeline: the utterance event audio-transcription sends (its
// contract example) is the one this app validates (libs/validation) and translates.

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

describe('the utterance event translation-pipeline receives', () => {
  it('accepts the contract example and delivers it to the listeners', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.utteranceTranscribed;
    const deps = createTestDeps();
    deps.clock.advance(example.timings.transcribedAt - deps.clock.now());
    jest.mocked(getDeps).mockReturnValue(deps);
    seedSession(deps, { sessionId: example.sessionId, sourceLanguage: example.sourceLanguage });
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    const validated = validateUtteranceTranscribedEvent(example);
    const report = await translateUtteranceHandler(example);

    // Assess
    expect(validated.ok).toBe(true);
    expect(report).toMatchObject({ languages: [{ language: 'es', ok: true }] });
    expect(deps.listeners.messagesTo('listener-es').map((message) => message.type)).toContain(
      'translatedAudio',
    );
  });
});
