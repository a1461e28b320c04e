import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SESSION_ID_PATTERN } from '@lingocast/contract';
import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import { METRICS_NAMESPACE, emitMetric, withCorrelation } from '@lingocast/logging';
import { toPublicSession } from '@lingocast/session-data';
import { parseCreateSessionBody, parseUpdateSessionBody } from '@lingocast/validation';
import { getDeps, getTokenVerifier, logger } from '../composition';
import { createSession } from '../use-cases/create-session';
import { endSession } from '../use-cases/end-session';
import { servedLanguages } from '../use-cases/languages';
import { updateSession } from '../use-cases/update-session';
import { bearerToken, errorResponse, fromError, json } from './http-response';

type Result = APIGatewayProxyStructuredResultV2;
const sessionIdPattern = new RegExp(SESSION_ID_PATTERN);

async function authenticate(event: APIGatewayProxyEventV2) {
  const token = bearerToken(event.headers);
  if (!token) throw new DomainError('UNAUTHORIZED', 'an Authorization: Bearer <token> header is required');
  return getTokenVerifier().verify(token);
}

function sessionIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.['id'];
  if (!id || !sessionIdPattern.test(id))
    throw new DomainError('INVALID_PARAMETERS', 'session id must look like golden-eagle-427');
  return id;
}

/** POST /sessions: a speaker creates a session. */
export async function createSessionHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  const log = withCorrelation(logger, { requestId, action: 'createSession' });
  const started = Date.now();
  try {
    const speaker = await authenticate(event);
    const body = parseCreateSessionBody(event.body);
    if (!body.ok) return errorResponse(body.code, body.message, requestId);
    const session = await createSession(getDeps(), speaker.userId, body.value);
    emitMetric(log, METRICS_NAMESPACE, 'SessionCreationLatency', Date.now() - started, 'Milliseconds', {
      Service: 'session-management',
    });
    log.info({ sessionId: session.sessionId }, 'session created');
    return json(201, session);
  } catch (error) {
    return fromError(error, requestId, log);
  }
}

/** GET /sessions/{id}: public. */
export async function getSessionHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  const log = withCorrelation(logger, { requestId, action: 'getSession' });
  try {
    const sessionId = sessionIdOf(event);
    const deps = getDeps();
    const session = await deps.store.getSession(sessionId, deps.clock.now());
    if (!session) throw new SessionNotFoundError(sessionId);
    // The capacity in force, so a page can say "full" before it connects.
    return json(200, { ...toPublicSession(session), maxListeners: deps.settings.maxListenersPerSession });
  } catch (error) {
    return fromError(error, requestId, log);
  }
}

/** PATCH /sessions/{id}: the owner changes status, language or tier. */
export async function updateSessionHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  const log = withCorrelation(logger, { requestId, action: 'updateSession' });
  try {
    const speaker = await authenticate(event);
    const sessionId = sessionIdOf(event);
    const body = parseUpdateSessionBody(event.body);
    if (!body.ok) return errorResponse(body.code, body.message, requestId);
    const session = await updateSession(getDeps(), sessionId, speaker.userId, body.value, requestId);
    return json(200, session);
  } catch (error) {
    return fromError(error, requestId, log);
  }
}

/** DELETE /sessions/{id}: the owner ends the session for everyone. */
export async function deleteSessionHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  const log = withCorrelation(logger, { requestId, action: 'deleteSession' });
  try {
    const speaker = await authenticate(event);
    const sessionId = sessionIdOf(event);
    await endSession(getDeps(), sessionId, speaker.userId, requestId);
    return { statusCode: 204 };
  } catch (error) {
    return fromError(error, requestId, log);
  }
}

/** GET /languages: public; the source and target languages the active speech provider serves, and the tiers. */
export async function languagesHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  try {
    return json(200, servedLanguages(getDeps().settings));
  } catch (error) {
    return fromError(error, requestId, logger);
  }
}

/** GET /health: 200 when the database answers, 503 otherwise. */
export async function healthHandler(event: APIGatewayProxyEventV2): Promise<Result> {
  const requestId = event.requestContext.requestId;
  try {
    const healthy = await getDeps().store.ping();
    return json(healthy ? 200 : 503, {
      status: healthy ? 'ok' : 'degraded',
      checks: { database: healthy ? 'ok' : 'failing' },
      version: process.env['SERVICE_VERSION'] ?? 'dev',
    });
  } catch (error) {
    return fromError(error, requestId, logger);
  }
}
