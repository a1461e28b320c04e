import type { SchemaType } from './derive';
import type {
  CONNECT_QUERY_SCHEMA,
  CREATE_SESSION_BODY_SCHEMA,
  UPDATE_SESSION_BODY_SCHEMA,
} from './schemas/http';
import type { SessionCreatedMessage } from './server-messages';

/** Session shapes shared by the HTTP API, the WebSocket messages and the clients. */
export type SessionStatus = 'active' | 'paused' | 'ended';
export type QualityTier = 'standard' | 'premium';
export const SESSION_STATUSES: readonly SessionStatus[] = ['active', 'paused', 'ended'];
export const QUALITY_TIERS: readonly QualityTier[] = ['standard', 'premium'];

/** Session ids read like `golden-eagle-427`. */
export const SESSION_ID_PATTERN = '^[a-z]+-[a-z]+-[1-9][0-9]{2}$';

/** Language codes are ISO 639-1, optionally with a region: `en`, `pt-BR`. */
export const LANGUAGE_CODE_PATTERN = '^[a-z]{2}(-[A-Z]{2})?$';

/** A session's broadcast controls (schemas/server.ts documents each field). */
export type BroadcastState = Session['broadcastState'];

/** A session as the HTTP API and `sessionCreated` give it; derived from its schema in schemas/server.ts. */
export type Session = SessionCreatedMessage['session'];

/** Body of `POST /sessions` (schemas/http.ts). */
export type CreateSessionRequest = SchemaType<typeof CREATE_SESSION_BODY_SCHEMA>;

/** Body of `PATCH /sessions/{id}` (schemas/http.ts). */
export type UpdateSessionRequest = SchemaType<typeof UPDATE_SESSION_BODY_SCHEMA>;

/** The query string of a WebSocket `$connect` as it arrives, every value text (schemas/http.ts). */
export type ConnectQueryString = SchemaType<typeof CONNECT_QUERY_SCHEMA>;

/** Body of every non-2xx HTTP response. */
export interface HttpErrorBody {
  error: { code: string; message: string; requestId: string; retryAfter?: number };
}

export interface HealthBody {
  status: 'ok' | 'degraded';
  checks: Record<string, 'ok' | 'failing'>;
  version: string;
}

/** Body of `GET /languages`: what the active speech providers serve, and the quality tiers. */
export interface LanguagesBody {
  /** Languages a speaker may speak (`POST /sessions` `sourceLanguage`). */
  sourceLanguages: string[];
  /** Languages a listener may ask for (`targetLanguage`, `changeLanguage`). */
  targetLanguages: string[];
  qualityTiers: QualityTier[];
}
