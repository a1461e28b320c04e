import type { ClientAction } from '@lingocast/contract';
import { LISTENER_ACTIONS, SPEAKER_ACTIONS } from '@lingocast/contract';
import {
  connectionRow,
  createTestDeps,
  seedListeners,
  seedSpeaker,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import { broadcastingSession, lastMessageTo, send } from './actions.spec-helper';
import { assertRoleMayAct } from './actions';

// The dispatch itself: registration and role checks, and the actions it answers inline.

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
