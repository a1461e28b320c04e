import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PollyClient } from '@aws-sdk/client-polly';
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import { TranslateClient } from '@aws-sdk/client-translate';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  documentClient,
  lambdaClient,
  managementClient,
  pollyClient,
  resetClients,
  transcribeStreamingClient,
  translateClient,
} from './clients';

async function endpointOf(client: { config: { endpoint?: unknown } }): Promise<string | undefined> {
  const provider = client.config.endpoint;
  if (typeof provider !== 'function') return undefined;
  const endpoint = (await provider()) as { protocol: string; hostname: string; port?: number; path: string };
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`;
}

describe('AWS client factories', () => {
  afterEach(() => {
    resetClients();
  });

  it('reuses one document client per region and endpoint, so warm Lambdas keep their connections', () => {
    // Act
    const first = documentClient({ region: 'us-east-1' });
    const again = documentClient({ region: 'us-east-1' });
    const elsewhere = documentClient({ region: 'eu-west-1' });
    const local = documentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8100' });

    // Assess
    expect(first).toBeInstanceOf(DynamoDBDocumentClient);
    expect(again).toBe(first);
    expect(elsewhere).not.toBe(first);
    expect(local).not.toBe(first);
  });

  it('points a document client at DynamoDB Local and drops undefined attributes', async () => {
    // Act
    const client = documentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8100' });

    // Assess
    expect(await endpointOf(client)).toBe('http://127.0.0.1:8100/');
    expect(await client.config.region()).toBe('us-east-1');
    expect(client.config.translateConfig?.marshallOptions?.removeUndefinedValues).toBe(true);
  });

  it('leaves the AWS endpoint alone when none is given', async () => {
    // Act
    const client = lambdaClient({ region: 'eu-central-1', endpoint: undefined });

    // Assess
    expect(client).toBeInstanceOf(LambdaClient);
    expect(await client.config.region()).toBe('eu-central-1');
    expect(await endpointOf(client)).toBeUndefined();
  });

  it('reuses one Lambda client per region and endpoint', () => {
    // Act
    const first = lambdaClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4302' });
    const again = lambdaClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4302' });
    const other = lambdaClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4402' });

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('builds a management client for the WebSocket API endpoint', async () => {
    // Act
    const client = managementClient({
      region: 'us-east-1',
      endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/dev',
    });

    // Assess
    expect(client).toBeInstanceOf(ApiGatewayManagementApiClient);
    expect(await endpointOf(client)).toBe('https://abc123.execute-api.us-east-1.amazonaws.com/dev');
    expect(
      managementClient({
        region: 'us-east-1',
        endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/dev',
      }),
    ).toBe(client);
  });

  it.each([
    ['Transcribe Streaming', transcribeStreamingClient, TranscribeStreamingClient],
    ['Translate', translateClient, TranslateClient],
    ['Polly', pollyClient, PollyClient],
  ] as const)(
    'builds one %s client per region, in that region, and a separate one for another endpoint',
    async (_service, factory, clientClass) => {
      // Act
      const first = factory({ region: 'eu-west-1' });
      const again = factory({ region: 'eu-west-1' });
      const elsewhere = factory({ region: 'us-east-1' });
      const redirected = factory({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9999' });

      // Assess
      expect(first).toBeInstanceOf(clientClass);
      expect(await first.config.region()).toBe('eu-west-1');
      expect(await endpointOf(first)).toBeUndefined();
      expect(again).toBe(first);
      expect(elsewhere).not.toBe(first);
      expect(redirected).not.toBe(first);
      expect(await endpointOf(redirected)).toBe('http://127.0.0.1:9999/');
    },
  );

  it('keeps the speech clients apart from each other in the cache', () => {
    // Act
    const transcribe = transcribeStreamingClient({ region: 'eu-west-1' });
    const translate = translateClient({ region: 'eu-west-1' });
    const polly = pollyClient({ region: 'eu-west-1' });

    // Assess
    expect(new Set<unknown>([transcribe, translate, polly]).size).toBe(3);
  });

  it('builds new clients after a reset', () => {
    // Prepare
    const before = documentClient({ region: 'us-east-1' });

    // Act
    resetClients();
    const after = documentClient({ region: 'us-east-1' });

    // Assess
    expect(after).not.toBe(before);
  });
});
