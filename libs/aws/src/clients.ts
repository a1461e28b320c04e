import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PollyClient } from '@aws-sdk/client-polly';
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import { TranslateClient } from '@aws-sdk/client-translate';
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

/**
 * A Transcribe Streaming client (HTTP/2 event streams; one stream per utterance).
 *
 * @example
 * const transcribe = transcribeStreamingClient({ region: 'eu-west-1' });
 */
export function transcribeStreamingClient(options: ClientOptions): TranscribeStreamingClient {
  return memo(
    `transcribe-streaming:${options.region}:${options.endpoint ?? ''}`,
    () => new TranscribeStreamingClient(baseOptions(options)),
  );
}

/**
 * An Amazon Translate client.
 *
 * @example
 * const translate = translateClient({ region: 'eu-west-1' });
 */
export function translateClient(options: ClientOptions): TranslateClient {
  return memo(
    `translate:${options.region}:${options.endpoint ?? ''}`,
    () => new TranslateClient(baseOptions(options)),
  );
}

/**
 * An Amazon Polly client.
 *
 * @example
 * const polly = pollyClient({ region: 'eu-west-1' });
 */
export function pollyClient(options: ClientOptions): PollyClient {
  return memo(
    `polly:${options.region}:${options.endpoint ?? ''}`,
    () => new PollyClient(baseOptions(options)),
  );
}

/** Forgets cached clients (tests). */
export function resetClients(): void {
  cache.clear();
}
