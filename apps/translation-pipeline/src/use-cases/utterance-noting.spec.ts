import { createLogger } from '@lingocast/logging';
import { InMemoryReplayStore } from '@lingocast/session-data/testing';
import { SESSION_ID, createTestDeps, seedListeners, seedSession, transcribedEvent } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { Gate, flushTicks } from './translate-utterance.spec-helper';
import { translateUtterance } from './translate-utterance';

// Every utterance of a live session is noted as the session's newest, listened to or not, so a
// listener greeted before it (and dropped before hearing it) learns the number to replay after.

/** A replay store whose noting can fail, or wait for a gate. */
class NotingReplayStore extends InMemoryReplayStore {
  failNotes = false;
  gate: Gate | undefined;
  readonly notes: number[] = [];

  override async noteUtterance(sessionId: string, sequenceNumber: number, nowMs: number): Promise<void> {
    this.notes.push(sequenceNumber);
    await this.gate?.opened;
    if (this.failNotes) throw new Error('replay table unavailable');
    return super.noteUtterance(sessionId, sequenceNumber, nowMs);
  }
}

function depsWithReplay(): TestDeps & { replay: NotingReplayStore } {
  return {
    ...createTestDeps({ logger: createLogger('utterance-noting-test', 'silent') }),
    replay: new NotingReplayStore(),
  };
}

describe("noting the session's newest utterance", () => {
  it('notes an utterance nobody listens to, and the next ones as they come', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);

    // Act
    const first = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 0 }));
    await seedListeners(deps, { 'es-1': 'es' });
    await translateUtterance(deps, transcribedEvent({ sequenceNumber: 1 }));

    // Assess
    expect(first.skipped).toBe('no-listeners');
    expect(deps.replay.notes).toEqual([0, 1]);
    expect(await deps.replay.newestUtterance(SESSION_ID, deps.clock.now())).toBe(1);
  });

  it('notes nothing for a missing or an ended session', async () => {
    // Prepare
    const deps = depsWithReplay();

    // Act
    const missing = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 3 }));
    seedSession(deps, { status: 'ended' });
    const ended = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 4 }));

    // Assess
    expect([missing.skipped, ended.skipped]).toEqual(['session-missing', 'session-ended']);
    expect(deps.replay.notes).toEqual([]);
  });

  it('delivers without waiting for the note, and ends only once it is done', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    deps.replay.gate = new Gate();
    let finished = false;

    // Act
    const translating = translateUtterance(deps, transcribedEvent()).then((report) => {
      finished = true;
      return report;
    });
    await flushTicks(50);
    const deliveredWhileHeld = deps.listeners.messagesTo('es-1').length;
    const finishedWhileHeld = finished;
    deps.replay.gate.open();
    const report = await translating;

    // Assess
    expect(deliveredWhileHeld).toBeGreaterThan(0);
    expect(finishedWhileHeld).toBe(false);
    expect(report.languages[0]).toMatchObject({ language: 'es', ok: true });
    expect(await deps.replay.newestUtterance(SESSION_ID, deps.clock.now())).toBe(4);
  });

  it('waits for the note before the no-listeners return too', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    deps.replay.gate = new Gate();
    let finished = false;

    // Act
    const translating = translateUtterance(deps, transcribedEvent()).then(() => {
      finished = true;
    });
    await flushTicks(50);
    const finishedWhileHeld = finished;
    deps.replay.gate.open();
    await translating;

    // Assess
    expect(finishedWhileHeld).toBe(false);
    expect(deps.replay.notes).toEqual([4]);
  });

  it('logs and counts a failed note, and still delivers the utterance', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    deps.replay.failNotes = true;
    const errors = jest.spyOn(deps.logger, 'error');
    const infos = jest.spyOn(deps.logger, 'info');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]).toMatchObject({ ok: true, replay: 'recorded' });
    expect(deps.listeners.messagesTo('es-1').map((message) => message.type)).toEqual(['translatedAudio']);
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ utterance: 4 }),
      "could not note the session's newest utterance for replay",
    );
    expect(infos).toHaveBeenCalledWith(
      expect.objectContaining({ ReplayRecordFailed: 1, Service: 'translation-pipeline' }),
      'metric ReplayRecordFailed',
    );
  });

  it('still fails, after the note, when a read fails', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    jest.spyOn(deps.sessions, 'listListeners').mockRejectedValue(new Error('throttled'));

    // Act
    const translating = translateUtterance(deps, transcribedEvent());

    // Assess
    await expect(translating).rejects.toThrow('throttled');
    expect(await deps.replay.newestUtterance(SESSION_ID, deps.clock.now())).toBe(4);
  });

  it('notes nothing and fails as before when the session read fails', async () => {
    // Prepare
    const deps = depsWithReplay();
    jest.spyOn(deps.sessions, 'getSession').mockRejectedValue(new Error('unavailable'));

    // Act
    const translating = translateUtterance(deps, transcribedEvent());

    // Assess
    await expect(translating).rejects.toThrow('unavailable');
    expect(deps.replay.notes).toEqual([]);
  });

  it('works without a replay store', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.skipped).toBe('no-listeners');
  });
});
