import {
  ENV,
  loadServiceConfig,
  optionalString,
  intInRange,
  positiveInt,
  rateLimit,
  requireString,
} from '@lingocast/config';
import type { BaseConfig, RateLimitSpec } from '@lingocast/config';
import { tableName } from '@lingocast/tables';
import { LIMITS } from '@lingocast/contract';
import { DEFAULT_REPLAY_WINDOW_MS, REPLAY_WINDOW_BOUNDS_MS } from '@lingocast/session-data';
import { sourceLanguagesOf, targetLanguagesOf } from '@lingocast/config';
import type { RateLimitName } from './ports';

/**
 * The defaults, sized for a venue: its whole audience shares one public address (NAT) and joins
 * one session within a minute (docs/session-management.md has the reasoning for each number).
 * - `listenerJoin`, per session: twice the default capacity a minute — a full hall fills, and
 *   fills again after a Wi-Fi blip, in the same minute.
 * - `connectionAttempt`, per address: four full sessions a minute behind one address (a
 *   conference's rooms), refreshes and reconnects included; beyond that an address is a flood.
 * - `failedConnect`, per address: unknown sessions, bad tokens, foreign connections — a fifth of
 *   a hall mistyping the code; over it the address is refused (verified speakers excepted).
 * Heartbeats come every 30 s and audio in 250 ms chunks, so both leave room for resends.
 * - `replay`, per connection: a client asks once per re-join and once per live gap; three a second
 *   leave room for both while a looping client cannot repeat the window's posts (each request is
 *   itself bounded, MAX_REPLAYED_PER_REQUEST). Not set from the environment yet (no RATE_LIMIT_* name).
 */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitSpec> = {
  sessionCreation: { max: 50, windowSeconds: 3600 },
  listenerJoin: { max: 2 * LIMITS.defaultMaxListenersPerSession, windowSeconds: 60 },
  connectionAttempt: { max: 4 * LIMITS.defaultMaxListenersPerSession, windowSeconds: 60 },
  failedConnect: { max: 100, windowSeconds: 60 },
  heartbeat: { max: 10, windowSeconds: 60 },
  audioChunk: { max: 20, windowSeconds: 1 },
  replay: { max: 3, windowSeconds: 1 },
};

/**
 * Concurrent sessions a deployment is sized for, when MAX_ACTIVE_SESSIONS is not set: the earlier
 * system's `maxActiveSessions` / "concurrent sessions: 100" target. Nothing refuses a session beyond
 * it; the ActiveSessions alarm fires at ACTIVE_SESSIONS_ALARM_RATIO of it, and the sweeper logs a warning.
 */
export const DEFAULT_MAX_ACTIVE_SESSIONS = 100;

/** REQUIREMENTS: alarm when active sessions reach 90 % of the maximum. */
export const ACTIVE_SESSIONS_ALARM_RATIO = 0.9;

/** Active sessions from which the alarm (and the sweeper's warning) fire: 90 % of the maximum, rounded up. */
export function activeSessionsAlarmThreshold(maxActiveSessions: number): number {
  return Math.ceil(maxActiveSessions * ACTIVE_SESSIONS_ALARM_RATIO);
}

/** MAX_ACTIVE_SESSIONS, read the same way by the functions and by the stack (serverless.config.ts). */
export function readMaxActiveSessions(env: Record<string, string | undefined>): number {
  return positiveInt(env, ENV.maxActiveSessions, DEFAULT_MAX_ACTIVE_SESSIONS);
}

/** The laptop stage (serverless-offline); only it serves `POST /local/sweep`. */
export const LOCAL_STAGE_NAME = 'local';

/** 2 500 a minute: 25 000 connections (50 sessions of 500) asked to refresh within 10 minutes. */
export const DEFAULT_NOTICES_PER_SWEEP = 2_500;

