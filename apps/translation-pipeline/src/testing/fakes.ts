import type {
  EmotionDynamics,
  ServerMessage,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from '@lingocast/contract';
import { createLogger } from '@lingocast/logging';
import { newSessionRecord } from '@lingocast/session-data';
import { InMemorySessionStore } from '@lingocast/session-data/testing';
import type { SessionRecord } from '@lingocast/session-data';
import type {
  ListenerGateway,
  SpeechSynthesizer,
  SynthesisRequest,
  SynthesizedSpeech,
  TranslationCache,
  TranslationRequest,
  Translator,
} from '../ports';
import type { Deps } from '../use-cases/deps';
import { ManualClock } from '@lingocast/lambda/testing';

export { ManualClock };

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

/**
 * Connects listeners (id → language) the way `$connect` would; those named in `captionsOnly` without
 * audio, those named in `liveCaptions` with live captions.
 */
export async function seedListeners(
  deps: TestDeps,
  languages: Record<string, string>,
  captionsOnly: readonly string[] = [],
  liveCaptions: readonly string[] = [],
): Promise<void> {
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
        ...(captionsOnly.includes(connectionId) ? { captionsOnly: true } : {}),
        ...(liveCaptions.includes(connectionId) ? { liveCaptions: true } : {}),
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

/** The words heard so far of utterance 4, emitted now by the test clock. */
export function partialEvent(
  deps: TestDeps,
  overrides: Partial<UtterancePartialEvent> = {},
): UtterancePartialEvent {
  return {
    kind: 'utterancePartial',
    sessionId: SESSION_ID,
    sourceLanguage: 'en',
    sequenceNumber: 4,
    text: 'Blessed are the',
    emittedAt: deps.clock.now(),
    requestId: 'req-partial-4',
    ...overrides,
  };
}
