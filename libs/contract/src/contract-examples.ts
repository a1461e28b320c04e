import type {
  AudioChunkEvent,
  AudioFlushEvent,
  IngestResult,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from './service-events';

/**
 * One example of each payload that crosses a boundary between apps. Both sides' contract tests use
 * them: the sender proves its real code produces a payload with the same fields (`fieldPaths`), the
 * receiver proves its real validator and handler accept it. A field added on one side fails there.
 */
export const CONTRACT_EXAMPLES = {
  audioChunk: {
    kind: 'audioChunk',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    speakerConnectionId: 'speaker-conn',
    sequenceNumber: 0,
    encoding: 'pcm_s16le',
    sampleRate: 16_000,
    // 10 ms of 16 kHz PCM16 silence (320 bytes).
    audio: 'AAAA'.repeat(106) + 'AAA=',
    receivedAt: Date.UTC(2025, 0, 1, 9, 0, 0),
    requestId: 'req-audio-0',
  },
  audioFlush: {
    kind: 'audioFlush',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    speakerConnectionId: 'speaker-conn',
    requestId: 'req-flush-1',
  },
  ingestAccepted: { ok: true, duplicate: false, claimed: 0 },
  ingestRefused: { ok: false, code: 'INVALID_PARAMETERS', message: 'audio must be base64' },
  utteranceTranscribed: {
    kind: 'utteranceTranscribed',
    sessionId: 'golden-eagle-427',
    sequenceNumber: 0,
    sourceLanguage: 'en',
    text: 'Blessed are the peacemakers',
    emotion: { volume: { level: 'medium', rmsDb: -15 }, rate: { level: 'medium', wordsPerMinute: 140 } },
    durationMs: 2_000,
    timings: {
      lastChunkReceivedAt: Date.UTC(2025, 0, 1, 9, 0, 0),
      assembledAt: Date.UTC(2025, 0, 1, 9, 0, 0, 500),
      transcribedAt: Date.UTC(2025, 0, 1, 9, 0, 1),
    },
    requestId: 'req-audio-0',
  },
  utterancePartial: {
    kind: 'utterancePartial',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    sequenceNumber: 0,
    text: 'Blessed are the',
    emittedAt: Date.UTC(2025, 0, 1, 9, 0, 0, 300),
    requestId: 'req-partial-0',
  },
} as const satisfies {
  audioChunk: AudioChunkEvent;
  audioFlush: AudioFlushEvent;
  ingestAccepted: IngestResult;
  ingestRefused: IngestResult;
  utteranceTranscribed: UtteranceTranscribedEvent;
  utterancePartial: UtterancePartialEvent;
};

/**
 * The paths of every field of a JSON value, sorted, so two payloads can be compared by shape.
 *
 * @example
 * fieldPaths({ a: 1, b: { c: 'x' } }); // → ['a', 'b', 'b.c']
 */
export function fieldPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value)
    .flatMap(([key, field]) => [`${prefix}${key}`, ...fieldPaths(field, `${prefix}${key}.`)])
    .sort();
}
