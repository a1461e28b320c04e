import type { ServerMessage } from '@lingocast/contract';
import { HANDSHAKE_GRACE_MS } from '@lingocast/session-data';
import type { Connection } from '@lingocast/session-data';
import {
  createTestDeps,
  RecordingListenerGateway,
  seedListeners,
  seedSession,
  transcribedEvent,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { translateUtterance } from './translate-utterance';

// Captions-only listeners (the flag on their connection row) get every `transcript` and never a
// `translatedAudio`; a language nobody hears is translated but not synthesised.

function typesReceivedBy(deps: TestDeps, connectionId: string): ServerMessage['type'][] {
  return deps.listeners.messagesTo(connectionId).map((message) => message.type);
}

function audioRecipients(deps: TestDeps): string[] {
  return deps.listeners.batches
    .filter((batch) => batch.types.includes('translatedAudio'))
    .flatMap((batch) => batch.connectionIds);
}

describe('captions-only listeners', () => {
  it('get the caption and no audio, while a listener of the same language gets the audio with the caption in it', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'es-quiet': 'es', 'es-audio': 'es' }, ['es-quiet']);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'es-quiet')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'es-audio')).toEqual(['translatedAudio']);
    expect(deps.listeners.messagesTo('es-quiet')[0]).toMatchObject({
      targetLanguage: 'es',
      translatedText: '[es] Blessed are the peacemakers',
    });
    expect(audioRecipients(deps)).toEqual(['es-audio']);
    expect(deps.synthesizer.calls).toHaveLength(1);
    expect(report.languages[0]).toMatchObject({ language: 'es', listeners: 2, captionsOnly: 1, ok: true });
  });

  it('make a language translated but never synthesised when all its listeners follow captions only', async () => {
    // Prepare
    const deps = createTestDeps();
    seedSession(deps);
    await seedListeners(deps, { 'fr-1': 'fr', 'fr-2': 'fr', 'es-1': 'es' }, ['fr-1', 'fr-2']);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(deps.translator.languagesTranslated()).toEqual(['es', 'fr']);
    expect(deps.synthesizer.calls.map((call) => call.language)).toEqual(['es']);
    expect(typesReceivedBy(deps, 'fr-1')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'fr-2')).toEqual(['transcript']);
    expect(audioRecipients(deps)).toEqual(['es-1']);
    const french = report.languages.find((language) => language.language === 'fr');
    expect(french).toMatchObject({ ok: true, synthesisMs: 0, captionsOnly: 2 });
    expect(french?.firstAudioSentAt).toBeUndefined();
  });

  it('get only the caption when they refreshed onto a new connection during the fan-out', async () => {
    // Prepare: 'es-quiet' switches to 'es-quiet-new' (captions-only too) as the captions go out
    class RefreshAtCaptions extends RecordingListenerGateway {
      private done = false;
      override async sendAll(connectionIds: readonly string[], messages: readonly ServerMessage[]) {
        if (!this.done && messages[0]?.type === 'transcript') {
          this.done = true;
          const previous = (await deps.sessions.getConnection('es-quiet', deps.clock.now())) as Connection;
          await deps.sessions.replaceConnection(previous, {
            ...previous,
            connectionId: 'es-quiet-new',
            refreshedFrom: 'es-quiet',
          });
          this.gone.add('es-quiet');
        }
        return super.sendAll(connectionIds, messages);
      }
    }
    const deps: TestDeps = createTestDeps({ listeners: new RefreshAtCaptions() });
    seedSession(deps);
    await seedListeners(deps, { 'es-quiet': 'es', 'es-audio': 'es' }, ['es-quiet']);
    deps.clock.advance(HANDSHAKE_GRACE_MS + 1);

    // Act
    const report = await translateUtterance(deps, transcribedEvent());

    // Assess
    expect(typesReceivedBy(deps, 'es-quiet-new')).toEqual(['transcript']);
    expect(typesReceivedBy(deps, 'es-audio')).toEqual(['translatedAudio']);
    expect(report.languages[0]).toMatchObject({ gone: 1, followed: 1 });
  });
});
