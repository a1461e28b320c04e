import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import {
  createTestDeps,
  RecordingSynthesizer,
  seedListeners,
  seedSession,
  SESSION_ID,
  transcribedEvent,
} from '../testing/fakes';
import { translateUtterance } from './translate-utterance';
import { typesReceivedBy } from './translate-utterance.spec-helper';

// One language failing, and listeners whose connections are gone, do not stop the others.

describe('translateUtterance', () => {
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
});
