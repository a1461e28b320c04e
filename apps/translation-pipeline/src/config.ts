import { ConfigError, ENV, loadServiceConfig, positiveInt, requireString } from '@lingocast/config';
import type { BaseConfig } from '@lingocast/config';
import { DEFAULT_REPLAY_WINDOW_MS } from '@lingocast/session-data';
import { tableName } from '@lingocast/tables';

export interface TranslationPipelineConfig extends BaseConfig {
  tables: { sessions: string; connections: string; translationCache: string; replayWindow: string };
  websocketManagementEndpoint: string;
  translationCacheTtlDays: number;
  fanOutConcurrency: number;
  /** How far back a listener can replay (REPLAY_WINDOW_MS): what the fan-out keeps, and how long a language lingers. */
  replayWindowMs: number;
}

/** The replay window's bounds: a second at least (tests), an hour at most (each lingering language costs). */
export const REPLAY_WINDOW_BOUNDS_MS = { min: 1_000, max: 3_600_000 } as const;

/**
 * REPLAY_WINDOW_MS, 300 000 (5 minutes) by default, within REPLAY_WINDOW_BOUNDS_MS.
 *
 * @example
 * replayWindowMs({ REPLAY_WINDOW_MS: '30000' }) // 30000
 */
export function replayWindowMs(env: Record<string, string | undefined>): number {
  const value = positiveInt(env, ENV.replayWindowMs, DEFAULT_REPLAY_WINDOW_MS);
  const { min, max } = REPLAY_WINDOW_BOUNDS_MS;
  if (value < min || value > max) {
    throw new ConfigError(`${ENV.replayWindowMs} must be between ${min} and ${max} ms, got '${value}'`);
  }
  return value;
}

/** Reads translation-pipeline's settings (names shared with the stack through ENV). */
export function loadTranslationPipelineConfig(
  env: Record<string, string | undefined>,
): TranslationPipelineConfig {
  const base = loadServiceConfig(
    env,
    ['sessions', 'connections', 'translationCache', 'replayWindow'],
    tableName,
  );
  return {
    ...base,
    websocketManagementEndpoint: requireString(env, ENV.websocketManagementEndpoint),
    translationCacheTtlDays: positiveInt(env, ENV.translationCacheTtlDays, 30),
    fanOutConcurrency: positiveInt(env, ENV.fanOutConcurrency, 64),
    replayWindowMs: replayWindowMs(env),
  };
}
