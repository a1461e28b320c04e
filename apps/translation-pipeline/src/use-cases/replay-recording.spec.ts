import type { ServerMessage } from '@lingocast/contract';
import { createLogger } from '@lingocast/logging';
import type { ReplayEntry, ReplayRecordOutcome } from '@lingocast/session-data';
import { DEFAULT_BROADCAST_STATE } from '@lingocast/session-data';
import { InMemoryReplayStore } from '@lingocast/session-data/testing';
import {
  RecordingSynthesizer,
  SESSION_ID,
  createTestDeps,
  seedListeners,
  seedSession,
  transcribedEvent,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';

// Every language's utterance is recorded for replay beside the fan-out: the caption, and the
// `translatedAudio` frames exactly as the listeners were sent them; a failed record never fails it.

/** A replay store that can fail, or hold every record until released. */
class ControlledReplayStore extends InMemoryReplayStore {
  failRecords = false;
  private held: (() => void)[] | undefined;

  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    waiting.forEach((resolve) => resolve());
  }

  override async record(entry: ReplayEntry, nowMs: number): Promise<ReplayRecordOutcome> {
    if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.failRecords) throw new Error('replay table unavailable');
    return super.record(entry, nowMs);
  }
}

function depsWithReplay(): TestDeps & { replay: ControlledReplayStore } {
  return {
    ...createTestDeps({ logger: createLogger('replay-recording-test', 'silent') }),
    replay: new ControlledReplayStore(),
  };
}

const asPosted = (messages: readonly ServerMessage[]) => messages.map((message) => JSON.stringify(message));

describe('recording utterances for replay', () => {
  it('keeps each language the caption and the audio frames exactly as its listeners got them', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es', 'fr-1': 'fr', 'fr-quiet': 'fr' }, ['fr-quiet']);

    // Act
    const report = await translateUtterance(deps, transcribedEvent({ sequenceNumber: 9 }));

    // Assess
    const { entries } = await deps.replay.after(SESSION_ID, 'es', 0, deps.clock.now(), 10);
    expect(entries).toEqual([
      {
        sessionId: SESSION_ID,
        language: 'es',
        sequenceNumber: 9,
        caption: expect.objectContaining({
          type: 'transcript',
          translatedText: '[es] Blessed are the peacemakers',
        }),
        audioFrames: asPosted(deps.listeners.messagesTo('es-1')),
        recordedAt: deps.clock.now(),
      },
    ]);
    const [french] = (await deps.replay.after(SESSION_ID, 'fr', 0, deps.clock.now(), 10)).entries;
    expect(french?.caption).toEqual(deps.listeners.messagesTo('fr-quiet')[0]);
    expect(french?.audioFrames).toEqual(asPosted(deps.listeners.messagesTo('fr-1')));
    expect(report.languages.map((language) => language.replay)).toEqual(['recorded', 'recorded']);
  });

  it('keeps the caption only of a muted broadcast, of a captions-only language, and when synthesis failed', async () => {
    // Prepare
    const muted = depsWithReplay();
    seedSession(muted, { broadcastState: { ...DEFAULT_BROADCAST_STATE, muted: true } });
    await seedListeners(muted, { 'es-1': 'es' });
    const quiet = depsWithReplay();
    seedSession(quiet);
    await seedListeners(quiet, { 'es-1': 'es' }, ['es-1']);
    const voiceless = depsWithReplay();
    seedSession(voiceless);
    await seedListeners(voiceless, { 'es-1': 'es' });
    voiceless.synthesizer.failing.add('es');

    // Act
    const reports = await Promise.all(
      [muted, quiet, voiceless].map((deps) => translateUtterance(deps, transcribedEvent())),
    );

    // Assess
    for (const deps of [muted, quiet, voiceless]) {
      const { entries } = await deps.replay.after(SESSION_ID, 'es', 0, deps.clock.now(), 10);
      expect(entries).toHaveLength(1);
      expect(entries[0]).not.toHaveProperty('audioFrames');
      expect(entries[0]?.caption).toEqual(deps.listeners.messagesTo('es-1')[0]);
    }
    expect(reports.map((report) => report.languages[0]?.replay)).toEqual([
      'recorded',
      'recorded',
      'recorded',
    ]);
    expect(reports[2]?.languages[0]?.ok).toBe(false);
  });

  it('records nothing for a language whose translation failed, nor for an ended session', async () => {
    // Prepare
    const failing = depsWithReplay();
    seedSession(failing);
    await seedListeners(failing, { 'es-1': 'es' });
    failing.translator.failing.add('es');
    const ended = depsWithReplay();
    seedSession(ended);
    await seedListeners(ended, { 'es-1': 'es' });
    seedSession(ended, { status: 'ended' });

    // Act
    const failed = await translateUtterance(failing, transcribedEvent());
    const skipped = await translateUtterance(ended, transcribedEvent());

    // Assess
    expect(failing.replay.recorded).toEqual([]);
    expect(failed.languages[0]).not.toHaveProperty('replay');
    expect(ended.replay.recorded).toEqual([]);
    expect(skipped.skipped).toBe('session-ended');
  });

  it('delivers before the record is done, and finishes only once it is', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    deps.replay.hold();
    let finished = false;

    // Act
    const utterance = translateUtterance(deps, transcribedEvent()).then((report) => {
      finished = true;
      return report;
    });
    for (let turn = 0; turn < 20 && deps.listeners.messagesTo('es-1').length === 0; turn += 1) {
      await Promise.resolve();
    }
    const deliveredWhileHeld = deps.listeners.messagesTo('es-1').length;
    await new Promise((resolve) => setImmediate(resolve));
    const finishedWhileHeld = finished;
    deps.replay.release();
    const report = await utterance;

    // Assess
    expect(deliveredWhileHeld).toBeGreaterThan(0);
    expect(finishedWhileHeld).toBe(false);
    expect(report.languages[0]?.replay).toBe('recorded');
    expect(deps.replay.recorded).toHaveLength(1);
  });

  it('logs and counts a failed record, and still delivers the utterance', async () => {
    // Prepare
    const deps = depsWithReplay();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    deps.replay.failRecords = true;
    const errors = jest.spyOn(deps.logger, 'error');
    const infos = jest.spyOn(deps.logger, 'info');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]).toMatchObject({ ok: true, replay: 'failed' });
    expect(deps.listeners.messagesTo('es-1').map((message) => message.type)).toEqual(['translatedAudio']);
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ language: 'es', utterance: 4 }),
      'could not record the utterance for replay',
    );
    expect(infos).toHaveBeenCalledWith(
      expect.objectContaining({ ReplayRecordFailed: 1, Service: 'translation-pipeline' }),
      'metric ReplayRecordFailed',
    );
  });

  it('says when an utterance was too large to keep its audio', async () => {
    // Prepare: 400 KB of MP3 is about 17 frames of 32 KB, over an item's room
    const deps = { ...depsWithReplay(), synthesizer: new RecordingSynthesizer(400_000) };
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });
    const warnings = jest.spyOn(deps.logger, 'warn');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.languages[0]?.replay).toBe('captionOnly');
    expect(deps.replay.recorded[0]).not.toHaveProperty('audioFrames');
    expect(warnings).toHaveBeenCalledWith(
      expect.objectContaining({ language: 'es', utterance: 4 }),
      'utterance too large to keep its audio for replay; kept its caption',
    );
  });
});
