import type { ClientAction, ClientMessageOf, ServerMessage } from '@lingocast/contract';
import { SessionNotFoundError } from '@lingocast/errors';
import type { Connection, SessionRecord } from '@lingocast/session-data';
import type { Deps } from './deps';

/** Who sent an action, from the stored connection row (not from anything the client claims). */
export interface ActionContext {
  connection: Connection;
  requestId: string;
  nowMs: number;
}

/** One client action's use case, as the dispatch table holds it. */
export type ActionHandler<A extends ClientAction> = (
  deps: Deps,
  ctx: ActionContext,
  message: ClientMessageOf<A>,
) => Promise<void>;

/**
 * Sends `message` to the connection that sent the action.
 *
 * @example
 * await reply(deps, ctx, { type: 'heartbeatAck', timestamp: deps.clock.now(), requestId: ctx.requestId });
 */
export function reply(deps: Deps, ctx: ActionContext, message: ServerMessage): Promise<boolean> {
  return deps.gateway.send(ctx.connection.connectionId, message);
}

/**
 * The session of the connection that sent the action (`SESSION_NOT_FOUND` when it is gone).
 *
 * @example
 * const session = await sessionOf(deps, ctx);
 */
export async function sessionOf(deps: Deps, ctx: ActionContext): Promise<SessionRecord> {
  const session = await deps.store.getSession(ctx.connection.sessionId, ctx.nowMs);
  if (!session) throw new SessionNotFoundError(ctx.connection.sessionId);
  return session;
}
