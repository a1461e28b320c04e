import type { ClientAction, ClientMessage } from '@lingocast/contract';
import { LISTENER_ACTIONS, SPEAKER_ACTIONS } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import type { Connection } from '@lingocast/session-data';
import type { ActionHandler } from './action-context';
import { broadcastToggle, setVolume } from './broadcast-controls';
import { greetConnection, refreshConnection, replay } from './connection';
import type { Deps } from './deps';
import { heartbeat } from './heartbeat';
import { changeLanguage, setCaptionsOnly, setLiveCaptions } from './listener-settings';
import { sendAudio } from './send-audio';
import { getSessionStatus } from './session-status';
import { createSessionAction, endSessionAction } from './speaker-actions';

const ACTIVITY_WRITE_INTERVAL_MS = 30_000;

/** Each client action's use case: the dispatch table, nothing more. */
const handlers: { [A in ClientAction]: ActionHandler<A> } = {
  heartbeat,
  joinSession: async (deps, ctx) => {
    await greetConnection(deps, ctx.connection.connectionId, ctx.requestId);
  },
  createSession: createSessionAction,
  sendAudio,
  pauseBroadcast: broadcastToggle({ paused: true }, 'broadcastPaused'),
  resumeBroadcast: broadcastToggle({ paused: false }, 'broadcastResumed'),
  muteBroadcast: broadcastToggle({ muted: true }, 'broadcastMuted'),
  unmuteBroadcast: broadcastToggle({ muted: false }, 'broadcastUnmuted'),
  setVolume,
  getSessionStatus,
  changeLanguage,
  setCaptionsOnly,
  setLiveCaptions,
  refreshConnection: (deps, ctx, message) =>
    refreshConnection(deps, ctx.connection, message.previousConnectionId, ctx.requestId, ctx.nowMs),
  endSession: endSessionAction,
  replay,
};

/**
 * Checks the caller's role may send this action.
 *
 * @example
 * assertRoleMayAct(listenerRow, 'sendAudio'); // throws UNAUTHORIZED_ACTION
 */
export function assertRoleMayAct(connection: Connection, action: ClientAction): void {
  if (SPEAKER_ACTIONS.includes(action) && connection.role !== 'speaker') {
    throw new DomainError('UNAUTHORIZED_ACTION', `only the speaker may send '${action}'`);
  }
  if (LISTENER_ACTIONS.includes(action) && connection.role !== 'listener') {
    throw new DomainError('UNAUTHORIZED_ACTION', `only listeners may send '${action}'`);
  }
}

/**
 * Runs one validated client action for a connection: checks the connection exists and its role
 * may act, then applies the action and pushes its reply.
 *
 * @example
 * await handleAction(deps, 'conn-1', { action: 'heartbeat' }, 'req-1');
 */
export async function handleAction(
  deps: Deps,
  connectionId: string,
  message: ClientMessage,
  requestId: string,
): Promise<void> {
  const nowMs = deps.clock.now();
  const connection = await deps.store.getConnection(connectionId, nowMs);
  if (!connection) {
    throw new DomainError(
      'CONNECTION_NOT_REGISTERED',
      'this connection is not registered (removed, or never completed its $connect); reconnect',
    );
  }
  assertRoleMayAct(connection, message.action);
  // Any message is activity for the idle timeout; written at most every 30 s to keep audio cheap.
  if (message.action !== 'heartbeat' && nowMs - connection.lastSeenAt >= ACTIVITY_WRITE_INTERVAL_MS) {
    await deps.store.touchConnection(connectionId, nowMs);
  }
  const handler = handlers[message.action] as ActionHandler<typeof message.action>;
  await handler(deps, { connection, requestId, nowMs }, message as never);
}
