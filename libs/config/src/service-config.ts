import { ENV } from './env-names';
import { intInRange, oneOf, optionalString, positiveInt, rateLimit, requireString } from './read-env';

export type SpeechProvider = 'offline' | 'aws';

/** Settings every service reads: where it runs and how to reach AWS (or the local stage). */
export interface BaseConfig {
  stage: string;
  region: string;
  dynamoDbEndpoint: string | undefined;
  speechProvider: SpeechProvider;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the settings shared by every service.
 *
 * @example
 * const config = loadBaseConfig(process.env);
 */
export function loadBaseConfig(env: Env): BaseConfig {
  return {
    stage: requireString(env, ENV.stage),
    region: optionalString(env, ENV.region) ?? 'us-east-1',
    dynamoDbEndpoint: optionalString(env, ENV.dynamoDbEndpoint),
    speechProvider: oneOf(env, ENV.speechProvider, ['offline', 'aws'] as const, 'aws'),
  };
}

/** The shared settings of a service, with the names of the tables it reaches on its stage. */
export type ServiceConfig<TableId extends string> = BaseConfig & { tables: Record<TableId, string> };

/**
 * Reads the settings shared by every service and names the tables it reaches for its stage.
 * `tableName` is the tables' naming (libs/tables' tableName); the tables keep the order given.
 *
 * @example
 * const base = loadServiceConfig(process.env, ['sessions', 'connections'], tableName);
 * base.tables.sessions; // 'lingocast-dev-sessions'
 */
export function loadServiceConfig<TableId extends string>(
  env: Env,
  tableIds: readonly TableId[],
  tableName: (id: TableId, stage: string) => string,
): ServiceConfig<TableId> {
  const base = loadBaseConfig(env);
  const tables = Object.fromEntries(tableIds.map((id) => [id, tableName(id, base.stage)]));
  return { ...base, tables: tables as Record<TableId, string> };
}

/** Memoises a config loader so a warm Lambda reads its environment once, on first use. */
export function lazyConfig<T>(load: (env: Env) => T): () => T {
  let cached: T | undefined;
  return () => {
    cached ??= load(process.env);
    return cached;
  };
}

export { intInRange, positiveInt, rateLimit, requireString, optionalString, oneOf };
