import type { EmotionDynamics, ServerMessage, UtteranceTranscribedEvent } from '@lingocast/contract';
import { createLogger } from '@lingocast/logging';
import { newSessionRecord } from '@lingocast/session-data';
import type {
  AddListenerFailure,
  Connection,
  SessionChanges,
  SessionRecord,
  SessionStore,
} from '@lingocast/session-data';
import { isExpired } from '@lingocast/tables';
import type {
  Clock,
  ListenerGateway,
  SpeechSynthesizer,
  SynthesisRequest,
  SynthesizedSpeech,
  TranslationCache,
  TranslationRequest,
  Translator,
} from '../ports';
import type { Deps } from '../use-cases/deps';

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * SessionStore in memory with the semantics of DynamoSessionStore (same as session-management's
 * fake; apps do not share code): the count moves with the listener's row, removal is idempotent,
 * counts never go below zero, expired items are ignored on reads.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly connections = new Map<string, Connection>();

  async createSession(record: SessionRecord): Promise<boolean> {
    if (this.sessions.has(record.sessionId)) return false;
    this.sessions.set(record.sessionId, copy(record));
    return true;
  }

  async getSession(sessionId: string, nowMs: number): Promise<SessionRecord | undefined> {
    const session = this.sessions.get(sessionId);
    return session && !isExpired(session, nowMs) ? copy(session) : undefined;
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
    if (session.status === 'ended') return { ok: false, reason: 'SESSION_NOT_ACTIVE' };
    if (session.listenerCount >= maxListeners) return { ok: false, reason: 'SESSION_FULL' };
    if (this.connections.has(connection.connectionId))
      throw new Error(`connection ${connection.connectionId} exists`);
    session.listenerCount += 1;
    this.connections.set(connection.connectionId, copy(connection));
    return { ok: true };
  }

  async addSpeaker(connection: Connection): Promise<void> {
    const session = this.sessions.get(connection.sessionId);
    if (!session) throw new Error(`session ${connection.sessionId} does not exist`);
    this.connections.set(connection.connectionId, copy(connection));
    session.speakerConnectionId = connection.connectionId;
  }

  async removeConnection(connectionId: string): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    if (!connection) return undefined;
    this.connections.delete(connectionId);
    const session = this.sessions.get(connection.sessionId);
    if (session && connection.role === 'listener' && session.listenerCount > 0) session.listenerCount -= 1;
    if (session && connection.role === 'speaker' && session.speakerConnectionId === connectionId)
      delete session.speakerConnectionId;
    return copy(connection);
  }

  async getConnection(connectionId: string, nowMs: number): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    return connection && !isExpired(connection, nowMs) ? copy(connection) : undefined;
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
    if (!connection || connection.role !== 'listener') throw new Error(`${connectionId} is not a listener`);
    connection.targetLanguage = targetLanguage;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  seedSession(record: SessionRecord): void {
    this.sessions.set(record.sessionId, copy(record));
  }
}

/** Translates to `[lang] text`; can fail per language and hold every call until released. */
export class ScriptedTranslator implements Translator {
  readonly calls: TranslationRequest[] = [];
  readonly failing = new Set<string>();
  private held: (() => void)[] | undefined;
  inFlight = 0;

  constructor(private readonly onTranslate: () => void = () => undefined) {}

  supports(): boolean {
    return true;
  }

  async translate(request: TranslationRequest): Promise<string> {
    this.calls.push(request);
    this.inFlight += 1;
    try {
      if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
      this.onTranslate();
      if (this.failing.has(request.targetLanguage))
        throw new Error(`no ${request.targetLanguage} translation today`);
      return `[${request.targetLanguage}] ${request.text}`;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** From now on, calls wait until `release`. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    waiting.forEach((resolve) => resolve());
  }

  languagesTranslated(): string[] {
    return this.calls.map((call) => call.targetLanguage).sort();
  }
}

/** Speaks into `bytesPerUtterance` bytes of fake MP3 (0, 1, 2, … mod 251); can fail per language. */
export class RecordingSynthesizer implements SpeechSynthesizer {
  readonly calls: SynthesisRequest[] = [];
  readonly failing = new Set<string>();

  constructor(
    private readonly bytesPerUtterance = 1_000,
    private readonly onSynthesize: () => void = () => undefined,
  ) {}

  supports(): boolean {
    return true;
  }

  async synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech> {
    this.calls.push(request);
    this.onSynthesize();
    if (this.failing.has(request.language)) throw new Error(`no ${request.language} voice`);
    return { audio: fakeMp3(this.bytesPerUtterance), format: 'mp3', durationMs: 1_234.4 };
  }
}

export function fakeMp3(bytes: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, (_, index) => index % 251));
}

