import type {
  ReplayAction,
  ServerMessage,
  TranscriptMessage,
  TranslatedAudioMessage,
} from '@lingocast/contract';
import { connectionRow, createTestDeps, seedActiveSession, SESSION_ID } from '../../testing/fakes';
import type { TestDeps } from '../../testing/fakes';
import { handleAction } from '../actions';

// Shared by the replay specs: a session with one listener, and utterances recorded in its window the
// way translation-pipeline records them (caption, and the `translatedAudio` frames as posted).

export const LISTENER = 'l-1';

/** An active session with one listener (Spanish unless told otherwise). */
export async function sessionWithListener(
  options: { targetLanguage?: string; captionsOnly?: boolean } = {},
): Promise<TestDeps> {
  const deps = createTestDeps();
  seedActiveSession(deps);
  const row = connectionRow(deps, {
    connectionId: LISTENER,
    role: 'listener',
    targetLanguage: options.targetLanguage ?? 'es',
    ...(options.captionsOnly !== undefined ? { captionsOnly: options.captionsOnly } : {}),
  });
  await deps.store.addListener(row, 1000);
  return deps;
}

/** The `transcript` message of utterance `sequenceNumber` in `language`. */
export function captionOf(sequenceNumber: number, language = 'es'): TranscriptMessage {
  return {
    type: 'transcript',
    timestamp: 1_000 + sequenceNumber,
    sessionId: SESSION_ID,
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: `sentence ${sequenceNumber}`,
    targetLanguage: language,
    translatedText: `frase ${sequenceNumber}`,
  };
}

/** The `translatedAudio` parts of utterance `sequenceNumber`, serialised as they were posted. */
export function framesOf(sequenceNumber: number, parts: number, language = 'es'): string[] {
  return Array.from({ length: parts }, (_, part) => {
    const message: TranslatedAudioMessage = {
      type: 'translatedAudio',
      timestamp: 1_000 + sequenceNumber,
      sessionId: SESSION_ID,
      targetLanguage: language,
      sequenceNumber,
      part,
      parts,
      format: 'mp3',
      audio: Buffer.from(`mp3 ${sequenceNumber}.${part}`).toString('base64'),
      durationMs: 1_500,
      transcript: `frase ${sequenceNumber}`,
    };
    return JSON.stringify(message);
  });
}

/**
 * Records utterances in the replay window at the clock's time: with `parts` audio frames each
 * (2 by default), or caption only with `parts: 0` (a muted broadcast).
 */
export async function recordUtterances(
  deps: TestDeps,
  sequenceNumbers: readonly number[],
  options: { language?: string; parts?: number } = {},
): Promise<void> {
  const language = options.language ?? 'es';
  const parts = options.parts ?? 2;
  for (const sequenceNumber of sequenceNumbers) {
    await deps.replay.record(
      {
        sessionId: SESSION_ID,
        language,
        sequenceNumber,
        caption: captionOf(sequenceNumber, language),
        ...(parts > 0 ? { audioFrames: framesOf(sequenceNumber, parts, language) } : {}),
        recordedAt: deps.clock.now(),
      },
      deps.clock.now(),
    );
  }
}

/** Sends `replay` from a connection through the dispatch table, as the WebSocket handler does. */
export function askReplay(
  deps: TestDeps,
  request: Omit<ReplayAction, 'action'>,
  connectionId = LISTENER,
): Promise<void> {
  return handleAction(deps, connectionId, { action: 'replay', ...request }, 'req-1');
}

/** What the listener received, one line per message: `audio 7.0`, `caption 7`, or the message type. */
export function received(deps: TestDeps, connectionId = LISTENER): string[] {
  return deps.gateway.messagesTo(connectionId).map(describe);
}

function describe(message: ServerMessage): string {
  if (message.type === 'translatedAudio') return `audio ${message.sequenceNumber}.${message.part}`;
  if (message.type === 'transcript') return `caption ${message.sequenceNumber}`;
  return message.type;
}

/** The `replayComplete` the listener received last. */
export function completion(deps: TestDeps, connectionId = LISTENER): ServerMessage | undefined {
  return deps.gateway
    .messagesTo(connectionId)
    .filter((message) => message.type === 'replayComplete')
    .at(-1);
}
