import { LIMITS } from '@lingocast/contract';
import type { ReplayCompleteMessage } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import type { ReplayEntry } from '@lingocast/session-data';
import type { ActionContext, ActionHandler } from '../action-context';
import { reply, sessionOf } from '../action-context';
import type { Deps } from '../deps';
import { enforceRateLimit } from '../rate-limits';

/**
 * The most utterances one `replay` sends: 200 utterances of audio are a few hundred posts, well
 * inside the function's 29 s; beyond them the newest 200 are sent and the older ones reported missed.
 */
export const MAX_REPLAYED_PER_REQUEST = 200;

/** Below every sequence number (they start at 0). */
const BEFORE_FIRST = -1;

type MissedRange = NonNullable<ReplayCompleteMessage['missed']>;

/** What one `replay` will send: entries oldest first, and how each is sent. */
interface ReplayPlan {
  entries: ReplayEntry[];
  /** Captions for every entry (the listener or the request said so, or `recent`). */
  captionsOnly: boolean;
  lastSequenceNumber?: number;
  missed?: MissedRange;
}

/** How far the posts got: `complete` false when a post found the listener gone (410). */
interface Outcome {
  complete: boolean;
  replayed: number;
}

/**
 * The `replay` action (listeners only): what the replay window holds of the listener's current
 * language — after `afterSequenceNumber`, each utterance as it was sent live (its `translatedAudio`
 * frames verbatim, or its `transcript` when the listener gets captions only or it had no audio); or
 * the newest `recent` as captions — then `replayComplete`. A 410 on the way ends it quietly (the
 * listener is gone; it asks again when it is back).
 *
 * @example
 * await replay(deps, ctx, { action: 'replay', afterSequenceNumber: 41 }); // …, replayComplete
 */
export const replay: ActionHandler<'replay'> = async (deps, ctx, message) => {
  await enforceRateLimit(deps, 'replay', ctx.connection.connectionId);
  const session = await sessionOf(deps, ctx);
  if (session.status === 'ended') {
    throw new DomainError('SESSION_ENDED', 'the session has ended; nothing is replayed after the end');
  }
  const language = listenerLanguage(ctx);
  const plan =
    message.afterSequenceNumber !== undefined
      ? await planAfter(deps, ctx, language, message.afterSequenceNumber, message.captionsOnly === true)
      : await planRecent(deps, ctx, language, message.recent);
  const outcome = await sendEntries(deps, ctx, plan);
  const { connectionId, sessionId } = ctx.connection;
  const log = {
    requestId: ctx.requestId,
    connectionId,
    sessionId,
    language,
    ...outcome,
    missed: plan.missed,
    // From the action's arrival: reads and posts (what a listener waits before live resumes).
    durationMs: deps.clock.now() - ctx.nowMs,
  };
  if (!outcome.complete) {
    deps.logger.info(log, 'replay stopped: the listener is gone');
    return;
  }
  await reply(deps, ctx, {
    type: 'replayComplete',
    timestamp: deps.clock.now(),
    requestId: ctx.requestId,
    sessionId: ctx.connection.sessionId,
    targetLanguage: language,
    replayed: outcome.replayed,
    ...(plan.lastSequenceNumber !== undefined ? { lastSequenceNumber: plan.lastSequenceNumber } : {}),
    ...(plan.missed ? { missed: plan.missed } : {}),
    windowMs: deps.replay.windowMs,
  });
  deps.logger.info(log, 'replayed');
};

function listenerLanguage(ctx: ActionContext): string {
  const language = ctx.connection.targetLanguage;
  // Every listener row has one (set at `$connect`); a row without is not one replay can serve.
  if (language === undefined) throw new DomainError('INVALID_PARAMETERS', 'this connection has no language');
  return language;
}

/**
 * Everything after `after` the window holds, bounded: when more than MAX_REPLAYED_PER_REQUEST are
 * there, the newest of them (live matters more than the oldest), the rest reported missed. The read
 * starts at `after` itself: the client's own last utterance still in the window proves nothing after
 * it has left (a gap is then numbers never recorded, such as an utterance without words). Numbers
 * before the language's first recorded one are never missed: `after` may be -1 (a listener greeted
 * before anything was said) or older than the language's first listener.
 */
