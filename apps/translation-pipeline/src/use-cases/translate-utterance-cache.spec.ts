import { translationCacheKey } from '../domain/cache-key';
import { createTestDeps, seedListeners, seedSession, transcribedEvent } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';
import { flushTicks, SlowWriteCache, typesReceivedBy } from './translate-utterance.spec-helper';

// The translation cache: read before translating, written without holding up delivery.

describe('translateUtterance', () => {
  it('delivers without waiting for the new translation to reach the cache, and finishes once it has', async () => {
    // Prepare
    const cache = new SlowWriteCache();
    const deps = createTestDeps({ cache });
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    let finished = false;

    // Act
    const delivered = translateUtterance(deps, transcribedEvent()).then((report) => {
      finished = true;
      return report;
    });
    await flushTicks();
    const receivedBeforeTheWrite = typesReceivedBy(deps, 'listener-es');
    const finishedBeforeTheWrite = finished;
    cache.gate.open();
    await delivered;

    // Assess
    expect(receivedBeforeTheWrite).toEqual(['translatedAudio']);
    expect(finishedBeforeTheWrite).toBe(false);
    expect(cache.entries.size).toBe(1);
  });

  it('serves a cached translation without calling the translator', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    deps.cache.entries.set(
      translationCacheKey('en', 'es', 'blessed are the peacemakers'),
      'Bienaventurados los pacificadores',
    );

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.calls).toEqual([]);
    expect(report.languages[0]).toMatchObject({ language: 'es', cacheHit: true, ok: true });
    expect(deps.listeners.messagesTo('listener-es')[0]).toMatchObject({
      transcript: 'Bienaventurados los pacificadores',
    });
    expect(deps.synthesizer.calls[0]?.text).toBe('Bienaventurados los pacificadores');
  });

  it('remembers a new translation in the cache for the next utterance', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));
    await translateUtterance(
      deps,
      transcribedEvent({ sequenceNumber: 2, text: 'blessed are the  peacemakers' }),
    );

    // Assess
    expect(deps.translator.calls).toHaveLength(1);
    expect(deps.cache.entries.get(translationCacheKey('en', 'es', 'Blessed are the peacemakers'))).toBe(
      '[es] Blessed are the peacemakers',
    );
  });

  it('translates anyway when the cache cannot be read, and delivers when it cannot be written', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    deps.cache.failReads = true;
    deps.cache.failWrites = true;

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.calls).toHaveLength(1);
    expect(report.languages[0]?.ok).toBe(true);
    expect(typesReceivedBy(deps, 'listener-es')).toEqual(['translatedAudio']);
  });
});
