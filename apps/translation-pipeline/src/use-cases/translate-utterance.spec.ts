import { LIMITS } from '@lingocast/contract';
import {
  createTestDeps,
  EMOTION,
  fakeMp3,
  RecordingSynthesizer,
  ScriptedTranslator,
  seedListeners,
  seedSession,
  SESSION_ID,
  transcribedEvent,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';
import {
  audioMessages,
  audioReceivedBy,
  flushTicks,
  Gate,
  HeldSynthesizer,
  typesReceivedBy,
} from './translate-utterance.spec-helper';

// What each listener gets and when; the cache: translate-utterance-cache.spec.ts; failures and gone
// listeners: translate-utterance-failures.spec.ts.

describe('translateUtterance', () => {
  it('translates and speaks only the languages that have listeners', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.languagesTranslated()).toEqual(['es', 'fr']);
    expect(deps.synthesizer.calls.map((call) => call.language).sort()).toEqual(['es', 'fr']);
    expect(report.languages.map((language) => language.language).sort()).toEqual(['es', 'fr']);
    expect(report.languages.every((language) => language.ok)).toBe(true);
  });

  it('translates and synthesises each language once however many listeners it has', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'es-2': 'es', 'es-3': 'es', 'es-4': 'es', 'fr-1': 'fr' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.languagesTranslated()).toEqual(['es', 'fr']);
    expect(deps.synthesizer.calls).toHaveLength(2);
    for (const listener of ['es-1', 'es-2', 'es-3', 'es-4', 'fr-1']) {
      expect(audioReceivedBy(deps, listener).equals(fakeMp3(1_000))).toBe(true);
    }
    expect(report.languages.find((language) => language.language === 'es')?.listeners).toBe(4);
  });

  it('sends each listener one message: the translated audio with the caption inside it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.listeners.messagesTo('listener-es')).toEqual([
      {
        type: 'translatedAudio',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        targetLanguage: 'es',
        sequenceNumber: 4,
        part: 0,
        parts: 1,
        format: 'mp3',
        audio: fakeMp3(1_000).toString('base64'),
        durationMs: 1_234,
        transcript: '[es] Blessed are the peacemakers',
        sourceLanguage: 'en',
        sourceText: 'Blessed are the peacemakers',
        emotion: EMOTION,
      },
    ]);
  });

  it('sends a captions-only listener the transcript without waiting for the speech of its language', async () => {
    // Prepare
    const gate = new Gate();
    const deps = createTestDeps({ synthesizer: new HeldSynthesizer(gate) });
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'reader-es': 'es' }, ['reader-es']);

    // Act
    const delivered = translateUtterance(deps, transcribedEvent());
    await flushTicks();
    const readerBeforeSpeech = typesReceivedBy(deps, 'reader-es');
    const listenerBeforeSpeech = typesReceivedBy(deps, 'listener-es');
    gate.open();
    await delivered;

    // Assess
    expect(readerBeforeSpeech).toEqual(['transcript']);
    expect(listenerBeforeSpeech).toEqual([]);
    expect(typesReceivedBy(deps, 'reader-es')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'listener-es')).toEqual(['translatedAudio']);
  });

  it('puts the caption in every part of a long utterance, and sends no separate transcript', async () => {
    // Prepare
    const deps = createTestDeps({ synthesizer: new RecordingSynthesizer(60_000) });
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    await translateUtterance(deps, transcribedEvent());

    // Assess
    const received = deps.listeners.messagesTo('listener-es');
    expect(received.length).toBeGreaterThan(1);
    expect(audioMessages(received)).toHaveLength(received.length);
    for (const part of audioMessages(received)) {
      expect(part).toMatchObject({ sourceLanguage: 'en', sourceText: 'Blessed are the peacemakers' });
      expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
    }
  });

  it('synthesises the translation with the speaker’s emotion', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-fr': 'fr' });

    // Act
    await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.synthesizer.calls).toEqual([
      { text: '[fr] Blessed are the peacemakers', language: 'fr', emotion: EMOTION },
    ]);
  });

  it('splits long audio into frames of at most 32 KB that add up to the whole', async () => {
    // Prepare
    const deps = createTestDeps({ synthesizer: new RecordingSynthesizer(150_000) });
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    await translateUtterance(deps, transcribedEvent());

    // Assess
    const parts = audioMessages(deps.listeners.messagesTo('listener-es'));
    expect(parts.length).toBeGreaterThan(4);
    expect(parts.every((part) => Buffer.byteLength(JSON.stringify(part)) <= LIMITS.maxFrameBytes)).toBe(true);
    expect(audioReceivedBy(deps, 'listener-es').equals(fakeMp3(150_000))).toBe(true);
  });

  it('works on all languages in parallel', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr', 'listener-de': 'de' });
    deps.translator.hold();

    // Act
    const pending = translateUtterance(deps, transcribedEvent());
    await flushTicks();
    const inFlight = deps.translator.inFlight;
    deps.translator.release();
    await pending;

    // Assess
    expect(inFlight).toBe(3);
    expect(deps.listeners.received.size).toBe(3);
  });

  it('does not translate for listeners of the source language', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-en': 'en' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.calls).toEqual([]);
    expect(deps.listeners.messagesTo('listener-en')[0]).toMatchObject({
      transcript: 'Blessed are the peacemakers',
      sourceText: 'Blessed are the peacemakers',
    });
    expect(deps.synthesizer.calls).toEqual([
      { text: 'Blessed are the peacemakers', language: 'en', emotion: EMOTION },
    ]);
    expect(report.languages[0]).toMatchObject({ ok: true, cacheHit: false });
  });

  it('sends captions only while the broadcast is muted', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps, { broadcastState: { paused: false, muted: true, volume: 1 } });
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'listener-es')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'listener-fr')).toEqual(['transcript']);
    expect(deps.synthesizer.calls).toEqual([]);
    expect(report.languages.every((language) => language.ok && language.firstAudioSentAt === undefined)).toBe(
      true,
    );
  });

  it('reports how long each stage took, measured on the injected clock', async () => {
    // Prepare
    const deps: TestDeps = createTestDeps({
      translator: new ScriptedTranslator(() => deps.clock.advance(120)),
      synthesizer: new RecordingSynthesizer(1_000, () => deps.clock.advance(300)),
    });
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]).toMatchObject({
      translationMs: 120,
      synthesisMs: 300,
      fanOutMs: 0,
      firstAudioSentAt: deps.clock.now(),
    });
  });

  it('does nothing when nobody listens', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).toEqual({ skipped: 'no-listeners', languages: [] });
    expect(deps.translator.calls).toEqual([]);
    expect(deps.synthesizer.calls).toEqual([]);
  });

  it('does nothing for a session that has ended', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es' });
    await deps.sessions.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).toEqual({ skipped: 'session-ended', languages: [] });
    expect(deps.translator.calls).toEqual([]);
    expect(deps.listeners.received.size).toBe(0);
  });

  it('does nothing for a session that no longer exists', async () => {
    // Prepare
    const deps = createTestDeps();

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).toEqual({ skipped: 'session-missing', languages: [] });
  });
});
