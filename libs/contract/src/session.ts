/** Session shapes shared by the HTTP API, the WebSocket messages and the clients. */
export type SessionStatus = 'active' | 'paused' | 'ended';
export type QualityTier = 'standard' | 'premium';
export const SESSION_STATUSES: readonly SessionStatus[] = ['active', 'paused', 'ended'];
export const QUALITY_TIERS: readonly QualityTier[] = ['standard', 'premium'];

/** Session ids read like `golden-eagle-427`. */
export const SESSION_ID_PATTERN = '^[a-z]+-[a-z]+-[1-9][0-9]{2}$';

/** Language codes are ISO 639-1, optionally with a region: `en`, `pt-BR`. */
export const LANGUAGE_CODE_PATTERN = '^[a-z]{2}(-[A-Z]{2})?$';

export interface BroadcastState {
  paused: boolean;
  muted: boolean;
  /** 0 (silent) … 1 (as spoken). */
  volume: number;
}

export interface Session {
  sessionId: string;
  speakerId: string;
  sourceLanguage: string;
  qualityTier: QualityTier;
  status: SessionStatus;
  listenerCount: number;
  broadcastState: BroadcastState;
  /** ISO-8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /**
   * Listeners the session admits (the capacity in force), so a page can say "full" before it
   * connects; `GET /sessions/{id}` gives it.
   */
  maxListeners?: number;
}

export interface CreateSessionRequest {
  sourceLanguage: string;
  qualityTier?: QualityTier;
}

export interface UpdateSessionRequest {
  status?: SessionStatus;
  sourceLanguage?: string;
  qualityTier?: QualityTier;
}

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
