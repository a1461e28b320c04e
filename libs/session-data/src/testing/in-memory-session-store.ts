import { isExpired } from '@lingocast/tables';
import type { Connection } from '../connection';
import type { SessionRecord } from '../session-record';
import type {
  AddListenerFailure,
  CountSnapshot,
  LifecycleNotice,
  SessionChanges,
  SessionMaintenanceStore,
  SessionStore,
} from '../session-store';
import { stillOpening } from '../connection-handshake';

/** Thrown where DynamoDB would answer ConditionalCheckFailedException. */
export class ConditionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionalCheckFailedException';
  }
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * SessionStore in memory with the semantics of DynamoSessionStore — conditional session ids, the
 * listener count moving with the listener's row, capacity checked atomically, idempotent removal,
 * counts never below zero, expired items ignored on every read — for the services' unit tests.
 * session-stores.spec.ts runs the same behavioural tests against both, so the two cannot drift.
 */
export class InMemorySessionStore implements SessionStore, SessionMaintenanceStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly connections = new Map<string, Connection>();
  healthy = true;

  async createSession(record: SessionRecord): Promise<boolean> {
    if (this.sessions.has(record.sessionId)) return false;
    this.sessions.set(record.sessionId, copy(record));
    return true;
  }

  async getSession(sessionId: string, nowMs: number): Promise<SessionRecord | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session || isExpired(session, nowMs)) return undefined;
    return copy(session);
  }

  async updateSession(
    sessionId: string,
    changes: SessionChanges,
    nowMs: number,
  ): Promise<SessionRecord | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) Object.assign(session, { [key]: copy(value) });
    }
    session.updatedAt = new Date(nowMs).toISOString();
    return copy(session);
  }

  async addListener(
    connection: Connection,
    maxListeners: number,
  ): Promise<{ ok: true } | { ok: false; reason: AddListenerFailure }> {
    const session = this.sessions.get(connection.sessionId);
    if (!session || isExpired(session, connection.connectedAt))
      return { ok: false, reason: 'SESSION_NOT_FOUND' };
    if (session.status === 'ended') return { ok: false, reason: 'SESSION_ENDED' };
    if (session.listenerCount >= maxListeners) return { ok: false, reason: 'SESSION_FULL' };
    if (this.connections.has(connection.connectionId)) {
      throw new Error(`transaction cancelled: connection ${connection.connectionId} exists`);
    }
    session.listenerCount += 1;
    session.countVersion = (session.countVersion ?? 0) + 1;
    this.connections.set(connection.connectionId, copy(connection));
    return { ok: true };
  }

  async addSpeaker(connection: Connection): Promise<void> {
    const session = this.sessions.get(connection.sessionId);
    if (!session) throw new ConditionFailedError(`session ${connection.sessionId} does not exist`);
    this.connections.set(connection.connectionId, copy(connection));
    session.speakerConnectionId = connection.connectionId;
    delete session.speakerLeftAt;
  }

  async removeConnection(connectionId: string, nowMs?: number): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    if (!connection) return undefined;
    this.connections.delete(connectionId);
    const session = this.sessions.get(connection.sessionId);
    if (session && connection.role === 'listener' && session.listenerCount > 0) {
      session.listenerCount -= 1;
      session.countVersion = (session.countVersion ?? 0) + 1;
    }
    if (session && connection.role === 'speaker' && session.speakerConnectionId === connectionId) {
      delete session.speakerConnectionId;
      session.speakerLeftAt = nowMs ?? connection.lastSeenAt;
    }
    return copy(connection);
  }

  async removeGoneConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    if (!connection || stillOpening(connection, nowMs)) return undefined;
    return this.removeConnection(connectionId, nowMs);
  }

  async replaceConnection(previous: Connection, next: Connection): Promise<boolean> {
    const stored = this.connections.get(previous.connectionId);
    if (!stored || stored.sessionId !== next.sessionId || stored.role !== next.role) return false;
    if (this.connections.has(next.connectionId)) return false;
    const session = this.sessions.get(next.sessionId);
    if (next.role === 'speaker' && !session) return false;
    this.connections.delete(previous.connectionId);
    this.connections.set(next.connectionId, copy(next));
    if (session && next.role === 'speaker') {
      session.speakerConnectionId = next.connectionId;
      delete session.speakerLeftAt;
    }
    return true;
  }

  async scanConnections(nowMs: number): Promise<Connection[]> {
    return [...this.connections.values()].filter((row) => !isExpired(row, nowMs)).map(copy);
  }

  async scanOpenSessions(nowMs: number): Promise<SessionRecord[]> {
    return [...this.sessions.values()]
      .filter((session) => session.status !== 'ended' && !isExpired(session, nowMs))
      .map(copy);
  }

  async repairListenerCount(sessionId: string, seen: CountSnapshot, listenerCount: number): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (
      !session ||
      session.listenerCount !== seen.listenerCount ||
      session.countVersion !== seen.countVersion
    )
      return false;
    session.listenerCount = listenerCount;
    session.countVersion = (session.countVersion ?? 0) + 1;
    return true;
  }

  async claimLifecycleNotice(
    connectionId: string,
    notice: LifecycleNotice,
    nowMs: number,
    repeatAfterMs?: number,
  ): Promise<boolean> {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    const attribute = notice === 'refreshRequested' ? 'refreshRequestedAt' : 'warnedAt';
    const last = connection[attribute];
    if (last !== undefined && (repeatAfterMs === undefined || last > nowMs - repeatAfterMs)) return false;
    connection[attribute] = nowMs;
    return true;
  }

  async getConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    if (!connection || isExpired(connection, nowMs)) return undefined;
    return copy(connection);
  }

  async listListeners(sessionId: string, nowMs: number, targetLanguage?: string): Promise<Connection[]> {
    return [...this.connections.values()]
      .filter((connection) => connection.sessionId === sessionId && connection.targetLanguage !== undefined)
      .filter((connection) => targetLanguage === undefined || connection.targetLanguage === targetLanguage)
      .filter((connection) => !isExpired(connection, nowMs))
      .map(copy);
  }

  async touchConnection(connectionId: string, nowMs: number): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (connection) connection.lastSeenAt = nowMs;
  }

  async changeListenerLanguage(connectionId: string, targetLanguage: string): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.role !== 'listener')
      throw new ConditionFailedError(`${connectionId} is not a listener`);
    connection.targetLanguage = targetLanguage;
  }

  async setCaptionsOnly(connectionId: string, captionsOnly: boolean): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.role !== 'listener')
      throw new ConditionFailedError(`${connectionId} is not a listener`);
    connection.captionsOnly = captionsOnly;
  }

  async setLiveCaptions(connectionId: string, liveCaptions: boolean): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.role !== 'listener')
      throw new ConditionFailedError(`${connectionId} is not a listener`);
    connection.liveCaptions = liveCaptions;
  }

  async ping(): Promise<boolean> {
    return this.healthy;
  }

  /** Test setup: stores a session as is (no conditions). */
  seedSession(record: SessionRecord): SessionRecord {
    this.sessions.set(record.sessionId, copy(record));
    return record;
  }

  /** Test setup: stores a connection row as is, without touching counts. */
  seedConnection(connection: Connection): Connection {
    this.connections.set(connection.connectionId, copy(connection));
    return connection;
  }

  /** The stored session, expired or not. */
  peekSession(sessionId: string): SessionRecord | undefined {
    const session = this.sessions.get(sessionId);
    return session && copy(session);
  }

  /** The stored connection, expired or not. */
  peekConnection(connectionId: string): Connection | undefined {
    const connection = this.connections.get(connectionId);
    return connection && copy(connection);
  }
}
