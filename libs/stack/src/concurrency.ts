/** The stage sized for real audiences; every other stage gets small reservations. */
export const PRODUCTION_STAGE = 'prod';

/** The functions whose concurrency is reserved, so a burst in one cannot refuse the others. */
export type ReservedRole = 'connect' | 'audio' | 'fanOut';

/**
 * Reserved concurrency per role. Prod (sized for MAX_ACTIVE_SESSIONS = 100 sessions × 500 listeners):
 * `$connect` 200 (a venue of 500 joins within 30 s at ~0.3 s a connect is ~5 at once per session;
 * room for refresh waves of many sessions), `sendAudio` 100 (one speaker per session, 4 chunks a second,
 * ~0.1 s each), the fan-out 300 (an utterance every ~3 s per session, ~2 s of work across languages).
 * Together 600 of the account's default 1,000, leaving 400 for every other function. Other stages:
 * 10, 5 and 10 (an account needs a concurrency limit of at least 125 for them).
 *
 * @example
 * reservedConcurrency('prod', 'connect') // 200
 */
export function reservedConcurrency(stage: string, role: ReservedRole): number {
  const sizes: Record<ReservedRole, number> =
    stage === PRODUCTION_STAGE
      ? { connect: 200, audio: 100, fanOut: 300 }
      : { connect: 10, audio: 5, fanOut: 10 };
  return sizes[role];
}
