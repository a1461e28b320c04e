import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { withCorrelation } from '@lingocast/logging';
import { getDeps, getTokenVerifier, logger } from '../composition';
import { CONNECT_IDENTITY_SOURCES, missingIdentitySources } from '../identity-sources';
import { countFailedConnect } from '../use-cases/rate-limits';

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context: Record<string, string>,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    context,
  };
}

/**
 * `$connect` authorizer. No token: an anonymous listener (allowed; `$connect` checks the rest).
 * A token: it must verify, or the connection is refused (and counted as a failed attempt of the
 * address); never downgraded to a listener.
 */
export async function authorizeConnection(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.['token'];
  const log = withCorrelation(logger, {
    requestId: event.requestContext.requestId,
    action: '$connect:authorize',
  });
  const sourceIp = event.requestContext.identity?.sourceIp ?? undefined;
  // Passed on so `$connect` counts under the same address (serverless-offline drops it from $connect's event).
  const address: Record<string, string> = sourceIp ? { sourceIp } : {};
  if (!token) return policy('anonymous', 'Allow', event.methodArn, { role: 'listener', ...address });
  try {
    const speaker = await getTokenVerifier().verify(token);
    return policy(speaker.userId, 'Allow', event.methodArn, {
      role: 'speaker',
      userId: speaker.userId,
      username: speaker.username,
      ...address,
    });
  } catch (error) {
    log.info({ reason: (error as Error).message }, 'speaker token refused');
    // A forged or stale token is a failed attempt of its address, as an unknown session is.
    await countFailedConnect(getDeps(), sourceIp ?? 'unknown');
    return policy('rejected', 'Deny', event.methodArn, { role: 'rejected' });
  }
}

/**
 * The local stage's `$connect` authorizer: first refuses, as API Gateway does before it calls a
 * REQUEST authorizer, a request that lacks one of the configured identity sources (serverless-offline
 * never checks them, so a wrong identity source would pass every local test and refuse everyone on
 * AWS). `'Unauthorized'` is what serverless-offline answers 401 for, as API Gateway would.
 *
 * @example
 * await localAuthorizeConnection(eventWithoutSessionId); // 'Unauthorized'
 */
export async function localAuthorizeConnection(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult | 'Unauthorized'> {
  const missing = missingIdentitySources(CONNECT_IDENTITY_SOURCES, event);
  if (missing.length > 0) {
    logger.info({ missing }, 'identity source missing: 401 before the authorizer, as API Gateway does');
    return 'Unauthorized';
  }
  return authorizeConnection(event);
}
