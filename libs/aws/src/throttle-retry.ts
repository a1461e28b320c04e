import { awsErrorName, isThrottlingError } from './aws-errors';

/** Names of "slow down / try again" answers beyond the ones `isThrottlingError` knows. */
const UNAVAILABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
]);

/** How long and how often a throttled call is tried again. */
export interface ThrottleRetryOptions {
  /** Time from the first attempt after which no retry starts; default 1 500 ms (the latency budget). */
  budgetMs?: number;
  /** First backoff ceiling, doubled per retry up to `maxDelayMs`; default 100 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for the jitter. */
  random?: () => number;
  now?: () => number;
}

/** Throttling, limits and unavailability: the same request may succeed a moment later. */
export function isRetryableThrottle(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return isThrottlingError(error) || UNAVAILABLE_ERROR_NAMES.has(awsErrorName(error)) || status === 503;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, and again after a throttling, limit or unavailability error, with exponential backoff and
 * jitter (half the ceiling plus a random half), as long as the next attempt would start within the
 * latency budget; then the last error is thrown. Other errors are thrown at once.
 *
 * @example
 * const output = await retryThrottled(() => client.send(new TranslateTextCommand(input)));
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  options: ThrottleRetryOptions = {},
): Promise<T> {
  const budgetMs = options.budgetMs ?? 1_500;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 800;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const started = now();
  for (let retry = 0; ; retry += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryableThrottle(error)) throw error;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
      const delayMs = Math.round(ceiling / 2 + random() * (ceiling / 2));
      if (now() - started + delayMs > budgetMs) throw error;
      await sleep(delayMs);
    }
  }
}
