import { ENV, loadBaseConfig, positiveInt, requireString } from '@lingocast/config';
import type { BaseConfig } from '@lingocast/config';
import { tableName } from '@lingocast/tables';

export interface TranslationPipelineConfig extends BaseConfig {
  tables: { sessions: string; connections: string; translationCache: string };
  websocketManagementEndpoint: string;
  translationCacheTtlDays: number;
  fanOutConcurrency: number;
}

/** Reads translation-pipeline's settings (names shared with the stack through ENV). */
export function loadTranslationPipelineConfig(
  env: Record<string, string | undefined>,
): TranslationPipelineConfig {
  const base = loadBaseConfig(env);
  return {
    ...base,
    tables: {
      sessions: tableName('sessions', base.stage),
      connections: tableName('connections', base.stage),
      translationCache: tableName('translationCache', base.stage),
    },
    websocketManagementEndpoint: requireString(env, ENV.websocketManagementEndpoint),
    translationCacheTtlDays: positiveInt(env, ENV.translationCacheTtlDays, 30),
    fanOutConcurrency: positiveInt(env, ENV.fanOutConcurrency, 64),
  };
}
