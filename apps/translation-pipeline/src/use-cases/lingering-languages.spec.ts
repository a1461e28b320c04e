import { createLogger } from '@lingocast/logging';
import { InMemoryReplayStore } from '@lingocast/session-data/testing';
import { SESSION_ID, createTestDeps, seedListeners, seedSession, transcribedEvent } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';

// A language whose last listener dropped keeps being translated, spoken and recorded (sent to nobody)
// for the replay window, so the listener who comes back finds what was said meanwhile.

const WINDOW_MS = 300_000;

function depsWithReplay(): TestDeps & { replay: InMemoryReplayStore } {
  return {
    ...createTestDeps({ logger: createLogger('lingering-test', 'silent') }),
    replay: new InMemoryReplayStore({ windowMs: WINDOW_MS }),
  };
}

async function dropListener(deps: TestDeps, connectionId: string): Promise<void> {
  expect(await deps.sessions.removeConnection(connectionId, deps.clock.now())).toBeDefined();
}

describe('lingering languages', () => {
  it('notes the languages that have listeners', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'fr-1': 'fr' }, ['fr-1']);

    // Act
    await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(await deps.replay.recentLanguages(SESSION_ID, deps.clock.now())).toEqual(['es', 'fr']);
  });

  it('translates, speaks and records a language whose listeners all left, and sends it to nobody', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'fr-1': 'fr' });
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));
    await dropListener(deps, 'fr-1');
    deps.clock.advance(10_000);
    const batchesBefore = deps.listeners.batches.length;

    // Act
    const report = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 2 }));

    // Assess
    const french = report.languages.find((language) => language.language === 'fr');
    expect(french).toMatchObject({ ok: true, listeners: 0, lingering: true, replay: 'recorded' });
    expect(french).not.toHaveProperty('firstAudioSentAt');
    expect(deps.synthesizer.calls.filter((call) => call.language === 'fr')).toHaveLength(2);
    expect(deps.listeners.batches.slice(batchesBefore).flatMap((batch) => batch.connectionIds)).toEqual([
      'es-1',
    ]);
    const { entries } = await deps.replay.after(SESSION_ID, 'fr', 1, deps.clock.now(), 10);
    expect(entries.map((entry) => [entry.sequenceNumber, entry.audioFrames?.length])).toEqual([[2, 1]]);
  });

  it('serves the lingering languages when nobody at all is listening, and none once the window has passed', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));
    await dropListener(deps, 'es-1');

    // Act
    deps.clock.advance(WINDOW_MS);
    const inside = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 2 }));
    deps.clock.advance(1);
    const after = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 3 }));

    // Assess
    expect(inside.skipped).toBeUndefined();
    expect(inside.languages).toEqual([
      expect.objectContaining({ language: 'es', lingering: true, ok: true }),
    ]);
    expect(after).toEqual({ skipped: 'no-listeners', languages: [] });
    expect(deps.replay.recorded.map((entry) => entry.sequenceNumber)).toEqual([1, 2]);
  });

  it('keeps a lingering language from extending its own stay: only languages with listeners are noted', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));
    await dropListener(deps, 'es-1');
    const noted = jest.spyOn(deps.replay, 'noteLanguages');

    // Act
    deps.clock.advance(1_000);
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 2 }));

    // Assess
    expect(noted).not.toHaveBeenCalled();
    expect(await deps.replay.recentLanguages(SESSION_ID, deps.clock.now() + WINDOW_MS - 1_000)).toEqual([
      'es',
    ]);
    expect(await deps.replay.recentLanguages(SESSION_ID, deps.clock.now() + WINDOW_MS)).toEqual([]);
  });

  it('goes on without lingering languages when they cannot be read, and without noting when that fails', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    jest.spyOn(deps.replay, 'recentLanguages').mockRejectedValue(new Error('replay table unavailable'));
    jest.spyOn(deps.replay, 'noteLanguages').mockRejectedValue(new Error('replay table unavailable'));
    const warnings = jest.spyOn(deps.logger, 'warn');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages).toEqual([
      expect.objectContaining({ language: 'es', ok: true, replay: 'recorded' }),
    ]);
    expect(deps.listeners.messagesTo('es-1').map((message) => message.type)).toEqual(['translatedAudio']);
    expect(warnings).toHaveBeenCalledWith(
      expect.anything(),
      'could not read the recent languages; none lingers this time',
    );
    expect(warnings).toHaveBeenCalledWith(
      expect.objectContaining({ languages: ['es'] }),
      'could not note the languages served',
    );
  });

  it('names the lingering languages and the replay outcome in the utterance log', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'fr-1': 'fr' });
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));
    await dropListener(deps, 'fr-1');
    const infos = jest.spyOn(deps.logger, 'info');

    // Act
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 2 }));

    // Assess
    expect(infos).toHaveBeenCalledWith(
      expect.objectContaining({
        languages: expect.arrayContaining([
          expect.objectContaining({ language: 'es', replay: 'recorded' }),
          expect.objectContaining({ language: 'fr', listeners: 0, lingering: true, replay: 'recorded' }),
        ]),
      }),
      'utterance delivered',
    );
  });
});
