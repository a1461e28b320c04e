import type { BroadcastState, QualityTier, Session, SessionStatus } from '@lingocast/contract';

/** A session as stored: the public Session plus what only the server needs. */
export interface SessionRecord extends Session {
  /** The speaker's live connection, if one is connected. */
  speakerConnectionId?: string;
  /** When the speaker's last connection went away (ms); cleared when a speaker connects. */
  speakerLeftAt?: number;
  /** Bumped with every listenerCount change, so a repair can tell that the count did not move meanwhile. */
  countVersion?: number;
  ttl: number;
}

export const DEFAULT_BROADCAST_STATE: BroadcastState = { paused: false, muted: false, volume: 1 };

export interface NewSessionInput {
  sessionId: string;
  speakerId: string;
  sourceLanguage: string;
  qualityTier: QualityTier;
  nowMs: number;
  ttlHours: number;
}

/**
 * A new session, active and empty, expiring `ttlHours` from now.
 *
 * @example
 * const record = newSessionRecord({ sessionId: 'golden-eagle-427', speakerId, sourceLanguage: 'en', qualityTier: 'standard', nowMs, ttlHours: 12 });
 */
export function newSessionRecord(input: NewSessionInput): SessionRecord {
  const created = new Date(input.nowMs).toISOString();
  const expiresMs = input.nowMs + input.ttlHours * 3_600_000;
  return {
    sessionId: input.sessionId,
    speakerId: input.speakerId,
    sourceLanguage: input.sourceLanguage,
    qualityTier: input.qualityTier,
    status: 'active' as SessionStatus,
    listenerCount: 0,
    broadcastState: { ...DEFAULT_BROADCAST_STATE },
    createdAt: created,
    updatedAt: created,
    expiresAt: new Date(expiresMs).toISOString(),
    ttl: Math.floor(expiresMs / 1000),
  };
}

/** The public view of a stored session (what the HTTP API and `sessionCreated` return). */
export function toPublicSession(record: SessionRecord): Session {
  return {
    sessionId: record.sessionId,
    speakerId: record.speakerId,
    sourceLanguage: record.sourceLanguage,
    qualityTier: record.qualityTier,
    status: record.status,
    listenerCount: record.listenerCount,
    broadcastState: record.broadcastState,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
  };
}
