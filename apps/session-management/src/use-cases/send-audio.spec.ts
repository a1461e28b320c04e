import { createTestDeps, SESSION_ID } from '../testing/fakes';
import { AUDIO, broadcastingSession, send } from './actions.spec-helper';

describe('handleAction', () => {
  describe('sendAudio', () => {
    it('forwards the chunk with the session context and answers audioAck', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 4, audio: AUDIO }, 'audio-4');

      // Assess
      expect(deps.audio.chunks).toEqual([
        {
          kind: 'audioChunk',
          sessionId: SESSION_ID,
          sourceLanguage: 'en',
          speakerConnectionId: 'speaker-conn',
          sequenceNumber: 4,
          encoding: 'pcm_s16le',
          sampleRate: 16_000,
          audio: AUDIO,
          receivedAt: deps.clock.now(),
          requestId: 'audio-4',
        },
      ]);
      expect(deps.gateway.messagesTo('speaker-conn')).toEqual([
        { type: 'audioAck', timestamp: deps.clock.now(), requestId: 'audio-4', sequenceNumber: 4 },
      ]);
    });

    it('keeps the sample rate the speaker declared', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', {
        action: 'sendAudio',
        sequenceNumber: 0,
        audio: AUDIO,
        sampleRate: 48_000,
        encoding: 'pcm_s16le',
      });

      // Assess
      expect(deps.audio.chunks[0]?.sampleRate).toBe(48_000);
    });

    it('refuses audio while the broadcast is paused with SESSION_NOT_ACTIVE and forwards nothing', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await send(deps, 'speaker-conn', { action: 'pauseBroadcast' });

      // Act
      const result = send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_ACTIVE' });
      expect(deps.audio.chunks).toEqual([]);
    });

    it('refuses audio for an ended session with SESSION_ENDED', async () => {
      // Prepare
      const deps = createTestDeps();
      await broadcastingSession(deps);
      await deps.store.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

      // Act
      const result = send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_ENDED' });
      expect(deps.audio.chunks).toEqual([]);
    });

    it('sends no ack when the chunk could not be stored', async () => {
      // Prepare
      const deps = await broadcastingSession();
      jest.spyOn(deps.audio, 'forwardChunk').mockRejectedValue(new Error('ingest down'));

      // Act
      const result = send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO });

      // Assess
      await expect(result).rejects.toThrow('ingest down');
      expect(deps.gateway.recipientsOf('audioAck')).toEqual([]);
    });
  });
});
