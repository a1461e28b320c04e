import type { Connection } from './connection';
import type { SessionRecord } from './session-record';

/**
 * Why registering a listener failed, as the error code the caller is refused with: `SESSION_ENDED`
 * for an ended session, `SESSION_NOT_ACTIVE` for a paused one (the contract's meaning; neither store
 * refuses a paused session today, listeners may wait in one), `SESSION_FULL` at capacity.
 */
export type AddListenerFailure =
  'SESSION_FULL' | 'SESSION_ENDED' | 'SESSION_NOT_ACTIVE' | 'SESSION_NOT_FOUND';

export type SessionChanges = Partial<
  Pick<SessionRecord, 'status' | 'sourceLanguage' | 'qualityTier' | 'broadcastState'>
>;

/**
 * Sessions and their connections, kept consistent with each other: the listener count moves in
 * the same transaction as the listener's row, so it never drifts and never goes below zero.
 */
export interface SessionStore {
  /** Writes a new session; false if the id is taken (conditional write). */
  createSession(record: SessionRecord): Promise<boolean>;
  /** The session, or undefined when missing or expired. */
  getSession(sessionId: string, nowMs: number): Promise<SessionRecord | undefined>;
  /** Applies a partial update; returns the updated session, or undefined when it does not exist. */
  updateSession(
    sessionId: string,
    changes: SessionChanges,
    nowMs: number,
  ): Promise<SessionRecord | undefined>;
  /** Atomically stores a listener's row and increments the count while below `maxListeners`. */
  addListener(
    connection: Connection,
    maxListeners: number,
  ): Promise<{ ok: true } | { ok: false; reason: AddListenerFailure }>;
  /** Stores the speaker's row and points the session at it. */
  addSpeaker(connection: Connection): Promise<void>;
  /**
   * Removes a connection exactly once (a listener's count with it); returns the removed row. When it
   * was the session's speaker connection, the session records `speakerLeftAt` (nowMs, else the row's lastSeenAt).
   */
  removeConnection(connectionId: string, nowMs?: number): Promise<Connection | undefined>;
  /**
   * Removes a connection that API Gateway answered 410 for, like removeConnection, unless it connected
   * less than HANDSHAKE_GRACE_MS before `nowMs`: its row is written during `$connect`, and until `$connect`
   * returns API Gateway answers 410 for it, so a young connection is not gone, only still opening.
   */
  removeGoneConnection(connectionId: string, nowMs: number): Promise<Connection | undefined>;
  getConnection(connectionId: string, nowMs: number): Promise<Connection | undefined>;
  /** Listener rows of a session, optionally of one language. */
  listListeners(sessionId: string, nowMs: number, targetLanguage?: string): Promise<Connection[]>;
  /** Records activity (heartbeats). */
  touchConnection(connectionId: string, nowMs: number): Promise<void>;
  /** Moves a listener to another language (the index follows the row). */
  changeListenerLanguage(connectionId: string, targetLanguage: string): Promise<void>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
}

/** The observed state a listener-count repair is conditioned on. */
export interface CountSnapshot {
  listenerCount: number;
  countVersion: number | undefined;
}

/** A lifecycle message the sweeper sends a connection: recorded on its row so it goes out once. */
export type LifecycleNotice = 'refreshRequested' | 'warned';

/**
 * What session-management's refresh and sweeper need beyond SessionStore (kept apart so other
 * apps' fakes of SessionStore stay small).
 */
export interface SessionMaintenanceStore {
  /**
   * Atomically replaces `previous` by `next` (a refresh): deletes the old row, puts the new one and,
   * for a speaker, points the session at it; the listener count does not move. False when the old row is gone.
   */
  replaceConnection(previous: Connection, next: Connection): Promise<boolean>;
  /**
   * Switches a listener's captions-only mode (the row keeps its language and everything else);
   * fails with a condition failure when the row is gone or is not a listener's.
   */
  setCaptionsOnly(connectionId: string, captionsOnly: boolean): Promise<void>;
  /**
   * Switches a listener's live captions (`transcriptPartial` while the speaker talks), the row
   * otherwise unchanged; fails with a condition failure when the row is gone or is not a listener's.
   */
  setLiveCaptions(connectionId: string, liveCaptions: boolean): Promise<void>;
  /** Every live connection row (strongly consistent scan, all pages; expired rows left out). */
  scanConnections(nowMs: number): Promise<Connection[]>;
  /** Every live session that has not ended (strongly consistent scan, all pages). */
  scanOpenSessions(nowMs: number): Promise<SessionRecord[]>;
  /** Sets the listener count to `listenerCount` if it is still exactly as `seen`; false otherwise. */
  repairListenerCount(sessionId: string, seen: CountSnapshot, listenerCount: number): Promise<boolean>;
  /**
   * Records on the connection row that `notice` is being sent now, by a conditional update, so that of
   * concurrent sweeps exactly one sends it. True when this caller won: the row exists and the notice was
   * never recorded, or (with `repeatAfterMs`) was recorded at or before `nowMs − repeatAfterMs`.
   */
  claimLifecycleNotice(
    connectionId: string,
    notice: LifecycleNotice,
    nowMs: number,
    repeatAfterMs?: number,
  ): Promise<boolean>;
}
