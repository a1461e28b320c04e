import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { logHandlerError } from '@lingocast/lambda';
import { withCorrelation } from '@lingocast/logging';
import { parseClientMessage, peekAction, peekRequestId } from '@lingocast/validation';
import { getDeps, logger } from '../composition';
import { handleAction } from '../use-cases/actions';

/**
 * Every WebSocket action and `$default`. Validation, then the action; whatever fails is answered
 * with an `error` pushed to the caller (API Gateway drops Lambda return values without route responses).
 */
export async function messageHandler(
  event: APIGatewayProxyWebsocketEventV2,
): Promise<APIGatewayProxyResultV2> {
  const { connectionId, requestId: gatewayRequestId } = event.requestContext;
  const requestId = peekRequestId(event.body) ?? gatewayRequestId;
  const action = peekAction(event.body);
  const log = withCorrelation(logger, { requestId, connectionId, ...(action ? { action } : {}) });
  const deps = getDeps();
  try {
    const parsed = parseClientMessage(event.isBase64Encoded ? null : event.body);
    if (!parsed.ok) {
      const message = event.isBase64Encoded
        ? 'binary frames are not accepted; send JSON text frames'
        : parsed.message;
      await deps.gateway.send(connectionId, {
        type: 'error',
        timestamp: deps.clock.now(),
        code: event.isBase64Encoded ? 'INVALID_MESSAGE' : parsed.code,
        message,
        requestId,
        ...(action ? { action } : {}),
      });
      log.info({ code: parsed.code }, 'message refused');
      return { statusCode: 200 };
    }
    await handleAction(deps, connectionId, parsed.value, requestId);
  } catch (error) {
    const publicError = logHandlerError(log, error, 'action failed');
    await deps.gateway
      .send(connectionId, {
        type: 'error',
        timestamp: deps.clock.now(),
        code: publicError.code,
        message: publicError.message,
        requestId,
        ...(publicError.retryAfter !== undefined ? { retryAfter: publicError.retryAfter } : {}),
        ...(action ? { action } : {}),
      })
      .catch((sendError: unknown) => log.warn({ err: sendError }, 'could not deliver the error'));
  }
  return { statusCode: 200 };
}
