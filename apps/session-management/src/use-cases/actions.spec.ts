import type { ClientAction, ClientMessage, ServerMessage } from '@lingocast/contract';
import { LISTENER_ACTIONS, SPEAKER_ACTIONS } from '@lingocast/contract';
import {
  connectionRow,
  createTestDeps,
  seedActiveSession,
  seedListeners,
  ScriptedIds,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { assertRoleMayAct, handleAction } from './actions';

const AUDIO = Buffer.alloc(320).toString('base64');

/** A session with its speaker and three listeners (two Spanish, one French). */
async function broadcastingSession(deps: TestDeps = createTestDeps()): Promise<TestDeps> {
  seedActiveSession(deps);
  await seedSpeaker(deps, 'speaker-conn');
  await seedListeners(deps, { 'listener-es-1': 'es', 'listener-es-2': 'es', 'listener-fr': 'fr' });
  return deps;
}

const LISTENERS = ['listener-es-1', 'listener-es-2', 'listener-fr'];

function send(
  deps: TestDeps,
  connectionId: string,
  message: ClientMessage,
  requestId = 'req-1',
): Promise<void> {
  return handleAction(deps, connectionId, message, requestId);
}

function lastMessageTo(deps: TestDeps, connectionId: string): ServerMessage | undefined {
  return deps.gateway.messagesTo(connectionId).at(-1);
}

describe('handleAction', () => {
  describe('any action', () => {
    it('refuses a connection that is not registered with CONNECTION_NOT_REGISTERED', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'stranger', { action: 'heartbeat' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'CONNECTION_NOT_REGISTERED' });
      expect(deps.gateway.sent).toEqual([]);
    });

    it('refuses a connection whose row has expired with CONNECTION_NOT_REGISTERED', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.clock.advance(3 * 3_600_000);

      // Act
      const result = send(deps, 'listener-fr', { action: 'heartbeat' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'CONNECTION_NOT_REGISTERED' });
    });

    it('reports SESSION_NOT_FOUND when the connection outlived its session', async () => {
      // Prepare
      const deps = createTestDeps();
      deps.store.seedConnection(connectionRow(deps, { connectionId: 'speaker-conn', role: 'speaker' }));

      // Act
      const result = send(deps, 'speaker-conn', { action: 'pauseBroadcast' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    });
  });

  describe('heartbeat', () => {
    it('records activity and answers heartbeatAck with the request id', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.clock.advance(30_000);

      // Act
      await send(deps, 'listener-fr', { action: 'heartbeat' }, 'hb-7');

      // Assess
      expect(deps.gateway.messagesTo('listener-fr')).toEqual([
        { type: 'heartbeatAck', timestamp: deps.clock.now(), requestId: 'hb-7' },
      ]);
      expect((await deps.store.getConnection('listener-fr', deps.clock.now()))?.lastSeenAt).toBe(
        deps.clock.now(),
      );
    });
  });

  describe('joinSession', () => {
    it('answers sessionJoined with the session state', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'listener-es-1', { action: 'joinSession' }, 'join-1');

      // Assess
      expect(lastMessageTo(deps, 'listener-es-1')).toMatchObject({
        type: 'sessionJoined',
        requestId: 'join-1',
        role: 'listener',
        targetLanguage: 'es',
        listenerCount: 3,
      });
    });
  });

  describe('createSession', () => {
    it('creates a session for the authenticated speaker and answers sessionCreated', async () => {
      // Prepare
      const deps = await broadcastingSession(createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) }));

      // Act
      await send(
        deps,
        'speaker-conn',
        { action: 'createSession', sourceLanguage: 'es', qualityTier: 'premium' },
        'create-1',
      );

      // Assess
      const reply = lastMessageTo(deps, 'speaker-conn');
      expect(reply).toMatchObject({ type: 'sessionCreated', requestId: 'create-1' });
      expect(reply?.type === 'sessionCreated' && reply.session.sessionId).toBe('bold-dove-555');
      expect(reply?.type === 'sessionCreated' && reply.session).toMatchObject({
        speakerId: SPEAKER_ID,
        sourceLanguage: 'es',
        qualityTier: 'premium',
        status: 'active',
      });
    });

    it('defaults the quality tier when the message has none', async () => {
      // Prepare
      const deps = await broadcastingSession(createTestDeps({ ids: new ScriptedIds(['bold-dove-555']) }));

      // Act
      await send(deps, 'speaker-conn', { action: 'createSession', sourceLanguage: 'en' });

      // Assess
      const reply = lastMessageTo(deps, 'speaker-conn');
      expect(reply?.type === 'sessionCreated' && reply.session.qualityTier).toBe('standard');
    });

    it('refuses a speaker connection that carries no user with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'odd-speaker', role: 'speaker', userId: undefined }),
      );

      // Act
      const result = send(deps, 'odd-speaker', { action: 'createSession', sourceLanguage: 'en' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    });
  });

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

  describe('getSessionStatus', () => {
    it('answers sessionStatus with the listener count, language distribution, duration and broadcast state', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.clock.advance(90_000);

      // Act
      await send(deps, 'speaker-conn', { action: 'getSessionStatus' }, 'status-1');

      // Assess
      expect(lastMessageTo(deps, 'speaker-conn')).toEqual({
        type: 'sessionStatus',
        timestamp: deps.clock.now(),
        requestId: 'status-1',
        sessionId: SESSION_ID,
        status: 'active',
        listenerCount: 3,
        languageDistribution: { es: 2, fr: 1 },
        sessionDuration: 90,
        broadcastState: { paused: false, muted: false, volume: 1 },
      });
    });

    it('answers listeners too, with an empty distribution when nobody listens', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'uncounted', role: 'listener', targetLanguage: undefined }),
      );

      // Act
      await send(deps, 'uncounted', { action: 'getSessionStatus' });

      // Assess
      expect(lastMessageTo(deps, 'uncounted')).toMatchObject({
        type: 'sessionStatus',
        listenerCount: 0,
        languageDistribution: {},
      });
    });
  });

  describe('changeLanguage', () => {
    it('moves the listener to the new language and answers languageChanged', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'listener-es-1', { action: 'changeLanguage', targetLanguage: 'de' }, 'lang-1');

      // Assess
      expect(lastMessageTo(deps, 'listener-es-1')).toEqual({
        type: 'languageChanged',
        timestamp: deps.clock.now(),
        requestId: 'lang-1',
        sessionId: SESSION_ID,
        targetLanguage: 'de',
      });
      expect(
        (await deps.store.listListeners(SESSION_ID, deps.clock.now(), 'de')).map((l) => l.connectionId),
      ).toEqual(['listener-es-1']);
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(3);
    });

    it('refuses a language the provider cannot serve with UNSUPPORTED_LANGUAGE', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'listener-es-1', { action: 'changeLanguage', targetLanguage: 'ko' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNSUPPORTED_LANGUAGE' });
      expect((await deps.store.getConnection('listener-es-1', deps.clock.now()))?.targetLanguage).toBe('es');
    });

    it('refuses the speaker with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'speaker-conn', { action: 'changeLanguage', targetLanguage: 'fr' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
    });
  });

  describe('refreshConnection', () => {
    it('swaps the speaker to the new connection and closes the old one', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await seedSpeaker(deps, 'speaker-conn-2');

      // Act
      await send(
        deps,
        'speaker-conn-2',
        { action: 'refreshConnection', previousConnectionId: 'speaker-conn' },
        'refresh-1',
      );

      // Assess
      expect(lastMessageTo(deps, 'speaker-conn-2')).toEqual({
        type: 'connectionRefreshComplete',
        timestamp: deps.clock.now(),
        requestId: 'refresh-1',
        sessionId: SESSION_ID,
        role: 'speaker',
        connectionId: 'speaker-conn-2',
      });
      expect(deps.gateway.closed).toEqual(['speaker-conn']);
      expect(await deps.store.getConnection('speaker-conn', deps.clock.now())).toBeUndefined();
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.speakerConnectionId).toBe(
        'speaker-conn-2',
      );
    });

    it('moves a listener to the new connection without changing the count', async () => {
      // Prepare
      const deps = await broadcastingSession();
      await seedListeners(deps, { 'listener-fr-new': 'fr' });

      // Act
      await send(deps, 'listener-fr-new', {
        action: 'refreshConnection',
        previousConnectionId: 'listener-fr',
      });

      // Assess
      expect(lastMessageTo(deps, 'listener-fr-new')).toMatchObject({
        type: 'connectionRefreshComplete',
        role: 'listener',
      });
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.listenerCount).toBe(3);
      expect(deps.gateway.closed).toEqual(['listener-fr']);
    });

    it('refuses to take over another user’s speaker connection with FORBIDDEN', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'other-speaker', role: 'speaker', userId: 'someone-else' }),
      );

      // Act
      const result = send(deps, 'other-speaker', {
        action: 'refreshConnection',
        previousConnectionId: 'speaker-conn',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await deps.store.getConnection('speaker-conn', deps.clock.now())).toBeDefined();
      expect(deps.gateway.closed).toEqual([]);
    });

    it('refuses a listener taking over the speaker connection with FORBIDDEN', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'listener-fr', {
        action: 'refreshConnection',
        previousConnectionId: 'speaker-conn',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses a previous connection that belongs to another session with FORBIDDEN', async () => {
      // Prepare
      const deps = await broadcastingSession();
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'elsewhere', role: 'listener', sessionId: 'other-session-100' }),
      );

      // Act
      const result = send(deps, 'listener-fr', {
        action: 'refreshConnection',
        previousConnectionId: 'elsewhere',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses an unknown previous connection with FORBIDDEN', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      const result = send(deps, 'listener-fr', {
        action: 'refreshConnection',
        previousConnectionId: 'never-existed',
      });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('endSession', () => {
    it('ends the session, tells every listener sessionEnded, then the speaker, and closes every socket', async () => {
      // Prepare
      const deps = await broadcastingSession();

      // Act
      await send(deps, 'speaker-conn', { action: 'endSession' }, 'end-1');

      // Assess
      const session = await deps.store.getSession(SESSION_ID, deps.clock.now());
      expect(session?.status).toBe('ended');
      expect(session?.broadcastState.paused).toBe(true);
      expect(deps.gateway.recipientsOf('sessionEnded').sort()).toEqual([...LISTENERS, 'speaker-conn'].sort());
      expect([...deps.gateway.closed].sort()).toEqual([...LISTENERS, 'speaker-conn'].sort());
      expect(lastMessageTo(deps, 'speaker-conn')).toEqual({
        type: 'sessionEnded',
        timestamp: deps.clock.now(),
        sessionId: SESSION_ID,
        reason: 'ended by the speaker',
        requestId: 'end-1',
      });
      expect(deps.audio.flushes).toHaveLength(1);
    });

    it('refuses a speaker connection that carries no user with UNAUTHORIZED_ACTION', async () => {
      // Prepare
      const deps = createTestDeps();
      seedActiveSession(deps);
      deps.store.seedConnection(
        connectionRow(deps, { connectionId: 'odd-speaker', role: 'speaker', userId: undefined }),
      );

      // Act
      const result = send(deps, 'odd-speaker', { action: 'endSession' });

      // Assess
      await expect(result).rejects.toMatchObject({ code: 'UNAUTHORIZED_ACTION' });
      expect((await deps.store.getSession(SESSION_ID, deps.clock.now()))?.status).toBe('active');
    });
  });
});