export class InMemoryTranslationCache implements TranslationCache {
  readonly entries = new Map<string, string>();
  failReads = false;
  failWrites = false;

  async get(key: string): Promise<string | undefined> {
    if (this.failReads) throw new Error('cache unavailable');
    return this.entries.get(key);
  }

  async put(key: string, translation: string): Promise<void> {
    if (this.failWrites) throw new Error('cache unavailable');
    this.entries.set(key, translation);
  }
}

/** Records what each listener receives; connections marked gone answer like a 410. */
export class RecordingListenerGateway implements ListenerGateway {
  readonly received = new Map<string, ServerMessage[]>();
  readonly gone = new Set<string>();
  readonly batches: { connectionIds: string[]; types: ServerMessage['type'][] }[] = [];

  async sendAll(
    connectionIds: readonly string[],
    messages: readonly ServerMessage[],
  ): Promise<{ gone: string[]; failed: number }> {
    this.batches.push({ connectionIds: [...connectionIds], types: messages.map((message) => message.type) });
    const goneIds: string[] = [];
    for (const connectionId of connectionIds) {
      if (this.gone.has(connectionId)) {
        goneIds.push(connectionId);
        continue;
      }
      this.received.set(connectionId, [...(this.received.get(connectionId) ?? []), ...messages]);
    }
    return { gone: goneIds, failed: 0 };
  }

  messagesTo(connectionId: string): ServerMessage[] {
    return this.received.get(connectionId) ?? [];
  }
}

export class ManualClock implements Clock {
  constructor(private nowMs: number = Date.UTC(2025, 0, 1, 9, 0, 0)) {}

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export const silentLogger = createLogger('translation-pipeline-test', 'silent');

export interface TestDeps extends Deps {
  sessions: InMemorySessionStore;
  translator: ScriptedTranslator;
  synthesizer: RecordingSynthesizer;
  cache: InMemoryTranslationCache;
  listeners: RecordingListenerGateway;
  clock: ManualClock;
}

export function createTestDeps(overrides: Partial<TestDeps> = {}): TestDeps {
  return {
    sessions: new InMemorySessionStore(),
    translator: new ScriptedTranslator(),
    synthesizer: new RecordingSynthesizer(),
    cache: new InMemoryTranslationCache(),
    listeners: new RecordingListenerGateway(),
    clock: new ManualClock(),
    logger: silentLogger,
    ...overrides,
  };
}

export const SESSION_ID = 'golden-eagle-427';

/** Stores an active English session; `muted` or `status` as asked. */
export function seedSession(deps: TestDeps, overrides: Partial<SessionRecord> = {}): void {
  const record = newSessionRecord({
    sessionId: SESSION_ID,
    speakerId: 'speaker-sub',
    sourceLanguage: 'en',
    qualityTier: 'standard',
    nowMs: deps.clock.now(),
    ttlHours: 12,
  });
  deps.sessions.seedSession({ ...record, ...overrides });
}

/** Connects listeners (id → language) the way `$connect` would. */
export async function seedListeners(deps: TestDeps, languages: Record<string, string>): Promise<void> {
  const nowMs = deps.clock.now();
  for (const [connectionId, targetLanguage] of Object.entries(languages)) {
    const added = await deps.sessions.addListener(
      {
        connectionId,
        sessionId: SESSION_ID,
        role: 'listener',
        targetLanguage,
        connectedAt: nowMs,
        lastSeenAt: nowMs,
        ttl: Math.floor(nowMs / 1000) + 10_800,
      },
      500,
    );
    if (!added.ok) throw new Error(`could not seed ${connectionId}: ${added.reason}`);
  }
}

export const EMOTION: EmotionDynamics = {
  volume: { level: 'loud', rmsDb: -8 },
  rate: { level: 'fast', wordsPerMinute: 175 },
};

export function transcribedEvent(
  overrides: Partial<UtteranceTranscribedEvent> = {},
): UtteranceTranscribedEvent {
  return {
    kind: 'utteranceTranscribed',
    sessionId: SESSION_ID,
    sequenceNumber: 4,
    sourceLanguage: 'en',
    text: 'Blessed are the peacemakers',
    emotion: EMOTION,
    durationMs: 2_000,
    timings: {
      lastChunkReceivedAt: Date.UTC(2025, 0, 1, 8, 59, 58),
      assembledAt: Date.UTC(2025, 0, 1, 8, 59, 58, 500),
      transcribedAt: Date.UTC(2025, 0, 1, 8, 59, 59),
    },
    requestId: 'req-4',
    ...overrides,
  };
}
