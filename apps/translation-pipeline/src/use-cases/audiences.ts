import type { Connection } from '@lingocast/session-data';
import type { Deps } from './deps';

/**
 * One language's listeners: every one gets the caption, only `withAudio` the translated speech (with the
 * caption inside it, so they get no separate `transcript`). A `lingering` language has nobody now but had
 * a listener within the replay window: it is translated, spoken and recorded for their replay, sent to nobody.
 */
export interface LanguageAudience {
  connectionIds: string[];
  withAudio: string[];
  lingering?: true;
}

/**
 * The listeners by language.
 *
 * @example
 * groupByLanguage(await deps.sessions.listListeners(sessionId, nowMs)).get('es')?.withAudio
 */
export function groupByLanguage(listeners: readonly Connection[]): Map<string, LanguageAudience> {
  const groups = new Map<string, LanguageAudience>();
  for (const listener of listeners) {
    if (!listener.targetLanguage) continue;
    const audience = groups.get(listener.targetLanguage) ?? { connectionIds: [], withAudio: [] };
    audience.connectionIds.push(listener.connectionId);
    if (listener.captionsOnly !== true) audience.withAudio.push(listener.connectionId);
    groups.set(listener.targetLanguage, audience);
  }
  return groups;
}

/**
 * The audiences with an empty, lingering one added for each recent language nobody listens to now.
 *
 * @example
 * withLingering(groupByLanguage(listeners), ['es']) // es: { connectionIds: [], withAudio: [], lingering: true }
 */
export function withLingering(
  groups: ReadonlyMap<string, LanguageAudience>,
  recentLanguages: readonly string[],
): Map<string, LanguageAudience> {
  const all = new Map(groups);
  for (const language of recentLanguages) {
    if (!all.has(language)) all.set(language, { connectionIds: [], withAudio: [], lingering: true });
  }
  return all;
}

/**
 * The languages that had a listener within the replay window, or none without a replay store; a
 * failed read costs the lingering languages of this utterance only (logged).
 */
export async function lingeringCandidates(deps: Deps, sessionId: string, nowMs: number): Promise<string[]> {
  if (!deps.replay) return [];
  return deps.replay.recentLanguages(sessionId, nowMs).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'could not read the recent languages; none lingers this time');
    return [];
  });
}

/** Notes the languages that have listeners now, for the next utterances' lingering; never fails. */
export async function noteServedLanguages(
  deps: Deps,
  sessionId: string,
  groups: ReadonlyMap<string, LanguageAudience>,
  nowMs: number,
): Promise<void> {
  const served = [...groups].filter(([, audience]) => audience.connectionIds.length > 0).map(([l]) => l);
  if (!deps.replay || served.length === 0) return;
  await deps.replay.noteLanguages(sessionId, served, nowMs).catch((error: unknown) => {
    deps.logger.warn({ err: error, languages: served }, 'could not note the languages served');
  });
}
