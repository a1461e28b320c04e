import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  region: string;
  /** Overrides the AWS endpoint: DynamoDB Local, serverless-offline, … on the local stage. */
  endpoint?: string | undefined;
}

// One client per endpoint per process: clients hold connection pools that warm Lambdas reuse.
const cache = new Map<string, unknown>();

function memo<T>(key: string, create: () => T): T {
  if (!cache.has(key)) cache.set(key, create());
  return cache.get(key) as T;
}

function baseOptions({ region, endpoint }: ClientOptions) {
  return endpoint ? { region, endpoint } : { region };
}

/**
 * A DynamoDB document client (plain JS values in and out; undefined attributes dropped).
 *
 * @example
 * const db = documentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' });
 */
export function documentClient(options: ClientOptions): DynamoDBDocumentClient {
  return memo(`ddb:${options.region}:${options.endpoint ?? ''}`, () =>
    DynamoDBDocumentClient.from(new DynamoDBClient(baseOptions(options)), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
}

/** A Lambda client for invoking another service's function. */
export function lambdaClient(options: ClientOptions): LambdaClient {
  return memo(
    `lambda:${options.region}:${options.endpoint ?? ''}`,
    () => new LambdaClient(baseOptions(options)),
  );
}

/** A client for the WebSocket API's management endpoint (post to / delete connections). */
export function managementClient(
  options: ClientOptions & { endpoint: string },
): ApiGatewayManagementApiClient {
  return memo(
    `apigw:${options.region}:${options.endpoint}`,
    () => new ApiGatewayManagementApiClient(baseOptions(options)),
  );
}

/** Forgets cached clients (tests). */
export function resetClients(): void {
  cache.clear();
}
