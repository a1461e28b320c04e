import type { ServerMessage } from '@lingocast/contract';
import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import {
  createTestDeps,
  RecordingListenerGateway,
  seedListeners,
  seedSession,
  SESSION_ID,
  transcribedEvent,
} from '../testing/fakes';
import { sendSpeakerTranscript } from './speaker-transcript';
import { translateUtterance } from './translate-utterance';

// The speaker sees what was recognised: one `transcript` per utterance on the session's speaker
// connection, in the source language, first and whatever the listeners' fate.

const SPEAKER = 'speaker-conn';

/** Throws on every post to the speaker; listeners are served as usual. */
class SpeakerUnreachable extends RecordingListenerGateway {
  override async sendAll(connectionIds: readonly string[], messages: readonly ServerMessage[]) {
    if (connectionIds.includes(SPEAKER)) throw new Error('throttled');
    return super.sendAll(connectionIds, messages);
  }
}

describe('the speaker’s transcript', () => {
  it('goes to the speaker connection once, in the source language, before any translation', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps, { speakerConnectionId: SPEAKER });
    await seedListeners(deps, { 'es-1': 'es', 'fr-1': 'fr' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.listeners.messagesTo(SPEAKER)).toEqual([
      {
        type: 'transcript',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        sequenceNumber: 4,
        sourceLanguage: 'en',
        sourceText: 'Blessed are the peacemakers',
        targetLanguage: 'en',
        translatedText: 'Blessed are the peacemakers',
      },
    ]);
    expect(deps.listeners.batches[0]).toEqual({ connectionIds: [SPEAKER], types: ['transcript'] });
    expect(report.speakerTranscript).toBe('sent');
    expect(report.languages.every((language) => language.ok)).toBe(true);
  });

  it('goes to the speaker even when nobody listens, and nothing is translated', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps, { speakerConnectionId: SPEAKER });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).toEqual({ skipped: 'no-listeners', languages: [], speakerTranscript: 'sent' });
    expect(deps.listeners.messagesTo(SPEAKER).map((message) => message.type)).toEqual(['transcript']);
    expect(deps.translator.calls).toEqual([]);
  });

  it('is not an error when the speaker is gone: the listeners are served and the speaker row is left alone', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps, { speakerConnectionId: SPEAKER });
    await seedListeners(deps, { 'es-1': 'es' });
    deps.clock.advance(HANDSHAKE_GRACE_MS + 1);
    deps.listeners.gone.add(SPEAKER);
    const removeGoneConnection = jest.spyOn(deps.sessions, 'removeGoneConnection');

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.speakerTranscript).toBe('gone');
    expect(report.languages[0]).toMatchObject({ ok: true, gone: 0 });
    expect(removeGoneConnection).not.toHaveBeenCalled();
    expect(deps.listeners.messagesTo('es-1').map((message) => message.type)).toEqual(['translatedAudio']);
  });

  it('failing to reach the speaker costs the listeners nothing', async () => {
    // Prepare
    const deps = createTestDeps({ listeners: new SpeakerUnreachable() });
    seedSession(deps, { speakerConnectionId: SPEAKER });
    await seedListeners(deps, { 'es-1': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report.speakerTranscript).toBe('failed');
    expect(report.languages[0]?.ok).toBe(true);
    expect(deps.listeners.messagesTo('es-1').map((message) => message.type)).toEqual(['translatedAudio']);
  });

  it('is not sent when no speaker is connected', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'es-1': 'es' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).not.toHaveProperty('speakerTranscript');
    expect(deps.listeners.batches.every((batch) => !batch.connectionIds.includes(SPEAKER))).toBe(true);
  });

  it('is not sent for a session that has ended', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps, { speakerConnectionId: SPEAKER, status: 'ended' });

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(report).toEqual({ skipped: 'session-ended', languages: [] });
    expect(deps.listeners.received.size).toBe(0);
  });

  it('reports a post that failed without a 410 as failed', async () => {
    // Prepare
    const deps = createTestDeps();
    jest.spyOn(deps.listeners, 'sendAll').mockResolvedValue({ gone: [], failed: 1 });

    // Act
    const outcome = await sendSpeakerTranscript(deps, transcribedEvent(), SPEAKER);

    // Assess
    expect(outcome).toBe('failed');
  });
});
