import type { UtteranceClaimedEvent } from '@lingocast/contract';
import { chunkEvent, clipped, pcm, SAMPLE_RATE, SESSION_ID, silence, tone } from '../testing/audio';
import { createTestDeps, ScriptedSpeechToText } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { ingestChunk } from './assemble-utterances';
import { transcribeUtterance } from './transcribe-utterance';

const LAST_CHUNK_RECEIVED_AT = Date.UTC(2025, 0, 1, 8, 59, 59);

function claimedEvent(overrides: Partial<UtteranceClaimedEvent> = {}): UtteranceClaimedEvent {
  return {
    kind: 'utteranceClaimed',
    sessionId: SESSION_ID,
    sourceLanguage: 'en',
    speakerConnectionId: 'speaker-conn',
    sequenceNumber: 7,
    firstChunk: 0,
    lastChunk: 3,
    timings: { lastChunkReceivedAt: LAST_CHUNK_RECEIVED_AT, assembledAt: LAST_CHUNK_RECEIVED_AT + 20 },
    requestId: 'req-7',
    ...overrides,
  };
}

/** One second of speech ending in a pause, as utterances cut at a pause do (four 250 ms chunks). */
function speechThenPause(): Buffer {
  return pcm(tone(750), silence(250));
}

/** Stores audio as 250 ms chunks from `firstChunk` on, as ingestion would have. */
async function storeUtterance(deps: TestDeps, audio: Buffer, firstChunk = 0): Promise<void> {
  const chunkBytes = (SAMPLE_RATE / 4) * 2;
  for (let index = 0; index * chunkBytes < audio.length; index += 1) {
    const chunk = audio.subarray(index * chunkBytes, (index + 1) * chunkBytes);
    await deps.store.putChunk({
      sessionId: SESSION_ID,
      sequenceNumber: firstChunk + index,
      receivedAt: LAST_CHUNK_RECEIVED_AT,
      sampleRate: SAMPLE_RATE,
      pcm: chunk,
      durationMs: 250,
      hasSpeech: true,
      leadingSilenceMs: 0,
      trailingSilenceMs: 0,
    });
  }
}

