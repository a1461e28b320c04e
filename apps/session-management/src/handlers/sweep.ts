import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withCorrelation } from '@lingocast/logging';
import { LOCAL_STAGE_NAME } from '../config';
import { getDeps, getStage, logger } from '../composition';
import { sweepConnections } from '../use-cases/sweep';
import type { SweepReport } from '../use-cases/sweep';
import { fromError, json } from './http-response';

/** Scheduled every minute (EventBridge): lifecycle messages, idle and dead connections, counts, speakerless sessions. */
export async function sweepHandler(): Promise<SweepReport> {
  const requestId = randomUUID();
  return sweepConnections(
    { ...getDeps(), logger: withCorrelation(logger, { requestId, action: 'sweep' }) },
    requestId,
  );
}

/**
 * `POST /local/sweep`, only on the local stage (serverless-offline runs no schedules): one sweep
 * now, answered with its report, so tests and developers can drive the sweeper.
 */
export async function localSweepHandler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = event.requestContext.requestId;
  try {
    if (getStage() !== LOCAL_STAGE_NAME) return json(404, { error: { code: 'NOT_FOUND', requestId } });
    const report = await sweepConnections(
      { ...getDeps(), logger: withCorrelation(logger, { requestId, action: 'sweep' }) },
      requestId,
    );
    return json(200, report);
  } catch (error) {
    return fromError(error, requestId, logger);
  }
}
