import type { AudioChunkEvent, AudioFlushEvent, ServerMessage } from '@lingocast/contract';
import { createLogger } from '@lingocast/logging';
import { newSessionRecord } from '@lingocast/session-data';
import { InMemoryReplayStore, InMemorySessionStore } from '@lingocast/session-data/testing';
import type { Connection, SessionRecord } from '@lingocast/session-data';
import { DomainError } from '@lingocast/errors';
import type {
  AudioForwarder,
  ConnectionGateway,
  ConnectionGreeter,
  IdGenerator,
  RateLimitDecision,
  RateLimitName,
  ConnectRefusal,
  RateLimiter,
  TokenVerifier,
  VerifiedToken,
} from '../ports';
import type { Deps, SessionSettings } from '../use-cases/deps';
import { ManualClock } from '@lingocast/lambda/testing';

export { ManualClock };

export interface SentMessage {
  connectionId: string;
  message: ServerMessage;
  /** The text as posted, when it was sent already serialised (`sendSerialized`). */
  serialized?: string;
}

/** ConnectionGateway that records what it sends; connections marked gone answer like a 410. */
export class RecordingGateway implements ConnectionGateway {
  readonly sent: SentMessage[] = [];
  readonly closed: string[] = [];
  readonly gone = new Set<string>();

  async send(connectionId: string, message: ServerMessage): Promise<boolean> {
    if (this.gone.has(connectionId)) return false;
    this.sent.push({ connectionId, message });
    return true;
  }

  async sendSerialized(connectionId: string, payload: string): Promise<boolean> {
    if (this.gone.has(connectionId)) return false;
    // Parsed so messagesTo shows it like any other message; the text is kept to check it is verbatim.
    this.sent.push({ connectionId, message: JSON.parse(payload) as ServerMessage, serialized: payload });
    return true;
  }

  async sendToMany(connectionIds: readonly string[], message: ServerMessage): Promise<string[]> {
    const goneIds: string[] = [];
    for (const connectionId of connectionIds) {
      if (!(await this.send(connectionId, message))) goneIds.push(connectionId);
    }
    return goneIds;
  }

  async close(connectionId: string): Promise<void> {
    this.closed.push(connectionId);
  }

  /** Messages delivered to one connection, in order. */
  messagesTo(connectionId: string): ServerMessage[] {
    return this.sent.filter((sent) => sent.connectionId === connectionId).map((sent) => sent.message);
  }

  /** Connections that received a message of this type. */
  recipientsOf(type: ServerMessage['type']): string[] {
    return this.sent.filter((sent) => sent.message.type === type).map((sent) => sent.connectionId);
  }
}

/** AudioForwarder that records chunks and flushes; a chunk it has seen before is a duplicate. */
export class RecordingAudioForwarder implements AudioForwarder {
  readonly chunks: AudioChunkEvent[] = [];
  readonly flushes: Omit<AudioFlushEvent, 'kind'>[] = [];

  async forwardChunk(event: AudioChunkEvent): Promise<{ duplicate: boolean }> {
    const duplicate = this.chunks.some(
      (chunk) => chunk.sessionId === event.sessionId && chunk.sequenceNumber === event.sequenceNumber,
    );
    this.chunks.push(event);
    return { duplicate };
  }

  async flush(event: Omit<AudioFlushEvent, 'kind'>): Promise<void> {
    this.flushes.push(event);
  }
}

export class RecordingGreeter implements ConnectionGreeter {
  readonly greeted: { connectionId: string; requestId: string }[] = [];
  readonly refused: { connectionId: string; requestId: string; refusal: ConnectRefusal }[] = [];
  /** Set to make refuseLater fail as a failed Lambda invocation would. */
  failure: Error | undefined;

  async greetLater(connectionId: string, requestId: string): Promise<void> {
    this.greeted.push({ connectionId, requestId });
  }

  async refuseLater(connectionId: string, requestId: string, refusal: ConnectRefusal): Promise<void> {
    if (this.failure) throw this.failure;
    this.refused.push({ connectionId, requestId, refusal });
  }
}

/**
 * RateLimiter in memory with DynamoRateLimiter's semantics: a window opens at the first event and
 * holds `max` events for `windowSeconds`. Limits default to generous values unless a test sets them.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { windowStart: number; count: number }>();
  readonly consumed: Array<{ limit: RateLimitName; key: string }> = [];
  /** Set to make every call fail as DynamoDB would when unreachable or throttling. */
  failure: Error | undefined;

  constructor(readonly limits: Partial<Record<RateLimitName, { max: number; windowSeconds: number }>> = {}) {}

  async consume(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision> {
    this.consumed.push({ limit, key });
    if (this.failure) throw this.failure;
    const spec = this.limits[limit] ?? { max: 1_000_000, windowSeconds: 60 };
    const windowMs = spec.windowSeconds * 1000;
    const id = `${limit}#${key}`;
    const window = this.windows.get(id);
    if (!window || window.windowStart <= nowMs - windowMs) {
      this.windows.set(id, { windowStart: nowMs, count: 1 });
      return { allowed: true };
    }
    if (window.count < spec.max) {
      window.count += 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + windowMs - nowMs) / 1000)),
    };
  }

  async peek(limit: RateLimitName, key: string, nowMs: number): Promise<RateLimitDecision> {
    if (this.failure) throw this.failure;
    const spec = this.limits[limit] ?? { max: 1_000_000, windowSeconds: 60 };
    const windowMs = spec.windowSeconds * 1000;
    const window = this.windows.get(`${limit}#${key}`);
    if (!window || window.windowStart <= nowMs - windowMs || window.count < spec.max)
      return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + windowMs - nowMs) / 1000)),
    };
  }

  /** Events counted in the current window of a limit's key (0 when none). */
  countOf(limit: RateLimitName, key: string): number {
    return this.windows.get(`${limit}#${key}`)?.count ?? 0;
  }
}

