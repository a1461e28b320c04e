import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { withCorrelation } from '@lingocast/logging';
import { getTokenVerifier, logger } from '../composition';

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
 * A token: it must verify, or the connection is refused; never downgraded to a listener.
 */
export async function authorizeConnection(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.['token'];
  const log = withCorrelation(logger, {
    requestId: event.requestContext.requestId,
    action: '$connect:authorize',
  });
  if (!token) return policy('anonymous', 'Allow', event.methodArn, { role: 'listener' });
  try {
    const speaker = await getTokenVerifier().verify(token);
    return policy(speaker.userId, 'Allow', event.methodArn, {
      role: 'speaker',
      userId: speaker.userId,
      username: speaker.username,
    });
  } catch (error) {
    log.info({ reason: (error as Error).message }, 'speaker token refused');
    return policy('rejected', 'Deny', event.methodArn, { role: 'rejected' });
  }
}
