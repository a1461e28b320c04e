import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import type { ServerMessage, TranslatedAudioMessage } from '@lingocast/contract';
import { LIMITS } from '@lingocast/contract';
import { translationCacheKey } from '../domain/cache-key';
import type { SynthesisRequest, SynthesizedSpeech } from '../ports';
import {
  createTestDeps,
  EMOTION,
  fakeMp3,
  InMemoryTranslationCache,
  RecordingSynthesizer,
  ScriptedTranslator,
  seedListeners,
  seedSession,
  SESSION_ID,
  transcribedEvent,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';

function audioMessages(messages: readonly ServerMessage[]): TranslatedAudioMessage[] {
  return messages.filter((message): message is TranslatedAudioMessage => message.type === 'translatedAudio');
}

function audioReceivedBy(deps: TestDeps, connectionId: string): Buffer {
  const parts = audioMessages(deps.listeners.messagesTo(connectionId)).sort(
    (left, right) => left.part - right.part,
  );
  return Buffer.concat(parts.map((part) => Buffer.from(part.audio, 'base64')));
}

function typesReceivedBy(deps: TestDeps, connectionId: string): ServerMessage['type'][] {
  return deps.listeners.messagesTo(connectionId).map((message) => message.type);
}

async function flushTicks(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A gate that holds callers until `open()`. */
class Gate {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
}

/** Holds every synthesis until its gate opens, as Polly takes a few hundred milliseconds. */
class HeldSynthesizer extends RecordingSynthesizer {
  constructor(private readonly gate: Gate) {
    super();
  }

  override async synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech> {
    await this.gate.opened;
    return super.synthesize(request);
  }
}

/** Holds every write until its gate opens. */
class SlowWriteCache extends InMemoryTranslationCache {
  readonly gate = new Gate();

  override async put(key: string, translation: string): Promise<void> {
    await this.gate.opened;
    return super.put(key, translation);
  }
}

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

  it('delivers the other languages when the translator fails for one', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr', 'listener-de': 'de' });
    deps.translator.failing.add('fr');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'listener-es')).toEqual(['translatedAudio']);
    expect(typesReceivedBy(deps, 'listener-de')).toEqual(['translatedAudio']);
    expect(typesReceivedBy(deps, 'listener-fr')).toEqual([]);
    const french = report.languages.find((language) => language.language === 'fr');
    expect(french).toMatchObject({ ok: false, error: 'no fr translation today' });
  });

  it('still captions a language whose synthesis fails, and delivers the others', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'listener-es': 'es', 'listener-fr': 'fr' });
    deps.synthesizer.failing.add('es');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'listener-es')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'listener-fr')).toEqual(['translatedAudio']);
    expect(report.languages.find((language) => language.language === 'es')?.ok).toBe(false);
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

  it('removes listeners whose connections are gone, once each, and still serves the rest', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'es-2': 'es', 'fr-1': 'fr' });
    deps.clock.advance(HANDSHAKE_GRACE_MS + 1);
    deps.listeners.gone.add('es-2');
    const removeGoneConnection = jest.spyOn(deps.sessions, 'removeGoneConnection');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(removeGoneConnection.mock.calls).toEqual([['es-2', deps.clock.now()]]);
    expect((await deps.sessions.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(2);
    expect(await deps.sessions.listListeners(SESSION_ID, deps.clock.now(), 'es')).toEqual([
      expect.objectContaining({ connectionId: 'es-1' }),
    ]);
    expect(report.languages.find((language) => language.language === 'es')?.gone).toBe(1);
    expect(typesReceivedBy(deps, 'es-1')).toEqual(['translatedAudio']);
    // One post each: the audio carries the caption, so a gone connection is tried once, not again for the audio
    expect(
      deps.listeners.batches.flatMap((batch) => batch.connectionIds).filter((id) => id === 'es-2'),
    ).toEqual(['es-2']);
  });

  it('removes a listener that went away while its speech was synthesised', async () => {
    // Prepare
    const deps = createTestDeps({
      synthesizer: new RecordingSynthesizer(1_000, () => deps.listeners.gone.add('es-1')),
    });
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'es-2': 'es' });
    deps.clock.advance(HANDSHAKE_GRACE_MS + 1);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]?.gone).toBe(1);
    expect(await deps.sessions.getConnection('es-1', deps.clock.now())).toBeUndefined();
  });

  it('keeps a listener whose 410 came while its $connect was still running, and its count', async () => {
    // Prepare: API Gateway answers 410 for a connection until its $connect returns; the row exists already
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'es-new': 'es' });
    deps.clock.advance(HANDSHAKE_GRACE_MS - 5_000); // still opening after the tries to reach it again
    deps.listeners.gone.add('es-new');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]?.gone).toBe(1);
    expect(await deps.sessions.getConnection('es-new', deps.clock.now())).toMatchObject({ role: 'listener' });
    expect((await deps.sessions.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(2);
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
