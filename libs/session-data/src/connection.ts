import type { Role } from '@lingocast/contract';

/** A WebSocket connection as stored: one row per live connection. */
export interface Connection {
  connectionId: string;
  sessionId: string;
  role: Role;
  /** Listeners only; the GSI `sessionId-targetLanguage-index` holds exactly the listener rows. */
  targetLanguage?: string;
  /** Speakers only: the token's subject. */
  userId?: string;
  connectedAt: number;
  lastSeenAt: number;
  /** Set when this connection replaced another one (a refresh at `$connect`). */
  refreshedFrom?: string;
  /** Epoch seconds; the row is ignored after this even if TTL has not deleted it yet. */
  ttl: number;
}
