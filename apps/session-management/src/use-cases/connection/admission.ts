import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { SessionRecord } from '@lingocast/session-data';
import type { VerifiedToken } from '../../ports';
import type { Deps } from '../deps';

// The checks a connection passes to join a session, new or taking another's place.

/**
 * Refuses a target language the deployment does not serve (`UNSUPPORTED_LANGUAGE`).
 *
 * @example
 * assertSupportedLanguage(deps, 'es'); // returns; 'xx' throws UNSUPPORTED_LANGUAGE
 */
export function assertSupportedLanguage(deps: Pick<Deps, 'settings'>, language: string): void {
  if (!deps.settings.targetLanguages.includes(language)) {
    throw new DomainError(
      'UNSUPPORTED_LANGUAGE',
      `target language '${language}' is not supported; supported: ${deps.settings.targetLanguages.join(', ')}`,
    );
  }
}

/**
 * The session a connection joins, refused when missing (`SESSION_NOT_FOUND`) or ended (`SESSION_ENDED`).
 *
 * @example
 * const session = await openSession(deps, 'golden-eagle-427', clock.now());
 */
export async function openSession(
  deps: Pick<Deps, 'store'>,
  sessionId: string,
  nowMs: number,
): Promise<SessionRecord> {
  const session = await deps.store.getSession(sessionId, nowMs);
  if (!session) throw new SessionNotFoundError(sessionId);
  if (session.status === 'ended') throw new DomainError('SESSION_ENDED', `session '${sessionId}' has ended`);
  return session;
}

/**
 * Lets only the session's own speaker broadcast to an open session (`FORBIDDEN` otherwise).
 *
 * @example
 * await assertSpeakerMayConnect(deps, sessionId, { userId: 'u-1', username: 'alice' }, clock.now());
 */
export async function assertSpeakerMayConnect(
  deps: Pick<Deps, 'store'>,
  sessionId: string,
  speaker: VerifiedToken,
  nowMs: number,
): Promise<void> {
  const session = await openSession(deps, sessionId, nowMs);
  if (session.speakerId !== speaker.userId) {
    throw new DomainError('FORBIDDEN', 'only the speaker who created the session may broadcast to it');
  }
}
