import { SESSION_ID } from '../../testing/fakes';
import {
  askReplay,
  captionOf,
  completion,
  framesOf,
  LISTENER,
  received,
  recordUtterances,
  sessionWithListener,
} from './replay.harness';

// `replay { afterSequenceNumber }`: what the window holds after the listener's last utterance, each
// as it was sent live, oldest first, then `replayComplete` with what could not be sent.

describe('replay after a sequence number', () => {
  it('sends the audio frames of every utterance after it verbatim, in order, then replayComplete', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [3, 4, 5, 6], { parts: 2 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 4, requestId: 'req-1' });

    // Assess
    expect(received(deps)).toEqual(['audio 5.0', 'audio 5.1', 'audio 6.0', 'audio 6.1', 'replayComplete']);
    const posted = deps.gateway.sent.filter((sent) => sent.serialized !== undefined).map((s) => s.serialized);
    expect(posted).toEqual([...framesOf(5, 2), ...framesOf(6, 2)]);
    expect(completion(deps)).toEqual({
      type: 'replayComplete',
      timestamp: deps.clock.now(),
      requestId: 'req-1',
      sessionId: SESSION_ID,
      targetLanguage: 'es',
      replayed: 2,
      lastSequenceNumber: 6,
      windowMs: deps.replay.windowMs,
    });
  });

  it('sends captions to a listener whose connection is captions-only', async () => {
    // Prepare
    const deps = await sessionWithListener({ captionsOnly: true });
    await recordUtterances(deps, [1, 2]);

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['caption 1', 'caption 2', 'replayComplete']);
    expect(deps.gateway.messagesTo(LISTENER)[0]).toEqual(captionOf(1));
  });

  it('sends captions when the request says captionsOnly, to a listener who gets audio live', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2]);

    // Act
    await askReplay(deps, { afterSequenceNumber: 0, captionsOnly: true });

    // Assess
    expect(received(deps)).toEqual(['caption 1', 'caption 2', 'replayComplete']);
  });

  it('sends the caption of an utterance that had no audio (muted), and audio for the others', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1], { parts: 1 });
    await recordUtterances(deps, [2], { parts: 0 });
    await recordUtterances(deps, [3], { parts: 1 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['audio 1.0', 'caption 2', 'audio 3.0', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 3 });
  });

  it('sends the caption instead of a stored frame over the 32 KB frame limit', async () => {
    // Prepare
    const deps = await sessionWithListener();
    const oversized = JSON.stringify({ ...JSON.parse(framesOf(1, 1)[0] ?? '{}'), audio: 'A'.repeat(40_000) });
    await deps.replay.record(
      {
        sessionId: SESSION_ID,
        language: 'es',
        sequenceNumber: 1,
        caption: captionOf(1),
        audioFrames: [oversized],
        recordedAt: deps.clock.now(),
      },
      deps.clock.now(),
    );

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['caption 1', 'replayComplete']);
  });

  it("replays only the listener's own session and current language", async () => {
    // Prepare: French in the same session, Spanish of another session.
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2], { language: 'fr' });
    await recordUtterances(deps, [2], { language: 'es' });
    await deps.replay.record(
      {
        sessionId: 'other-session-123',
        language: 'es',
        sequenceNumber: 3,
        caption: captionOf(3),
        recordedAt: deps.clock.now(),
      },
      deps.clock.now(),
    );

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    expect(received(deps)).toEqual(['audio 2.0', 'audio 2.1', 'replayComplete']);
    expect(completion(deps)).toMatchObject({ targetLanguage: 'es', lastSequenceNumber: 2 });
  });

  it('replays the window of the new language after a language change', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2], { language: 'es', parts: 0 });
    await recordUtterances(deps, [1, 2], { language: 'fr', parts: 0 });
    await deps.store.changeListenerLanguage(LISTENER, 'fr');

    // Act
    await askReplay(deps, { afterSequenceNumber: 0 });

    // Assess
    const captions = deps.gateway.messagesTo(LISTENER).filter((message) => message.type === 'transcript');
    expect(captions.map((message) => message.targetLanguage)).toEqual(['fr', 'fr']);
    expect(completion(deps)).toMatchObject({ targetLanguage: 'fr', replayed: 2 });
  });

  it('answers replayed 0 without missed when nothing was said after the number', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2]);

    // Act
    await askReplay(deps, { afterSequenceNumber: 2 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).toMatchObject({ replayed: 0, lastSequenceNumber: 2 });
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('answers without lastSequenceNumber when nothing was ever recorded in the language', async () => {
    // Prepare
    const deps = await sessionWithListener();

    // Act
    await askReplay(deps, { afterSequenceNumber: 5 });

    // Assess
    expect(completion(deps)).toEqual(expect.objectContaining({ replayed: 0 }));
    expect(completion(deps)).not.toHaveProperty('lastSequenceNumber');
    expect(completion(deps)).not.toHaveProperty('missed');
  });
});

describe('replay: what left the window is reported missed', () => {
  it('reports the utterances between the number and the oldest one still in the window', async () => {
    // Prepare: 1–4 recorded 6 minutes ago (out of the 5-minute window), 5–6 now.
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2, 3, 4]);
    deps.clock.advance(6 * 60_000);
    await recordUtterances(deps, [5, 6]);

    // Act
    await askReplay(deps, { afterSequenceNumber: 2 });

    // Assess
    expect(received(deps)).toEqual(['audio 5.0', 'audio 5.1', 'audio 6.0', 'audio 6.1', 'replayComplete']);
    expect(completion(deps)).toMatchObject({
      replayed: 2,
      lastSequenceNumber: 6,
      missed: { fromSequenceNumber: 3, toSequenceNumber: 4 },
      windowMs: 300_000,
    });
  });

  it('reports everything up to the newest when the whole window has passed', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1, 2, 3]);
    deps.clock.advance(deps.replay.windowMs + 1);

    // Act
    await askReplay(deps, { afterSequenceNumber: 1 });

    // Assess
    expect(received(deps)).toEqual(['replayComplete']);
    expect(completion(deps)).toMatchObject({
      replayed: 0,
      lastSequenceNumber: 3,
      missed: { fromSequenceNumber: 2, toSequenceNumber: 3 },
    });
  });

  it("reports nothing for numbers never recorded (an utterance without words) while the client's last is still there", async () => {
    // Prepare: 4 and 5 had no words, so nothing was recorded for them; 3 is still in the window.
    const deps = await sessionWithListener();
    await recordUtterances(deps, [2, 3, 6], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 3 });

    // Assess
    expect(received(deps)).toEqual(['caption 6', 'replayComplete']);
    expect(completion(deps)).not.toHaveProperty('missed');
  });

  it('reports nothing missed when the window starts right after the number', async () => {
    // Prepare
    const deps = await sessionWithListener();
    await recordUtterances(deps, [1]);
    deps.clock.advance(6 * 60_000);
    await recordUtterances(deps, [2, 3], { parts: 0 });

    // Act
    await askReplay(deps, { afterSequenceNumber: 1 });

    // Assess
    expect(received(deps)).toEqual(['caption 2', 'caption 3', 'replayComplete']);
    expect(completion(deps)).not.toHaveProperty('missed');
  });
});