async function planAfter(
  deps: Deps,
  ctx: ActionContext,
  language: string,
  after: number,
  requestedCaptionsOnly: boolean,
): Promise<ReplayPlan> {
  const { sessionId } = ctx.connection;
  const read = await deps.replay.after(
    sessionId,
    language,
    after - 1,
    ctx.nowMs,
    MAX_REPLAYED_PER_REQUEST + 1,
  );
  const lastStillThere = read.entries[0]?.sequenceNumber === after;
  // Numbers before the language's first were never recorded in it (nobody listened in it yet).
  const missedAfter = Math.max(after, (read.firstSequenceNumber ?? after + 1) - 1);
  const following = read.entries.filter((entry) => entry.sequenceNumber > after);
  const first = following.slice(0, MAX_REPLAYED_PER_REQUEST);
  const newestRead = first.at(-1)?.sequenceNumber;
  const overflowed =
    newestRead !== undefined &&
    first.length === MAX_REPLAYED_PER_REQUEST &&
    (read.lastSequenceNumber ?? newestRead) > newestRead;
  const entries = overflowed ? await newestAfter(deps, ctx, language, after) : first;
  const missed = overflowed
    ? rangeAfter(missedAfter, (entries[0]?.sequenceNumber ?? after + 1) - 1)
    : lastStillThere
      ? undefined
      : rangeAfter(missedAfter, following[0] ? following[0].sequenceNumber - 1 : read.lastSequenceNumber);
  return {
    entries,
    captionsOnly: requestedCaptionsOnly || ctx.connection.captionsOnly === true,
    ...(read.lastSequenceNumber !== undefined ? { lastSequenceNumber: read.lastSequenceNumber } : {}),
    ...(missed ? { missed } : {}),
  };
}

/** The newest MAX_REPLAYED_PER_REQUEST entries after `after`, with their audio, oldest first. */
async function newestAfter(deps: Deps, ctx: ActionContext, language: string, after: number) {
  const all = await deps.replay.after(
    ctx.connection.sessionId,
    language,
    after,
    ctx.nowMs,
    Number.MAX_SAFE_INTEGER,
  );
  return all.entries.slice(-MAX_REPLAYED_PER_REQUEST);
}

function rangeAfter(after: number, to: number | undefined): MissedRange | undefined {
  return to !== undefined && to > after ? { fromSequenceNumber: after + 1, toSequenceNumber: to } : undefined;
}

/** A late joiner's history: the newest `count` captions, and the newest number recorded. */
async function planRecent(
  deps: Deps,
  ctx: ActionContext,
  language: string,
  count: number | undefined,
): Promise<ReplayPlan> {
  // The schema requires one of the two; this keeps the type honest.
  if (count === undefined) {
    throw new DomainError('INVALID_PARAMETERS', "replay needs 'afterSequenceNumber' or 'recent'");
  }
  const { sessionId } = ctx.connection;
  const entries = await deps.replay.recent(sessionId, language, count, ctx.nowMs);
  // Nothing after the newest caption is in the window: this reads only the newest number.
  const newestSent = entries.at(-1)?.sequenceNumber ?? BEFORE_FIRST;
  const { lastSequenceNumber } = await deps.replay.after(sessionId, language, newestSent, ctx.nowMs, 0);
  return {
    entries,
    captionsOnly: true,
    ...(lastSequenceNumber !== undefined ? { lastSequenceNumber } : {}),
  };
}

/** Posts the plan's entries in order, one at a time (posts to one connection keep their order). */
async function sendEntries(deps: Deps, ctx: ActionContext, plan: ReplayPlan): Promise<Outcome> {
  let replayed = 0;
  for (const entry of plan.entries) {
    const frames = plan.captionsOnly ? undefined : sendableFrames(deps, entry);
    const delivered = frames
      ? await sendFrames(deps, ctx.connection.connectionId, frames)
      : await deps.gateway.send(ctx.connection.connectionId, entry.caption);
    if (!delivered) return { complete: false, replayed };
    replayed += 1;
  }
  return { complete: true, replayed };
}

async function sendFrames(deps: Deps, connectionId: string, frames: readonly string[]): Promise<boolean> {
  for (const frame of frames) {
    if (!(await deps.gateway.sendSerialized(connectionId, frame))) return false;
  }
  return true;
}

/**
 * The entry's audio frames when it has some and each fits an API Gateway frame; otherwise none, and
 * its caption goes instead (API Gateway takes no frame over 32 KB; translation-pipeline splits to fit).
 */
function sendableFrames(deps: Deps, entry: ReplayEntry): readonly string[] | undefined {
  const frames = entry.audioFrames;
  if (frames === undefined || frames.length === 0) return undefined;
  const oversized = frames.find((frame) => Buffer.byteLength(frame, 'utf8') > LIMITS.maxFrameBytes);
  if (oversized === undefined) return frames;
  deps.logger.warn(
    {
      sequenceNumber: entry.sequenceNumber,
      language: entry.language,
      bytes: Buffer.byteLength(oversized, 'utf8'),
    },
    'a stored audio frame is over the frame limit; replaying the caption instead',
  );
  return undefined;
}
