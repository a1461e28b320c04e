import type { CreateSessionRequest, Session } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import { newSessionRecord, toPublicSession } from '@lingocast/session-data';
import type { Deps } from './deps';
import { enforceRateLimit } from './rate-limits';

export const MAX_SESSION_ID_ATTEMPTS = 10;

/**
 * Creates an active session owned by the speaker, with a fresh readable id.
 * Ids are made unique by conditional writes, at most 10 tries. A valid request counts against the
 * speaker's creation limit; an invalid one does not.
 */
export async function createSession(
  deps: Pick<Deps, 'store' | 'ids' | 'clock' | 'settings' | 'limits' | 'logger'>,
  speakerId: string,
  request: CreateSessionRequest,
): Promise<Session> {
  // A request refused as invalid does not use up one of the speaker's creations.
  if (!deps.settings.sourceLanguages.includes(request.sourceLanguage)) {
    throw new DomainError(
      'UNSUPPORTED_LANGUAGE',
      `source language '${request.sourceLanguage}' is not supported; supported: ${deps.settings.sourceLanguages.join(', ')}`,
    );
  }
  await enforceRateLimit(deps, 'sessionCreation', speakerId);
  for (let attempt = 1; attempt <= MAX_SESSION_ID_ATTEMPTS; attempt += 1) {
    const record = newSessionRecord({
      sessionId: deps.ids.sessionId(),
      speakerId,
      sourceLanguage: request.sourceLanguage,
      qualityTier: request.qualityTier ?? 'standard',
      nowMs: deps.clock.now(),
      ttlHours: deps.settings.sessionTtlHours,
    });
    if (await deps.store.createSession(record)) return toPublicSession(record);
  }
  throw new DomainError(
    'SESSION_ID_EXHAUSTED',
    `no free session id after ${MAX_SESSION_ID_ATTEMPTS} attempts; try again`,
  );
}
