import type { ServerMessage } from '@lingocast/contract';

type FieldKind = 'string' | 'number' | 'object' | 'integer';

/**
 * Fields the clients rely on, per message type. The contract's server-message schema checks
 * `type` and `timestamp` for every message (and `error`/`translatedAudio` in depth) so that new
 * message types pass through; the clients check the rest of what they read here.
 */
const REQUIRED: Partial<Record<string, Record<string, FieldKind>>> = {
  sessionJoined: { sessionId: 'string', connectionId: 'string', role: 'string', broadcastState: 'object' },
  connectionRefreshRequired: { connectionId: 'string' },
  connectionRefreshComplete: { connectionId: 'string' },
  audioAck: { sequenceNumber: 'integer' },
  transcript: {
    sequenceNumber: 'integer',
    sourceText: 'string',
    targetLanguage: 'string',
    translatedText: 'string',
  },
  languageChanged: { targetLanguage: 'string' },
  sessionStatus: { status: 'string', listenerCount: 'number', broadcastState: 'object' },
  sessionEnded: { sessionId: 'string' },
  connectionWarning: { remainingMinutes: 'number' },
  audioQualityWarning: { issue: 'string', message: 'string' },
  volumeChanged: { volume: 'number' },
};

function matches(value: unknown, kind: FieldKind): boolean {
  if (kind === 'integer') return Number.isInteger(value);
  if (kind === 'object') return typeof value === 'object' && value !== null;
  return typeof value === kind;
}

/** The first field a message lacks, or undefined when it has what the clients read. */
export function missingField(message: ServerMessage): string | undefined {
  const fields = REQUIRED[message.type];
  if (!fields) return undefined;
  const record = message as unknown as Record<string, unknown>;
  for (const [name, kind] of Object.entries(fields)) {
    if (!matches(record[name], kind))
      return `${message.type}.${name} should be ${kind === 'integer' ? 'an integer' : `a ${kind}`}`;
  }
  return undefined;
}
