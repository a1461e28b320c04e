import type { ActionHandler } from './action-context';
import { reply } from './action-context';
import { enforceRateLimit } from './rate-limits';

/** The `heartbeat` action: activity for the idle timeout, acknowledged. */
export const heartbeat: ActionHandler<'heartbeat'> = async (deps, ctx) => {
  await enforceRateLimit(deps, 'heartbeat', ctx.connection.connectionId);
  await deps.store.touchConnection(ctx.connection.connectionId, ctx.nowMs);
  await reply(deps, ctx, { type: 'heartbeatAck', timestamp: deps.clock.now(), requestId: ctx.requestId });
};
