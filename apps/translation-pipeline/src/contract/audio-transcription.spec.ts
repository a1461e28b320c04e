import { CONTRACT_EXAMPLES } from '@lingocast/contract';
import { validateUtterancePartialEvent, validateUtteranceTranscribedEvent } from '@lingocast/validation';
import { getDeps, getPartialDeps } from '../composition';
import { fanOutPartialHandler } from '../handlers/partial';
import { translateUtteranceHandler } from '../handlers/translate';
import { createTestDeps, seedListeners, seedSession } from '../testing/fakes';

// audio-transcription → translation-pipeline: the utterance and partial events audio-transcription
// sends (its contract examples) are the ones this app validates (libs/validation) and delivers.

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getPartialDeps: jest.fn(),
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

describe('the partial event translation-pipeline receives', () => {
  it('accepts the contract example and posts it to the listeners with live captions', async () => {
    // Prepare
    const example = CONTRACT_EXAMPLES.utterancePartial;
    const deps = createTestDeps();
    deps.clock.advance(example.emittedAt - deps.clock.now());
    jest.mocked(getPartialDeps).mockReturnValue(deps);
    seedSession(deps, { sessionId: example.sessionId, sourceLanguage: example.sourceLanguage });
    await seedListeners(deps, { 'listener-es': 'es' }, [], ['listener-es']);

    // Act
    const validated = validateUtterancePartialEvent(example);
    const report = await fanOutPartialHandler(example);

    // Assess
    expect(validated.ok).toBe(true);
    expect(report).toEqual({ listeners: 1, gone: 0, failed: 0 });
    expect(deps.listeners.messagesTo('listener-es')).toEqual([
      expect.objectContaining({
        type: 'transcriptPartial',
        sequenceNumber: example.sequenceNumber,
        sourceLanguage: example.sourceLanguage,
        text: example.text,
      }),
    ]);
  });
});
