/** Thrown when the environment lacks a setting or holds a malformed one. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads a required setting; call it when building the config, never at import time.
 *
 * @example
 * const stage = requireString(process.env, 'STAGE');
 */
export function requireString(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigError(`environment variable ${name} is not set`);
  return value.trim();
}

/** Reads an optional setting. */
export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads a positive integer setting with a default. */
export function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

/**
 * Reads a positive integer setting with a default, within bounds (both included).
 *
 * @example
 * intInRange({ REPLAY_WINDOW_MS: '30000' }, 'REPLAY_WINDOW_MS', 300_000, { min: 1_000, max: 3_600_000 }); // 30000
 */
export function intInRange(
  env: Env,
  name: string,
  fallback: number,
  bounds: { readonly min: number; readonly max: number },
): number {
  const value = positiveInt(env, name, fallback);
  if (value < bounds.min || value > bounds.max)
    throw new ConfigError(`${name} must be between ${bounds.min} and ${bounds.max}, got '${value}'`);
  return value;
}

/** Reads one of a fixed set of values with a default. */
export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

/** A rate limit: at most `max` events per `windowSeconds`. */
export interface RateLimitSpec {
  max: number;
  windowSeconds: number;
}

/**
 * Reads a rate limit written `<max>/<windowSeconds>`, with a default.
 *
 * @example
 * rateLimit({ RATE_LIMIT_LISTENER_JOINS: '10/60' }, 'RATE_LIMIT_LISTENER_JOINS', { max: 5, windowSeconds: 60 });
 * // { max: 10, windowSeconds: 60 }
 */
export function rateLimit(env: Env, name: string, fallback: RateLimitSpec): RateLimitSpec {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const max = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || max <= 0 || windowSeconds <= 0)
    throw new ConfigError(`${name} must look like <max>/<windowSeconds>, e.g. 50/3600, got '${raw}'`);
  return { max, windowSeconds };
}
