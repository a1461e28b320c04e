import { randomUUID } from 'node:crypto';
import { METRICS_NAMESPACE, emitMetric, withCorrelation } from '@lingocast/logging';
import { validateFollowAudioEvent } from '@lingocast/validation';
import { getFollowerDeps, logger } from '../composition';
import { followAudio } from '../use-cases/follow/follow-audio';
import type { FollowOutcome } from '../use-cases/follow/follow-audio';

/** Time kept back from Lambda's limit for the handover (release, start the successor, return). */
export const HANDOVER_MARGIN_MS = 60_000;

/** What the Lambda runtime tells the handler (serverless-offline gives the same). */
export interface FollowContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/**
 * `followAudio`: invoked asynchronously when a chunk finds the session unfollowed, or by an owner handing
 * over. Follows the session's audio under its lease until it is quiet, the time limit nears (handover) or
 * the lease is lost. An invalid event is logged and dropped.
 */
export async function followAudioHandler(
  event: unknown,
  context: FollowContext = {},
): Promise<FollowOutcome | { kind: 'invalid'; reason: string }> {
  const follow = validateFollowAudioEvent(event);
  if (!follow.ok) {
    logger.error({ reason: follow.message }, 'invalid follow event');
    return { kind: 'invalid', reason: follow.message };
  }
  const deps = getFollowerDeps();
  const log = withCorrelation(logger, {
    requestId: follow.value.requestId,
    sessionId: follow.value.sessionId,
    action: 'followAudio',
  });
  const remainingMs = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  const outcome = await followAudio({ ...deps, logger: log }, follow.value, {
    owner: context.awsRequestId ?? randomUUID(),
    deadlineAt: deps.clock.now() + remainingMs - HANDOVER_MARGIN_MS,
  });
  if (outcome.kind !== 'notOwner')
    emitMetric(log, METRICS_NAMESPACE, 'FollowerUtterances', outcome.utterances, 'Count', {
      Service: 'audio-transcription',
    });
  if (outcome.kind === 'lostLease')
    emitMetric(log, METRICS_NAMESPACE, 'FollowerLeasesLost', 1, 'Count', { Service: 'audio-transcription' });
  return outcome;
}