/** Hands out the given session ids in order, then repeats the last one. */
export class ScriptedIds implements IdGenerator {
  private index = 0;

  constructor(private readonly ids: readonly string[]) {}

  sessionId(): string {
    const id = this.ids[Math.min(this.index, this.ids.length - 1)] ?? 'golden-eagle-427';
    this.index += 1;
    return id;
  }

  get handedOut(): number {
    return this.index;
  }
}

/** Knows a fixed set of tokens; anything else is refused like an invalid JWT. */
export class FakeTokenVerifier implements TokenVerifier {
  constructor(private readonly tokens: Record<string, VerifiedToken>) {}

  async verify(token: string): Promise<VerifiedToken> {
    const verified = this.tokens[token];
    if (!verified) throw new DomainError('UNAUTHORIZED', 'the token is invalid or expired');
    return verified;
  }
}

export const silentLogger = createLogger('session-management-test', 'silent');

export const TEST_SETTINGS: SessionSettings = {
  maxListenersPerSession: 3,
  maxActiveSessions: 10,
  sessionTtlHours: 12,
  sourceLanguages: ['en', 'es'],
  targetLanguages: ['en', 'es', 'fr', 'de'],
  lifecycle: {
    refreshAfterMs: 100 * 60_000,
    warningAfterMs: 105 * 60_000,
    warningIntervalMs: 5 * 60_000,
    maxAgeMs: 120 * 60_000,
    idleTimeoutMs: 10 * 60_000,
    speakerGraceMs: 5 * 60_000,
    noticesPerSweep: 1_000,
  },
};

export interface TestDeps extends Deps {
  store: InMemorySessionStore;
  limits: InMemoryRateLimiter;
  gateway: RecordingGateway;
  replay: InMemoryReplayStore;
  audio: RecordingAudioForwarder;
  greeter: RecordingGreeter;
  clock: ManualClock;
  ids: ScriptedIds;
}

/** Deps wired to in-memory fakes. */
export function createTestDeps(overrides: Partial<TestDeps> = {}): TestDeps {
  return {
    store: new InMemorySessionStore(),
    limits: new InMemoryRateLimiter(),
    gateway: new RecordingGateway(),
    replay: new InMemoryReplayStore(),
    audio: new RecordingAudioForwarder(),
    greeter: new RecordingGreeter(),
    clock: new ManualClock(),
    ids: new ScriptedIds(['golden-eagle-427']),
    settings: TEST_SETTINGS,
    logger: silentLogger,
    ...overrides,
  };
}

export const SPEAKER_ID = 'speaker-sub-1';
export const SESSION_ID = 'golden-eagle-427';

/** Stores an active session owned by SPEAKER_ID, created at the clock's time. */
export function seedActiveSession(deps: TestDeps, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const record = newSessionRecord({
    sessionId: SESSION_ID,
    speakerId: SPEAKER_ID,
    sourceLanguage: 'en',
    qualityTier: 'standard',
    nowMs: deps.clock.now(),
    ttlHours: 12,
  });
  return deps.store.seedSession({ ...record, ...overrides });
}

/** A connection row of the given role for SESSION_ID, live for three hours from the clock's time. */
export function connectionRow(
  deps: TestDeps,
  connection: Pick<Connection, 'connectionId' | 'role'> & Partial<Connection>,
): Connection {
  const nowMs = deps.clock.now();
  return {
    sessionId: SESSION_ID,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: Math.floor(nowMs / 1000) + 3 * 3600,
    ...(connection.role === 'speaker' ? { userId: SPEAKER_ID } : { targetLanguage: 'es' }),
    ...connection,
  };
}

/** Registers the speaker's connection the way `$connect` would (row + session pointer). */
export async function seedSpeaker(deps: TestDeps, connectionId = 'speaker-conn'): Promise<Connection> {
  const row = connectionRow(deps, { connectionId, role: 'speaker' });
  await deps.store.addSpeaker(row);
  return row;
}

/** Registers listeners the way `$connect` would (row + count). */
export async function seedListeners(
  deps: TestDeps,
  languages: Record<string, string>,
): Promise<Connection[]> {
  const rows: Connection[] = [];
  for (const [connectionId, targetLanguage] of Object.entries(languages)) {
    const row = connectionRow(deps, { connectionId, role: 'listener', targetLanguage });
    const added = await deps.store.addListener(row, 1000);
    if (!added.ok) throw new Error(`could not seed listener ${connectionId}: ${added.reason}`);
    rows.push(row);
  }
  return rows;
}
