import type { ClientAction, ClientMessage, ServerMessage } from '@lingocast/contract';
import { SESSION_ID } from '../testing/fakes';
import { AUDIO, broadcastingSession, LISTENERS, lastMessageTo, send } from './actions.spec-helper';

describe('handleAction', () => {
  describe('broadcast controls', () => {
    it('pauses: marks the session paused, closes the utterance, tells every listener and acks the speaker', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', { action: 'pauseBroadcast' }, 'pause-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.status).toBe('paused');
      expect(session?.broadcastState.paused).toBe(true);
      expect(deps.audio.flushes).toEqual([
        {
          sessionId: SESSION_ID,
          sourceLanguage: 'en',
          speakerConnectionId: 'speaker-conn',
          requestId: 'pause-1',
        },
      ]);
      expect(deps.gateway.recipientsOf('broadcastPaused').sort()).toEqual(
        [...LISTENERS, 'speaker-conn'].sort(),
      );
      expect(lastMessageTo(deps, 'speaker-conn')).toEqual({
        type: 'broadcastPaused',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        requestId: 'pause-1',
      });
      expect(lastMessageTo(deps, 'listener-fr')).toEqual({
        type: 'broadcastPaused',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
      });
    });

    it('resumes: marks the session active again and tells listeners and speaker', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await send(deps, 'speaker-conn', { action: 'pauseBroadcast' });

      // Act
      await send(deps, 'speaker-conn', { action: 'resumeBroadcast' }, 'resume-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.status).toBe('active');
      expect(session?.broadcastState.paused).toBe(false);
      expect(deps.audio.flushes).toHaveLength(1);
      expect(deps.gateway.recipientsOf('broadcastResumed').sort()).toEqual(
        [...LISTENERS, 'speaker-conn'].sort(),
      );
      expect(lastMessageTo(deps, 'speaker-conn')).toMatchObject({
        type: 'broadcastResumed',
        requestId: 'resume-1',
      });
    });

    it('accepts audio again after a resume', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await send(deps, 'speaker-conn', { action: 'pauseBroadcast' });
      await send(deps, 'speaker-conn', { action: 'resumeBroadcast' });

      // Act
      await send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO });

      // Assess
      expect(deps.audio.chunks).toHaveLength(1);
    });

    it.each<[ClientAction, ServerMessage['type'], boolean]>([
      ['muteBroadcast', 'broadcastMuted', true],
      ['unmuteBroadcast', 'broadcastUnmuted', false],
    ])('%s answers %s to everyone and keeps the status (muted: %s)', async (action, type, muted) => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', { action } as ClientMessage, 'mute-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.broadcastState.muted).toBe(muted);
      expect(session?.status).toBe('active');
      expect(deps.audio.flushes).toEqual([]);
      expect(deps.gateway.recipientsOf(type).sort()).toEqual([...LISTENERS, 'speaker-conn'].sort());
      expect(lastMessageTo(deps, 'speaker-conn')).toMatchObject({ type, requestId: 'mute-1' });
    });

    it('keeps audio flowing while muted (listeners get captions only)', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await send(deps, 'speaker-conn', { action: 'muteBroadcast' });

      // Act
      await send(deps, 'speaker-conn', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO });

      // Assess
      expect(deps.audio.chunks).toHaveLength(1);
    });

    it('sets the volume, keeps the other state and tells everyone volumeChanged', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await send(deps, 'speaker-conn', { action: 'muteBroadcast' });

      // Act
      await send(deps, 'speaker-conn', { action: 'setVolume', volume: 0.25 }, 'vol-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.broadcastState).toEqual({ paused: false, muted: true, volume: 0.25 });
      expect(lastMessageTo(deps, 'listener-es-2')).toEqual({
        type: 'volumeChanged',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        volume: 0.25,
      });
      expect(lastMessageTo(deps, 'speaker-conn')).toMatchObject({
        type: 'volumeChanged',
        volume: 0.25,
        requestId: 'vol-1',
      });
    });

    it('refuses to change an ended session with SESSION_ENDED', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await deps.store.updateSession(SESSION_ID, { status: 'ended' }, deps.clock.now());

      // Act
      const result = send(deps, 'speaker-conn', { action: 'resumeBroadcast' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_ENDED' });
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('ended');
      expect(deps.gateway.sent).toEqual([]);
    });

    it.each<ClientAction>([
      'pauseBroadcast',
      'resumeBroadcast',
      'muteBroadcast',
      'unmuteBroadcast',
      'setVolume',
      'sendAudio',
      'endSession',
    ])('refuses %s from a listener with UNAUTHORIZED_ACTION and changes nothing', async (action) => {
      // Prepare
      const deps = await broadcastingSession();
      const before = await deps.store.getSession(SESSION_ID, deps.clock.now());

      // Act
      const result = send(deps, 'listener-es-1', {
        action,
        volume: 0.5,
        sequenceNumber: 0,
        audio: AUDIO,
      } as ClientMessage);

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
      expect(await deps.store.getSession(SESSION_ID, deps.clock.now())).toEqual(before);
      expect(deps.gateway.sent).toEqual([]);
      expect(deps.audio.chunks).toEqual([]);
    });
  });
});