/** Connection lifecycle in ms: API Gateway closes every WebSocket at 2 h. */
export interface LifecycleSettings {
  refreshAfterMs: number;
  warningAfterMs: number;
  /** Between two warnings to one connection (105, 110, 115 min by default). */
  warningIntervalMs: number;
  maxAgeMs: number;
  idleTimeoutMs: number;
  speakerGraceMs: number;
  /**
   * Connections that get their due lifecycle notices in one sweep, oldest first (the rest the next
   * sweep): a wave of refreshes (an audience that joined together) is paced instead of reconnecting
   * at once. Size it to at least the peak connections / 10, so a wave fits in the 5 minutes between
   * the refresh request and the first warning.
   */
  noticesPerSweep: number;
}

export interface SessionManagementConfig extends BaseConfig {
  /** `replayWindow` is translation-pipeline's table: this app only reads it (the `replay` action). */
  tables: { sessions: string; connections: string; rateLimits: string; replayWindow: string };
  /** How far back `replay` reaches (REPLAY_WINDOW_MS, the same value translation-pipeline keeps for). */
  replayWindowMs: number;
  websocketManagementEndpoint: string;
  audioTranscription: { ingestFunction: string; lambdaEndpoint: string | undefined };
  self: { connectionReadyFunction: string; lambdaEndpoint: string | undefined };
  auth: { issuer: string; jwksUrl: string; audience: string };
  maxListenersPerSession: number;
  maxActiveSessions: number;
  sessionTtlHours: number;
  rateLimits: Record<RateLimitName, RateLimitSpec>;
  lifecycle: LifecycleSettings;
  sourceLanguages: readonly string[];
  targetLanguages: readonly string[];
}

/** Reads session-management's settings from its environment (names shared with the stack via ENV). */
export function loadSessionManagementConfig(
  env: Record<string, string | undefined>,
): SessionManagementConfig {
  const base = loadServiceConfig(env, ['sessions', 'connections', 'rateLimits', 'replayWindow'], tableName);
  return {
    ...base,
    replayWindowMs: intInRange(env, ENV.replayWindowMs, DEFAULT_REPLAY_WINDOW_MS, REPLAY_WINDOW_BOUNDS_MS),
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
    maxActiveSessions: readMaxActiveSessions(env),
    sessionTtlHours: positiveInt(env, ENV.sessionTtlHours, 12),
    rateLimits: {
      sessionCreation: rateLimit(env, ENV.rateLimitSessionCreations, DEFAULT_RATE_LIMITS.sessionCreation),
      listenerJoin: rateLimit(env, ENV.rateLimitListenerJoins, DEFAULT_RATE_LIMITS.listenerJoin),
      connectionAttempt: rateLimit(
        env,
        ENV.rateLimitConnectionAttempts,
        DEFAULT_RATE_LIMITS.connectionAttempt,
      ),
      failedConnect: rateLimit(env, ENV.rateLimitFailedConnects, DEFAULT_RATE_LIMITS.failedConnect),
      heartbeat: rateLimit(env, ENV.rateLimitHeartbeats, DEFAULT_RATE_LIMITS.heartbeat),
      audioChunk: rateLimit(env, ENV.rateLimitAudioChunks, DEFAULT_RATE_LIMITS.audioChunk),
      replay: DEFAULT_RATE_LIMITS.replay,
    },
    lifecycle: {
      refreshAfterMs: positiveInt(env, ENV.connectionRefreshAfterSeconds, 100 * 60) * 1000,
      warningAfterMs: positiveInt(env, ENV.connectionWarningAfterSeconds, 105 * 60) * 1000,
      warningIntervalMs: positiveInt(env, ENV.connectionWarningIntervalSeconds, 5 * 60) * 1000,
      maxAgeMs: positiveInt(env, ENV.connectionMaxAgeSeconds, 120 * 60) * 1000,
      idleTimeoutMs: positiveInt(env, ENV.connectionIdleTimeoutSeconds, 10 * 60) * 1000,
      speakerGraceMs: positiveInt(env, ENV.speakerGraceSeconds, 5 * 60) * 1000,
      noticesPerSweep: positiveInt(env, ENV.connectionNoticesPerSweep, DEFAULT_NOTICES_PER_SWEEP),
    },
    sourceLanguages: sourceLanguagesOf(base.speechProvider),
    targetLanguages: targetLanguagesOf(base.speechProvider),
  };
}
