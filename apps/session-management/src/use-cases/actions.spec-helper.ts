import type { ClientMessage, ServerMessage } from '@lingocast/contract';
import { createTestDeps, seedActiveSession, seedListeners, seedSpeaker } from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { handleAction } from './actions';

// Shared setup of the specs that drive client actions through handleAction (one file per action group).

/** A base64 chunk of 10 ms of silence, for `sendAudio`. */
export const AUDIO = Buffer.alloc(320).toString('base64');

/**
 * A session with its speaker and three listeners (two Spanish, one French).
 *
 * @example
 * const deps = await broadcastingSession();
 */
export async function broadcastingSession(deps: TestDeps = createTestDeps()): Promise<TestDeps> {
  seedActiveSession(deps);
  await seedSpeaker(deps, 'speaker-conn');
  await seedListeners(deps, { 'listener-es-1': 'es', 'listener-es-2': 'es', 'listener-fr': 'fr' });
  return deps;
}

/** The listener connections of {@link broadcastingSession}. */
export const LISTENERS = ['listener-es-1', 'listener-es-2', 'listener-fr'];

/**
 * Sends one client message from a connection through the action dispatch.
 *
 * @example
 * await send(deps, 'speaker-conn', { action: 'pauseBroadcast' }, 'pause-1');
 */
export function send(
  deps: TestDeps,
  connectionId: string,
  message: ClientMessage,
  requestId = 'req-1',
): Promise<void> {
  return handleAction(deps, connectionId, message, requestId);
}

/**
 * The last message the gateway delivered to one connection.
 *
 * @example
 * expect(lastMessageTo(deps, 'listener-fr')).toMatchObject({ type: 'broadcastPaused' });
 */
export function lastMessageTo(deps: TestDeps, connectionId: string): ServerMessage | undefined {
  return deps.gateway.messagesTo(connectionId).at(-1);
}
