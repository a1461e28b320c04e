import { ENV, intInRange, loadServiceConfig, positiveInt, requireString } from '@lingocast/config';
import type { BaseConfig } from '@lingocast/config';
import { DEFAULT_REPLAY_WINDOW_MS, REPLAY_WINDOW_BOUNDS_MS } from '@lingocast/session-data';
import { tableName } from '@lingocast/tables';

export interface TranslationPipelineConfig extends BaseConfig {
  tables: { sessions: string; connections: string; translationCache: string; replayWindow: string };
  websocketManagementEndpoint: string;
  translationCacheTtlDays: number;
  fanOutConcurrency: number;
  /** How far back a listener can replay (REPLAY_WINDOW_MS): what the fan-out keeps, and how long a language lingers. */
  replayWindowMs: number;
}

/**
 * REPLAY_WINDOW_MS, 300 000 (5 minutes) by default, within REPLAY_WINDOW_BOUNDS_MS (session-management
 * reads it the same way).
 *
 * @example
 * replayWindowMs({ REPLAY_WINDOW_MS: '30000' }) // 30000
 */
export function replayWindowMs(env: Record<string, string | undefined>): number {
  return intInRange(env, ENV.replayWindowMs, DEFAULT_REPLAY_WINDOW_MS, REPLAY_WINDOW_BOUNDS_MS);
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
