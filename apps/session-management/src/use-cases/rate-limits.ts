import { DomainError, RateLimitExceededError } from '@lingocast/errors';
import { METRICS_NAMESPACE, emitMetric } from '@lingocast/logging';
import type { RateLimitDecision, RateLimitName } from '../ports';
import type { Deps } from './deps';

export { METRICS_NAMESPACE };
export const SERVICE_DIMENSION = { Service: 'session-management' };

/**
 * What happens when the limiter itself fails (DynamoDB unreachable, throttled, timing out):
 * - `open`: the event is let through uncounted. Heartbeats, audio chunks and replays belong to a
 *   broadcast in progress, and connection attempts and listener joins include the speaker's refresh
 *   and reconnect and listeners arriving mid-sermon: refusing them would cut the broadcast for a
 *   fault of the limiter's table. What still holds: the listener cap (a transaction on the Sessions
 *   table) and API Gateway's own throttling.
 * - `closed`: refused with SERVICE_UNAVAILABLE (503) and a short retryAfter. Only session creation:
 *   nobody is listening yet, the speaker can retry in a moment, and it is the cheapest way to fill
 *   the Sessions table if limits were off.
 * Either way the failure is logged and counted (`RateLimiterErrors`, alarmed in infra/alarms.ts).
 */
export const RATE_LIMITER_FAILURE_POLICY: Readonly<Record<RateLimitName, 'open' | 'closed'>> = {
  sessionCreation: 'closed',
  listenerJoin: 'open',
  connectionAttempt: 'open',
  failedConnect: 'open',
  heartbeat: 'open',
  audioChunk: 'open',
  replay: 'open',
};

/** retryAfter of a creation refused because the limiter failed. */
export const LIMITER_FAILURE_RETRY_AFTER_SECONDS = 5;

/**
 * Counts one event against a limit; over it, emits a `RateLimitHits` metric and throws
 * RATE_LIMIT_EXCEEDED with the seconds until the window frees up. When the limiter fails, emits
 * `RateLimiterErrors` and lets the event through or refuses it, per RATE_LIMITER_FAILURE_POLICY.
 */
export async function enforceRateLimit(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  limit: RateLimitName,
  key: string,
): Promise<void> {
  await decide(deps, limit, () => deps.limits.consume(limit, key, deps.clock.now()));
}

/**
 * Refuses like enforceRateLimit when `limit` is already full for `key`, without counting an event:
 * the failed-attempt limit is counted on failures but holds back every attempt while it is full.
 */
export async function assertUnderRateLimit(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  limit: RateLimitName,
  key: string,
): Promise<void> {
  await decide(deps, limit, () => deps.limits.peek(limit, key, deps.clock.now()));
}

/**
 * The address checks at the front of every `$connect`: one more attempt against the address's
 * ceiling, then — unless the caller is a verified speaker — no attempt while the address's failed
 * attempts are full (it would be one more guess at a session id).
 *
 * @example
 * await admitConnectAttempt(deps, '203.0.113.9', false); // throws RATE_LIMIT_EXCEEDED when over either
 */
export async function admitConnectAttempt(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  sourceIp: string,
  verifiedSpeaker: boolean,
): Promise<void> {
  await enforceRateLimit(deps, 'connectionAttempt', sourceIp);
  if (!verifiedSpeaker) await assertUnderRateLimit(deps, 'failedConnect', sourceIp);
}

/** Failures a guesser or a forger gets, counted against its address; the rest are honest mistakes. */
const FAILED_CONNECT_CODES: ReadonlySet<string> = new Set(['SESSION_NOT_FOUND', 'FORBIDDEN']);

/**
 * Runs a `$connect` and, when it fails as a guess or a forgery would (SESSION_NOT_FOUND,
 * FORBIDDEN), counts the failure against the source address before rethrowing it.
 *
 * @example
 * await countingFailedConnects(deps, sourceIp, () => registerConnection(deps, request));
 */
export async function countingFailedConnects<T>(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  sourceIp: string,
  connect: () => Promise<T>,
): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    if (error instanceof DomainError && FAILED_CONNECT_CODES.has(error.code)) {
      await countFailedConnect(deps, sourceIp);
    }
    throw error;
  }
}

/**
 * Counts one failed `$connect` (unknown session, bad token, a connection not the caller's) against
 * the source address. Never throws: the caller answers with the failure itself.
 *
 * @example
 * await countFailedConnect(deps, '203.0.113.9');
 */
export async function countFailedConnect(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  sourceIp: string,
): Promise<void> {
  try {
    await deps.limits.consume('failedConnect', sourceIp, deps.clock.now());
  } catch (error) {
    limiterFailed(deps, 'failedConnect', error);
  }
}

function limiterFailed(deps: Pick<Deps, 'logger'>, limit: RateLimitName, error: unknown): 'open' | 'closed' {
  const policy = RATE_LIMITER_FAILURE_POLICY[limit];
  emitMetric(
    deps.logger,
    METRICS_NAMESPACE,
    'RateLimiterErrors',
    1,
    'Count',
    { ...SERVICE_DIMENSION, Limit: limit },
    [Object.keys(SERVICE_DIMENSION)],
  );
  deps.logger.error({ err: error, limit, policy }, `rate limiter failed; failing ${policy}`);
  return policy;
}

async function decide(
  deps: Pick<Deps, 'logger'>,
  limit: RateLimitName,
  ask: () => Promise<RateLimitDecision>,
): Promise<void> {
  let decision;
  try {
    decision = await ask();
  } catch (error) {
    if (limiterFailed(deps, limit, error) === 'open') return;
    throw new DomainError('SERVICE_UNAVAILABLE', 'the service is briefly unavailable; try again', {
      cause: error,
      retryAfter: LIMITER_FAILURE_RETRY_AFTER_SECONDS,
      details: { limit },
    });
  }
  if (decision.allowed) return;
  emitMetric(deps.logger, METRICS_NAMESPACE, 'RateLimitHits', 1, 'Count', {
    ...SERVICE_DIMENSION,
    Limit: limit,
  });
  throw new RateLimitExceededError(limit, decision.retryAfterSeconds);
}
