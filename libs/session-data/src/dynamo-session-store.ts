import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Connection } from './connection';
import * as connections from './dynamo/connections';
import type { DynamoContext, SessionTables } from './dynamo/context';
import * as counts from './dynamo/counts';
import { isTransactionConflict } from '@lingocast/lambda';
import * as sessions from './dynamo/sessions';
import type { SessionRecord } from './session-record';
import type {
  AddListenerFailure,
  CountSnapshot,
  LifecycleNotice,
  SessionChanges,
  SessionMaintenanceStore,
  SessionStore,
} from './session-store';

export type { SessionTables } from './dynamo/context';

export interface SessionStoreOptions {
  /** Retries of a transaction DynamoDB cancelled only because another transaction held one of its items. */
  maxConflictRetries?: number;
  conflictRetryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * SessionStore on DynamoDB. Counts change only inside transactions with the row they count, and
 * every read drops items whose TTL has passed (TTL deletion lags by up to days). The operations
 * live in ./dynamo: sessions, connections, and counts (rows that move the listener count or the
 * session's speaker pointer).
 *
 * @example
 * const store = new DynamoSessionStore(documentClient({ region }), { sessions, connections });
 */
export class DynamoSessionStore implements SessionStore, SessionMaintenanceStore {
  private readonly maxConflictRetries: number;
  private readonly conflictRetryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly ctx: DynamoContext;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    tables: SessionTables,
    options: SessionStoreOptions = {},
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 8;
    this.conflictRetryBaseMs = options.conflictRetryBaseMs ?? 20;
    this.sleep = options.sleep ?? defaultSleep;
    this.ctx = { db, tables, transactWrite: (input) => this.transactWrite(input) };
  }

  /** Runs a transaction, again after a jittered backoff while DynamoDB cancels it for a conflict. */
  private async transactWrite(input: TransactWriteCommandInput): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.db.send(new TransactWriteCommand(input));
        return;
      } catch (error) {
        if (!isTransactionConflict(error) || attempt >= this.maxConflictRetries) throw error;
        await this.sleep(Math.min(1_000, this.conflictRetryBaseMs * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  createSession(record: SessionRecord): Promise<boolean> {
    return sessions.createSession(this.ctx, record);
  }

  getSession(sessionId: string, nowMs: number): Promise<SessionRecord | undefined> {
    return sessions.getSession(this.ctx, sessionId, nowMs);
  }

  updateSession(
    sessionId: string,
    changes: SessionChanges,
    nowMs: number,
  ): Promise<SessionRecord | undefined> {
    return sessions.updateSession(this.ctx, sessionId, changes, nowMs);
  }

  addListener(
    connection: Connection,
    maxListeners: number,
  ): Promise<{ ok: true } | { ok: false; reason: AddListenerFailure }> {
    return counts.addListener(this.ctx, connection, maxListeners);
  }

  addSpeaker(connection: Connection): Promise<void> {
    return counts.addSpeaker(this.ctx, connection);
  }

  removeConnection(connectionId: string, nowMs?: number): Promise<Connection | undefined> {
    return counts.removeConnection(this.ctx, connectionId, nowMs);
  }

  removeGoneConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    return counts.removeGoneConnection(this.ctx, connectionId, nowMs);
  }

  getConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    return connections.getConnection(this.ctx, connectionId, nowMs);
  }

  listListeners(sessionId: string, nowMs: number, targetLanguage?: string): Promise<Connection[]> {
    return connections.listListeners(this.ctx, sessionId, nowMs, targetLanguage);
  }

  touchConnection(connectionId: string, nowMs: number): Promise<void> {
    return connections.touchConnection(this.ctx, connectionId, nowMs);
  }

  changeListenerLanguage(connectionId: string, targetLanguage: string): Promise<void> {
    return connections.changeListenerLanguage(this.ctx, connectionId, targetLanguage);
  }

  setCaptionsOnly(connectionId: string, captionsOnly: boolean): Promise<void> {
    return connections.setCaptionsOnly(this.ctx, connectionId, captionsOnly);
  }

  setLiveCaptions(connectionId: string, liveCaptions: boolean): Promise<void> {
    return connections.setLiveCaptions(this.ctx, connectionId, liveCaptions);
  }

  replaceConnection(previous: Connection, next: Connection): Promise<boolean> {
    return counts.replaceConnection(this.ctx, previous, next);
  }

  scanConnections(nowMs: number): Promise<Connection[]> {
    return connections.scanConnections(this.ctx, nowMs);
  }

  scanOpenSessions(nowMs: number): Promise<SessionRecord[]> {
    return sessions.scanOpenSessions(this.ctx, nowMs);
  }

  repairListenerCount(sessionId: string, seen: CountSnapshot, listenerCount: number): Promise<boolean> {
    return sessions.repairListenerCount(this.ctx, sessionId, seen, listenerCount);
  }

  claimLifecycleNotice(
    connectionId: string,
    notice: LifecycleNotice,
    nowMs: number,
    repeatAfterMs?: number,
  ): Promise<boolean> {
    return connections.claimLifecycleNotice(this.ctx, connectionId, notice, nowMs, repeatAfterMs);
  }

  ping(): Promise<boolean> {
    return sessions.ping(this.ctx);
  }
}
