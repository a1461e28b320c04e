import type { Role } from '@lingocast/contract';

/** A WebSocket connection as stored: one row per live connection. */
export interface Connection {
  connectionId: string;
  sessionId: string;
  role: Role;
  /** Listeners only; the GSI `sessionId-targetLanguage-index` holds exactly the listener rows. */
  targetLanguage?: string;
  /** Listeners only: captions without audio (`translatedAudio` is never sent to this connection). */
  captionsOnly?: boolean;
  /** Listeners only: also gets `transcriptPartial` (the words heard so far) while the speaker talks. */
  liveCaptions?: boolean;
  /** Speakers only: the token's subject. */
  userId?: string;
  connectedAt: number;
  lastSeenAt: number;
  /** Set when this connection replaced another one (a refresh at `$connect`). */
  refreshedFrom?: string;
  /** When the sweeper claimed this connection's `connectionRefreshRequired` (sent once per connection). */
  refreshRequestedAt?: number;
  /** When the sweeper last claimed a `connectionWarning` for this connection. */
  warnedAt?: number;
  /** Epoch seconds; the row is ignored after this even if TTL has not deleted it yet. */
  ttl: number;
}
