import type { Connection } from '@lingocast/session-data';
import { ttlAfter } from '@lingocast/tables';
import type { VerifiedToken } from '../../ports';
import type { Deps } from '../deps';

/** API Gateway closes every WebSocket after 2 hours; rows outlive that only until TTL or the sweeper. */
const CONNECTION_TTL_SECONDS = 3 * 3600;

export interface ConnectRequest {
  connectionId: string;
  sessionId: string;
  /** Listeners only. */
  targetLanguage?: string;
  /** Present when the authorizer verified a speaker token. */
  speaker?: VerifiedToken;
  /** The caller's IP (`requestContext.identity.sourceIp`), for the per-IP limits. */
  sourceIp?: string;
  /** A refresh: the connection this one replaces (same session, same role; same user for speakers). */
  previousConnectionId?: string;
  /**
   * A reconnect: the client's last connection. Taken over like a refresh while its row still exists
   * (the server died or the network dropped and `$disconnect` never ran), otherwise ignored.
   */
  resumeConnectionId?: string;
  /** Listeners only: captions without audio. A refresh or resume without it keeps the old row's mode. */
  captionsOnly?: boolean;
  /** Listeners only: also `transcriptPartial` while the speaker talks. A refresh or resume without it keeps the old row's choice. */
  liveCaptions?: boolean;
  requestId: string;
}

export type ConnectDeps = Pick<
  Deps,
  'store' | 'greeter' | 'gateway' | 'clock' | 'settings' | 'limits' | 'logger'
>;

/** What every new row of a `$connect` starts with, whatever its role. */
export type RowBase = Omit<Connection, 'role'>;

/**
 * The fields of the row `$connect` writes for `request` at `nowMs`.
 *
 * @example
 * const base = rowBase(request, clock.now()); // { connectionId, sessionId, connectedAt, lastSeenAt, ttl }
 */
export function rowBase(request: ConnectRequest, nowMs: number): RowBase {
  return {
    connectionId: request.connectionId,
    sessionId: request.sessionId,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: ttlAfter(nowMs, CONNECTION_TTL_SECONDS),
  };
}
