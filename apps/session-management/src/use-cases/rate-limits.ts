import { RateLimitExceededError } from '@lingocast/errors';
import { emitMetric } from '@lingocast/logging';
import type { RateLimitName } from '../ports';
import type { Deps } from './deps';

export const METRICS_NAMESPACE = 'LingoCast';
export const SERVICE_DIMENSION = { Service: 'session-management' };

/**
 * Counts one event against a limit; over it, emits a `RateLimitHits` metric and throws
 * RATE_LIMIT_EXCEEDED with the seconds until the window frees up.
 */
export async function enforceRateLimit(
  deps: Pick<Deps, 'limits' | 'clock' | 'logger'>,
  limit: RateLimitName,
  key: string,
): Promise<void> {
  const decision = await deps.limits.consume(limit, key, deps.clock.now());
  if (decision.allowed) return;
  emitMetric(deps.logger, METRICS_NAMESPACE, 'RateLimitHits', 1, 'Count', {
    ...SERVICE_DIMENSION,
    Limit: limit,
  });
  throw new RateLimitExceededError(limit, decision.retryAfterSeconds);
}
