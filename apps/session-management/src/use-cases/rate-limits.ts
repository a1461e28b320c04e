import { DomainError, RateLimitExceededError } from '@lingocast/errors';
import { emitMetric } from '@lingocast/logging';
import type { RateLimitName } from '../ports';
import type { Deps } from './deps';

export const METRICS_NAMESPACE = 'LingoCast';
export const SERVICE_DIMENSION = { Service: 'session-management' };

/**
 * What happens when the limiter itself fails (DynamoDB unreachable, throttled, timing out):
 * - `open`: the event is let through uncounted. Heartbeats and audio chunks belong to a broadcast in
 *   progress, and connection attempts and listener joins include the speaker's refresh and reconnect
 *   and listeners arriving mid-sermon: refusing them would cut the broadcast for a fault of the
 *   limiter's table. What still holds: the listener cap (a transaction on the Sessions table) and
 *   API Gateway's own throttling.
 * - `closed`: refused with SERVICE_UNAVAILABLE (503) and a short retryAfter. Only session creation:
 *   nobody is listening yet, the speaker can retry in a moment, and it is the cheapest way to fill
 *   the Sessions table if limits were off.
 * Either way the failure is logged and counted (`RateLimiterErrors`, alarmed in infra/alarms.ts).
 */
export const RATE_LIMITER_FAILURE_POLICY: Readonly<Record<RateLimitName, 'open' | 'closed'>> = {
  sessionCreation: 'closed',
  listenerJoin: 'open',
  connectionAttempt: 'open',
  heartbeat: 'open',
  audioChunk: 'open',
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
  let decision;
  try {
    decision = await deps.limits.consume(limit, key, deps.clock.now());
  } catch (error) {
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
    if (policy === 'open') return;
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
