import type { ErrorMessage } from '@lingocast/contract';
import type { ConnectRefusal } from '../../ports';
import type { Deps } from '../deps';
import type { GreetingSchedule } from './greet';

/** The `action` of a refusal's `error`: what the client tells apart from an answer to one of its actions. */
export const CONNECT_ACTION = '$connect';

/** Refusals a client is told about on an opened socket (a browser cannot read a refused handshake). */
const TOLD_ON_THE_SOCKET: ReadonlySet<string> = new Set(['RATE_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE']);

/**
 * The refusal to tell on the socket, for an error that says "come back later" with a retryAfter;
 * undefined for the rest, which keep refusing the handshake with their HTTP status.
 *
 * @example
 * toldOnTheSocket({ code: 'RATE_LIMIT_EXCEEDED', message: '…', retryAfter: 7 }); // { code, message, retryAfter: 7 }
 */
export function toldOnTheSocket(error: {
  code: string;
  message: string;
  retryAfter?: number | undefined;
}): ConnectRefusal | undefined {
  if (!TOLD_ON_THE_SOCKET.has(error.code) || error.retryAfter === undefined) return undefined;
  return {
    code: error.code as ConnectRefusal['code'],
    message: error.message,
    retryAfter: error.retryAfter,
  };
}

/**
 * Tells a connection `$connect` accepted only to refuse it why and when to retry — an `error` with
 * the code, `retryAfter` and `action: '$connect'` — then closes it. Until `$connect` returns, API Gateway answers 410 for
 * the connection, so the post is tried again every `retryMs` until `deadlineMs`; the connection is
 * closed either way (it holds no row: anything it sends is refused as not registered).
 *
 * @example
 * await refuseWhenOpen(deps, 'conn-1', 'req-1', { code: 'RATE_LIMIT_EXCEEDED', message, retryAfter: 7 }, schedule);
 */
export async function refuseWhenOpen(
  deps: Pick<Deps, 'gateway' | 'clock'>,
  connectionId: string,
  requestId: string,
  refusal: ConnectRefusal,
  schedule: GreetingSchedule,
): Promise<boolean> {
  const deadline = deps.clock.now() + schedule.deadlineMs;
  let told = false;
  while (!told && deps.clock.now() < deadline) {
    const message: ErrorMessage = {
      type: 'error',
      timestamp: deps.clock.now(),
      requestId,
      action: CONNECT_ACTION,
      ...refusal,
    };
    // A post that failed (timed out, throttled) is tried again like a 410, until the deadline.
    told = await deps.gateway.send(connectionId, message).catch(() => false);
    if (!told) await deps.clock.sleep(schedule.retryMs);
  }
  await deps.gateway.close(connectionId).catch(() => undefined);
  return told;
}