describe('assertRoleMayAct', () => {
  const listener = {
    connectionId: 'l',
    sessionId: SESSION_ID,
    role: 'listener' as const,
    connectedAt: 0,
    lastSeenAt: 0,
    ttl: 0,
  };
  const speaker = { ...listener, connectionId: 's', role: 'speaker' as const, userId: SPEAKER_ID };

  it.each(SPEAKER_ACTIONS)('lets only the speaker send %s', (action) => {
    // Act
    const asListener = () => assertRoleMayAct(listener, action);
    const asSpeaker = () => assertRoleMayAct(speaker, action);

    // Assess
    expect(asListener).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED_ACTION' }));
    expect(asSpeaker).not.toThrow();
  });

  it.each(LISTENER_ACTIONS)('lets only listeners send %s', (action) => {
    // Act
    const asListener = () => assertRoleMayAct(listener, action);
    const asSpeaker = () => assertRoleMayAct(speaker, action);

    // Assess
    expect(asSpeaker).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED_ACTION' }));
    expect(asListener).not.toThrow();
  });

  it.each<ClientAction>(['heartbeat', 'joinSession', 'refreshConnection', 'getSessionStatus'])(
    'lets both roles send %s',
    (action) => {
      // Act
      const asListener = () => assertRoleMayAct(listener, action);
      const asSpeaker = () => assertRoleMayAct(speaker, action);

      // Assess
      expect(asListener).not.toThrow();
      expect(asSpeaker).not.toThrow();
    },
  );
});