describe('transcribeUtterance', () => {
  it('forwards the text with its emotion, duration and stage timings', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['  in the beginning  ']) });
    await storeUtterance(deps, pcm(tone(1_000, -6), silence(500)));
    deps.clock.advance(400);

    // Act
    const outcome = await transcribeUtterance(deps, claimedEvent({ lastChunk: 5 }));

    // Assess
    expect(outcome).toEqual({ kind: 'forwarded', text: 'In the beginning' });
    expect(deps.speaker.notified).toEqual([]);
    expect(deps.translation.submitted).toEqual([
      {
        kind: 'utteranceTranscribed',
        sessionId: SESSION_ID,
        sequenceNumber: 7,
        sourceLanguage: 'en',
        text: 'In the beginning',
        emotion: {
          volume: { level: 'loud', rmsDb: expect.closeTo(-6, 0) },
          rate: { level: 'fast', wordsPerMinute: 180 },
        },
        durationMs: 1_500,
        timings: {
          lastChunkReceivedAt: LAST_CHUNK_RECEIVED_AT,
          assembledAt: LAST_CHUNK_RECEIVED_AT + 20,
          transcribedAt: deps.clock.now(),
        },
        requestId: 'req-7',
      },
    ]);
  });

  it('restores the capitals a lower-case recogniser dropped before forwarding the text', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['we meet  every sunday ']) });
    await storeUtterance(deps, speechThenPause());

    // Act
    await transcribeUtterance(deps, claimedEvent());

    // Assess
    expect(deps.translation.submitted[0]?.text).toBe('We meet every Sunday');
  });

  it('hands the recogniser the utterance’s audio in chunk order with the source language', async () => {
    // Prepare
    const speechToText = new ScriptedSpeechToText(['amen']);
    const deps = createTestDeps({ speechToText });
    const audio = pcm(tone(500, -12), silence(250), tone(250, -20));
    await storeUtterance(deps, audio, 4);

    // Act
    await transcribeUtterance(deps, claimedEvent({ firstChunk: 4, lastChunk: 7 }));

    // Assess
    expect(speechToText.heard).toHaveLength(1);
    expect(speechToText.heard[0]?.pcm.equals(audio)).toBe(true);
    expect(speechToText.heard[0]).toMatchObject({ sampleRate: SAMPLE_RATE, languageCode: 'en' });
  });

  it('tells the speaker TRANSCRIPTION_FAILED and forwards nothing when speech-to-text fails', async () => {
    // Prepare
    const deps = createTestDeps({
      speechToText: new ScriptedSpeechToText([new Error('recogniser crashed')]),
    });
    await storeUtterance(deps, speechThenPause());

    // Act
    const outcome = await transcribeUtterance(deps, claimedEvent());

    // Assess
    expect(outcome).toEqual({ kind: 'failed', reason: 'recogniser crashed' });
    expect(deps.translation.submitted).toEqual([]);
    expect(deps.speaker.notified).toEqual([
      {
        connectionId: 'speaker-conn',
        message: {
          type: 'error',
          timestamp: deps.clock.now(),
          code: 'TRANSCRIPTION_FAILED',
          message: expect.stringContaining('utterance 7'),
          requestId: 'req-7',
        },
      },
    ]);
  });

  it('never passes a placeholder text on when speech-to-text fails and no speaker is connected', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText([new Error('timeout')]) });
    await storeUtterance(deps, speechThenPause());
    const { speakerConnectionId: _none, ...withoutSpeaker } = claimedEvent();

    // Act
    const outcome = await transcribeUtterance(deps, withoutSpeaker);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect(deps.translation.submitted).toEqual([]);
    expect(deps.speaker.notified).toEqual([]);
  });

  it.each(['', '   ', '\n\t'])(
    'drops an utterance without recognisable speech (%j) quietly',
    async (text) => {
      // Prepare
      const deps = createTestDeps({ speechToText: new ScriptedSpeechToText([text]) });
      await storeUtterance(deps, speechThenPause());

      // Act
      const outcome = await transcribeUtterance(deps, claimedEvent());

      // Assess
      expect(outcome).toEqual({ kind: 'empty' });
      expect(deps.translation.submitted).toEqual([]);
      expect(deps.speaker.notified).toEqual([]);
    },
  );

  it('warns the speaker about clipping audio', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['too loud']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));

    // Act
    await transcribeUtterance(deps, claimedEvent());

    // Assess
    const warnings = deps.speaker.notified.map((notice) => notice.message);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        type: 'audioQualityWarning',
        issue: 'clipping',
        threshold: 1,
        timestamp: deps.clock.now(),
      }),
    );
    expect(deps.speaker.notified.every((notice) => notice.connectionId === 'speaker-conn')).toBe(true);
    expect(deps.translation.submitted).toHaveLength(1);
  });

  it('sends at most one warning per kind per interval, then warns again once it has passed', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['one', 'two', 'three']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));
    const clippingWarnings = () =>
      deps.speaker.notified.filter(
        (notice) => notice.message.type === 'audioQualityWarning' && notice.message.issue === 'clipping',
      );

    // Act
    await transcribeUtterance(deps, claimedEvent({ sequenceNumber: 1 }));
    deps.clock.advance(59_000);
    await transcribeUtterance(deps, claimedEvent({ sequenceNumber: 2 }));
    const withinInterval = clippingWarnings().length;
    deps.clock.advance(1_000);
    await transcribeUtterance(deps, claimedEvent({ sequenceNumber: 3 }));

    // Assess
    expect(withinInterval).toBe(1);
    expect(clippingWarnings()).toHaveLength(2);
    expect(deps.translation.submitted).toHaveLength(3);
  });

  it('sends no warnings when no speaker is connected', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['too loud']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));
    const { speakerConnectionId: _none, ...withoutSpeaker } = claimedEvent();

    // Act
    await transcribeUtterance(deps, withoutSpeaker);

    // Assess
    expect(deps.speaker.notified).toEqual([]);
    expect(deps.translation.submitted).toHaveLength(1);
  });

  it('still forwards the utterance when a quality warning cannot be delivered', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['too loud']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));
    jest.spyOn(deps.speaker, 'notify').mockRejectedValue(new Error('management API unavailable'));

    // Act
    const outcome = await transcribeUtterance(deps, claimedEvent());

    // Assess
    expect(outcome).toEqual({ kind: 'forwarded', text: 'Too loud' });
    expect(deps.translation.submitted).toHaveLength(1);
  });

  it('transcribes and forwards while a quality warning is still on its way, and finishes once it is out', async () => {
    // Prepare: a speaker connection that takes its time to accept the warning
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['too loud']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));
    let deliverWarning: () => void = () => undefined;
    jest.spyOn(deps.speaker, 'notify').mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          deliverWarning = resolve;
        }),
    );
    let finished = false;

    // Act
    const transcribed = transcribeUtterance(deps, claimedEvent()).then((outcome) => {
      finished = true;
      return outcome;
    });
    for (let turn = 0; turn < 20; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    const forwardedBeforeTheWarning = deps.translation.submitted.length;
    const finishedBeforeTheWarning = finished;
    deliverWarning();
    const outcome = await transcribed;

    // Assess
    expect(forwardedBeforeTheWarning).toBe(1);
    expect(finishedBeforeTheWarning).toBe(false);
    expect(outcome).toEqual({ kind: 'forwarded', text: 'Too loud' });
  });

  it('still forwards the utterance when the quality-warning throttle cannot be read', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['too loud']) });
    await storeUtterance(deps, pcm(clipped(750), silence(250)));
    jest.spyOn(deps.store, 'allowWarning').mockRejectedValue(new Error('table unavailable'));

    // Act
    const outcome = await transcribeUtterance(deps, claimedEvent());

    // Assess
    expect(outcome).toEqual({ kind: 'forwarded', text: 'Too loud' });
    expect(deps.translation.submitted).toHaveLength(1);
    expect(deps.speaker.notified).toEqual([]);
  });

  it('transcribes what ingestion stored for a claimed utterance', async () => {
    // Prepare
    const deps = createTestDeps({ speechToText: new ScriptedSpeechToText(['grace and peace']) });
    const chunks = [pcm(tone(250)), pcm(tone(250)), pcm(silence(250)), pcm(silence(250))];
    for (const [index, audio] of chunks.entries())
      await ingestChunk(deps, chunkEvent(index, audio, deps.clock.now()));
    const [claimed] = deps.scheduler.scheduled;

    // Act
    const outcome = await transcribeUtterance(deps, claimed ?? claimedEvent());

    // Assess
    expect(claimed).toBeDefined();
    expect(outcome).toEqual({ kind: 'forwarded', text: 'Grace and peace' });
    expect(deps.translation.submitted[0]).toMatchObject({ sequenceNumber: 0, durationMs: 1_000 });
  });
});
