import type { Deps } from '../deps';
import { unregisterConnection } from './disconnect';
import { refreshComplete, sessionJoined } from './messages';

/**
 * Sends `sessionJoined` once the connection is open (called asynchronously after `$connect`; a listener's
 * with the session's newest utterance number when there is one), and
 * after `$connect` also `connectionRefreshComplete` when this connection replaced another one — then
 * closes the connection it replaced, which stayed open so nothing sent during the switch was lost.
 *
 * @example
 * await greetConnection(deps, 'conn-1', 'req-1'); // false when the connection or session is gone
 */
export async function greetConnection(
  deps: GreetDeps,
  connectionId: string,
  requestId: string,
  afterConnect = false,
) {
  const nowMs = deps.clock.now();
  const connection = await deps.store.getConnection(connectionId, nowMs);
  if (!connection) return false;
  // A refresh's replacement needs neither: its client counts on from the old socket, and the language
  // was noted when it first joined. Skipped, because the refresh wave is the sweeper's busiest moment.
  const firstListenerGreeting = connection.role === 'listener' && connection.refreshedFrom === undefined;
  const [session, newest] = await Promise.all([
    deps.store.getSession(connection.sessionId, nowMs),
    firstListenerGreeting ? newestUtterance(deps, connection.sessionId, nowMs) : undefined,
  ]);
  if (!session) return false;
  const greeting = {
    ...sessionJoined(session, connection, nowMs, requestId),
    ...(newest !== undefined ? { lastSequenceNumber: newest } : {}),
  };
  const greeted = await deps.gateway.send(connectionId, greeting);
  if (greeted && firstListenerGreeting && connection.targetLanguage)
    await noteHeard(deps, connection.sessionId, connection.targetLanguage);
  if (greeted && afterConnect && connection.refreshedFrom) {
    await deps.gateway.send(connectionId, refreshComplete(connection, nowMs, requestId));
    // Not retried with the greeting (that would greet twice): the client closes the old socket itself.
    await deps.gateway.close(connection.refreshedFrom).catch(() => undefined);
  }
  return greeted;
}

/** What greeting needs; `replay` (with `logger`) notes the listener's language for the replay window. */
type GreetDeps = Pick<Deps, 'store' | 'gateway' | 'clock'> & Partial<Pick<Deps, 'replay' | 'logger'>>;

/**
 * Notes a listener's language as heard now, so translation-pipeline keeps translating it for the
 * replay window even if this listener drops before the next utterance (else what is said while it is
 * away is never translated into its language). Best effort: a failure only logs.
 *
 * @example
 * await noteHeard(deps, 'golden-eagle-427', 'es');
 */
export async function noteHeard(
  deps: Pick<Deps, 'clock'> & Partial<Pick<Deps, 'replay' | 'logger'>>,
  sessionId: string,
  language: string,
): Promise<void> {
  await deps.replay?.noteLanguages(sessionId, [language], deps.clock.now()).catch((error: unknown) => {
    deps.logger?.warn({ err: error, sessionId, language }, 'could not note the language for replay');
  });
}

/**
 * The session's newest utterance number, for a listener's greeting: the number it replays after if it
 * drops before its first utterance. Best effort: a failed read greets without it (logged).
 */
async function newestUtterance(
  deps: Pick<Deps, 'clock'> & Partial<Pick<Deps, 'replay' | 'logger'>>,
  sessionId: string,
  nowMs: number,
): Promise<number | undefined> {
  return deps.replay?.newestUtterance(sessionId, nowMs).catch((error: unknown) => {
    deps.logger?.warn(
      { err: error, sessionId },
      "could not read the session's newest utterance for the greeting",
    );
    return undefined;
  });
}

/** How `$connect`'s greeting waits for API Gateway to open the socket. */
export interface GreetingSchedule {
  /** Give up this long after the first try (the socket was closed before it opened). */
  deadlineMs: number;
  /** Between two tries. */
  retryMs: number;
}

/** What became of a new connection's greeting. */
export type GreetingOutcome = 'greeted' | 'forgotten' | 'unknown';

/**
 * Greets a new connection (`greetWhenOpen`), and forgets one that never opened. Posts answered 410
 * until the deadline, which starts after `$connect` returned, mean the client closed its socket
 * during the handshake — and no `$disconnect` may ever come for a socket closed before `$connect`
 * returned (serverless-offline sends none, and API Gateway's is best-effort). Its row would stay,
 * counted: after a refresh the listener reconnects as new and counts twice. So the row goes as at
 * `$disconnect` (row and count together; a later `$disconnect` finds nothing) and the socket is
 * closed in case it is alive after all, so the client reconnects. A greeting that failed for other
 * reasons (posts erroring, not 410) proves nothing: it is thrown, and the row kept.
 *
 * @example
 * await greetOrForget(deps, 'conn-1', 'req-1', { deadlineMs: 5_000, retryMs: 100 }); // 'greeted'
 */
export async function greetOrForget(
  deps: GreetDeps & Pick<Deps, 'audio'>,
  connectionId: string,
  requestId: string,
  schedule: GreetingSchedule,
): Promise<GreetingOutcome> {
  if (await greetWhenOpen(deps, connectionId, requestId, schedule)) return 'greeted';
  const removed = await unregisterConnection(deps, connectionId, requestId);
  if (!removed) return 'unknown';
  await deps.gateway.close(connectionId).catch(() => undefined);
  return 'forgotten';
}

/**
 * Greets a new connection as soon as it is open: until `$connect` returns, API Gateway answers 410
 * for it, so this tries again every `retryMs` until `deadlineMs` has passed on the injected clock.
 *
 * @example
 * await greetWhenOpen(deps, 'conn-1', 'req-1', { deadlineMs: 5_000, retryMs: 100 }); // true once greeted
 */
export async function greetWhenOpen(
  deps: GreetDeps,
  connectionId: string,
  requestId: string,
  schedule: GreetingSchedule,
): Promise<boolean> {
  const deadline = deps.clock.now() + schedule.deadlineMs;
  let lastError: unknown;
  while (deps.clock.now() < deadline) {
    try {
      if (await greetConnection(deps, connectionId, requestId, true)) return true;
    } catch (error) {
      // A post or a read that failed (timed out, throttled) is tried again like a 410, until the deadline.
      lastError = error;
    }
    await deps.clock.sleep(schedule.retryMs);
  }
  if (lastError !== undefined) throw lastError;
  return false;
}
