import { emittedMetricCalls, stubDeps } from '@lingocast/lambda/testing';
import { getDeps } from '../composition';
import { createTestDeps, seedListeners, seedSession, transcribedEvent } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { STALE_UTTERANCE_AFTER_MS, translateUtteranceHandler } from './translate';

jest.mock('@lingocast/logging', () => jest.requireActual('@lingocast/lambda/testing').loggingMock());
jest.mock('../composition', () => jest.requireActual('@lingocast/lambda/testing').compositionMock());

let deps: TestDeps;

beforeEach(() => {
  deps = stubDeps(getDeps, createTestDeps());
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
    expect(deps.listeners.messagesTo('listener-es')).toHaveLength(1); // the audio, with the caption in it
  });

  it('refuses an event that breaks the contract without doing any work', async () => {
    // Act
    const result = await translateUtteranceHandler({ ...transcribedEvent(), text: '' });

    // Assess
    expect(result).toEqual({ invalid: expect.any(String) });
    expect(deps.translator.calls).toEqual([]);
  });
});

describe('translateUtteranceHandler with stale or failed work', () => {
  it('drops an utterance handed on longer ago than the budget, counts it and sends nothing', async () => {
    // Prepare
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    const handedOnAt = deps.clock.now() - STALE_UTTERANCE_AFTER_MS - 1;
    const event = transcribedEvent({
      timings: {
        lastChunkReceivedAt: handedOnAt - 2_000,
        assembledAt: handedOnAt - 1_500,
        transcribedAt: handedOnAt,
      },
    });

    // Act
    const result = await translateUtteranceHandler(event);

    // Assess
    expect(result).toEqual({ dropped: 'stale', ageMs: STALE_UTTERANCE_AFTER_MS + 1 });
    expect(deps.translator.calls).toEqual([]);
    expect(deps.listeners.messagesTo('listener-es')).toEqual([]);
    expect(emittedMetricCalls('StaleUtterancesDropped')).toEqual([
      [
        expect.anything(),
        'LingoCast',
        'StaleUtterancesDropped',
        1,
        'Count',
        { Service: 'translation-pipeline' },
      ],
    ]);
  });

  it('serves an utterance exactly at the budget', async () => {
    // Prepare
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    const handedOnAt = deps.clock.now() - STALE_UTTERANCE_AFTER_MS;

    // Act
    const result = await translateUtteranceHandler(
      transcribedEvent({
        timings: { lastChunkReceivedAt: handedOnAt, assembledAt: handedOnAt, transcribedAt: handedOnAt },
      }),
    );

    // Assess
    expect(result).toMatchObject({ languages: [{ language: 'es', ok: true }] });
    expect(emittedMetricCalls('StaleUtterancesDropped')).toEqual([]);
    expect(emittedMetricCalls('LanguageFailures')).toEqual([]);
  });

  it('counts the languages that failed as fan-out failures, and only those', async () => {
    // Prepare
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr', 'listener-ca': 'ca' });
    deps.translator.failing.add('fr');
    deps.translator.failing.add('ca');

    // Act
    const result = await translateUtteranceHandler(transcribedEvent());

    // Assess
    expect(result).toMatchObject({
      languages: expect.arrayContaining([expect.objectContaining({ language: 'es', ok: true })]),
    });
    expect(emittedMetricCalls('LanguageFailures')).toEqual([
      [expect.anything(), 'LingoCast', 'LanguageFailures', 2, 'Count', { Service: 'translation-pipeline' }],
    ]);
  });
});
