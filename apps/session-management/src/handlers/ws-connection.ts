import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { toPublicError } from '@lingocast/errors';
import { logHandlerError } from '@lingocast/lambda';
import { METRICS_NAMESPACE, emitMetric, withCorrelation } from '@lingocast/logging';
import { validateConnectQuery } from '@lingocast/validation';
import { getDeps, logger } from '../composition';
import type { ConnectRefusal } from '../ports';
import {
  greetOrForget,
  refuseWhenOpen,
  registerConnection,
  toldOnTheSocket,
  unregisterConnection,
} from '../use-cases/connection';
import type { GreetingSchedule } from '../use-cases/connection';
import { countingFailedConnects } from '../use-cases/rate-limits';
import { errorResponse } from './http-response';

/** `$connect` events carry the query string and the authorizer's context, which the v2 type omits. */
export type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined> | null;
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown> | null;
    identity?: { sourceIp?: string | null } | null;
  };
};

/**
 * `$connect`: registers a speaker or a listener. A refusal answers the handshake with the error's
 * HTTP status and a JSON body `{ error: { code, message, requestId } }` — except "come back later"
 * (RATE_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE): a browser cannot read a refused handshake, so the
 * socket is accepted unregistered and told `error {code, retryAfter}`, then closed (refuseWhenOpen).
 */
export async function connectHandler(event: ConnectEvent): Promise<APIGatewayProxyResultV2> {
  const { connectionId, requestId } = event.requestContext;
  const log = withCorrelation(logger, { requestId, connectionId, action: '$connect' });
  const query = validateConnectQuery(event.queryStringParameters ?? {});
  if (!query.ok) return errorResponse(query.code, query.message, requestId);
  const started = Date.now();
  const authorizer = event.requestContext.authorizer ?? {};
  const isSpeaker = authorizer['role'] === 'speaker' && typeof authorizer['userId'] === 'string';
  const fromAuthorizer = typeof authorizer['sourceIp'] === 'string' ? authorizer['sourceIp'] : undefined;
  const sourceIp = event.requestContext.identity?.sourceIp ?? fromAuthorizer;
  try {
    const deps = getDeps();
    const mode = await countingFailedConnects(deps, sourceIp ?? 'unknown', () =>
      registerConnection(deps, {
        connectionId,
        sessionId: query.value.sessionId,
        ...(query.value.targetLanguage ? { targetLanguage: query.value.targetLanguage } : {}),
        ...(query.value.previousConnectionId
          ? { previousConnectionId: query.value.previousConnectionId }
          : {}),
        ...(query.value.resumeConnectionId ? { resumeConnectionId: query.value.resumeConnectionId } : {}),
        ...(query.value.captionsOnly !== undefined ? { captionsOnly: query.value.captionsOnly } : {}),
        ...(query.value.liveCaptions !== undefined ? { liveCaptions: query.value.liveCaptions } : {}),
        ...(sourceIp ? { sourceIp } : {}),
        ...(isSpeaker
          ? {
              speaker: {
                userId: String(authorizer['userId']),
                username: String(authorizer['username'] ?? ''),
              },
            }
          : {}),
        requestId,
      }),
    );
    log.info(
      { sessionId: query.value.sessionId, role: isSpeaker ? 'speaker' : 'listener', mode },
      'connected',
    );
    emitMetric(log, METRICS_NAMESPACE, 'JoinLatency', Date.now() - started, 'Milliseconds', {
      Service: 'session-management',
    });
    return { statusCode: 200 };
  } catch (error) {
    const publicError = toPublicError(error);
    // Per code, and rolled up to the service for the ConnectionErrors alarm (infra/alarms.ts).
    emitMetric(
      log,
      METRICS_NAMESPACE,
      'ConnectionErrors',
      1,
      'Count',
      { Service: 'session-management', Code: publicError.code },
      [['Service']],
    );
    logHandlerError(log, error, 'connect failed');
    const refusal = toldOnTheSocket(publicError);
    if (refusal && (await refuseOnTheSocket(connectionId, requestId, refusal, log)))
      return { statusCode: 200 };
    return errorResponse(publicError.code, publicError.message, requestId, publicError.retryAfter);
  }
}

/** Schedules the refusal on the opened socket; false (refuse the handshake instead) when that fails. */
async function refuseOnTheSocket(
  connectionId: string,
  requestId: string,
  refusal: ConnectRefusal,
  log: typeof logger,
): Promise<boolean> {
  try {
    await getDeps().greeter.refuseLater(connectionId, requestId, refusal);
    return true;
  } catch (error) {
    log.error({ err: error }, 'could not schedule the refusal; refusing the handshake');
    return false;
  }
}

/** `$disconnect`: forgets the connection; duplicates and out-of-order deliveries are harmless. */
export async function disconnectHandler(
  event: APIGatewayProxyWebsocketEventV2,
): Promise<APIGatewayProxyResultV2> {
  const { connectionId, requestId } = event.requestContext;
  const log = withCorrelation(logger, { requestId, connectionId, action: '$disconnect' });
  try {
    const removed = await unregisterConnection(getDeps(), connectionId, requestId);
    log.info(
      { sessionId: removed?.sessionId, role: removed?.role, removed: removed !== undefined },
      'disconnected',
    );
  } catch (error) {
    log.error({ err: error }, 'disconnect failed');
    throw error;
  }
  return { statusCode: 200 };
}

export interface GreetEvent {
  connectionId: string;
  requestId: string;
  /** `$connect` accepted the socket only to tell it this refusal. */
  refusal?: ConnectRefusal;
}

/** How long to keep trying: API Gateway opens the socket right after `$connect` returns. */
const GREETING_SCHEDULE: GreetingSchedule = { deadlineMs: 5_000, retryMs: 100 };

/**
 * Invoked asynchronously by `$connect`: sends `sessionJoined` as soon as the socket is open.
 * Until `$connect` returns, API Gateway answers 410 for the new connection, so it retries briefly;
 * a connection still answering 410 after that is forgotten (`greetOrForget`).
 */
export async function connectionReadyHandler(event: GreetEvent): Promise<{ greeted: boolean }> {
  const log = withCorrelation(logger, {
    requestId: event.requestId,
    connectionId: event.connectionId,
    action: 'greet',
  });
  if (event.refusal) {
    const told = await refuseWhenOpen(
      getDeps(),
      event.connectionId,
      event.requestId,
      event.refusal,
      GREETING_SCHEDULE,
    );
    if (!told) log.warn('connection closed before it could be told its refusal');
    return { greeted: false };
  }
  try {
    const outcome = await greetOrForget(getDeps(), event.connectionId, event.requestId, GREETING_SCHEDULE);
    if (outcome === 'forgotten') log.warn('connection closed before it could be greeted; forgotten');
    if (outcome === 'unknown') log.warn('connection closed before it could be greeted');
    return { greeted: outcome === 'greeted' };
  } catch (error) {
    // Nothing to retry for: the client times out its handshake and reconnects. Logged, never thrown
    // (a failed asynchronous invocation would only be retried after the client has given up).
    log.error({ err: error }, 'greeting failed');
    return { greeted: false };
  }
}
