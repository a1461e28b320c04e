import { ENV, loadBaseConfig, optionalString, positiveInt, requireString } from '@lingocast/config';
import type { BaseConfig } from '@lingocast/config';
import { tableName } from '@lingocast/tables';
import { LIMITS } from '@lingocast/contract';
import { sourceLanguagesOf, targetLanguagesOf } from '@lingocast/config';

export interface SessionManagementConfig extends BaseConfig {
  tables: { sessions: string; connections: string; rateLimits: string };
  websocketManagementEndpoint: string;
  audioTranscription: { ingestFunction: string; lambdaEndpoint: string | undefined };
  self: { connectionReadyFunction: string; lambdaEndpoint: string | undefined };
  auth: { issuer: string; jwksUrl: string; audience: string };
  maxListenersPerSession: number;
  sessionTtlHours: number;
  sourceLanguages: readonly string[];
  targetLanguages: readonly string[];
}

/** Reads session-management's settings from its environment (names shared with the stack via ENV). */
export function loadSessionManagementConfig(
  env: Record<string, string | undefined>,
): SessionManagementConfig {
  const base = loadBaseConfig(env);
  return {
    ...base,
    tables: {
      sessions: tableName('sessions', base.stage),
      connections: tableName('connections', base.stage),
      rateLimits: tableName('rateLimits', base.stage),
    },
    websocketManagementEndpoint: requireString(env, ENV.websocketManagementEndpoint),
    audioTranscription: {
      ingestFunction: requireString(env, ENV.ingestAudioFunction),
      lambdaEndpoint: optionalString(env, ENV.audioTranscriptionLambdaEndpoint),
    },
    self: {
      connectionReadyFunction: requireString(env, ENV.connectionReadyFunction),
      lambdaEndpoint: optionalString(env, ENV.sessionManagementLambdaEndpoint),
    },
    auth: {
      issuer: requireString(env, ENV.jwtIssuer),
      jwksUrl: requireString(env, ENV.jwksUrl),
      audience: requireString(env, ENV.jwtAudience),
    },
    maxListenersPerSession: positiveInt(
      env,
      ENV.maxListenersPerSession,
      LIMITS.defaultMaxListenersPerSession,
    ),
    sessionTtlHours: positiveInt(env, ENV.sessionTtlHours, 12),
    sourceLanguages: sourceLanguagesOf(base.speechProvider),
    targetLanguages: targetLanguagesOf(base.speechProvider),
  };
}
