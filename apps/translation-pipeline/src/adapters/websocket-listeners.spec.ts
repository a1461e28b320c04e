import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type { ServerMessage } from '@lingocast/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { WebSocketListenerGateway } from './websocket-listeners';

const client = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://ws.example.test/test',
});
const apiMock = mockClient(client);
const gateway = () =>
  new WebSocketListenerGateway(new ApiGatewayConnectionGateway(client, { sleep: async () => undefined }), 4);

const caption: ServerMessage = {
  type: 'transcript',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  sequenceNumber: 0,
  sourceLanguage: 'en',
  sourceText: 'amen',
  targetLanguage: 'es',
  translatedText: 'amén',
};
const audio: ServerMessage = {
  type: 'translatedAudio',
  timestamp: 1,
  sessionId: 'golden-eagle-427',
  targetLanguage: 'es',
  sequenceNumber: 0,
  part: 0,
  parts: 1,
  format: 'mp3',
  audio: 'AAAA',
  durationMs: 500,
  transcript: 'amén',
};

function postsTo(connectionId: string): unknown[] {
  return apiMock
    .commandCalls(PostToConnectionCommand)
    .filter((call) => call.args[0].input.ConnectionId === connectionId)
    .map((call) => JSON.parse(Buffer.from(call.args[0].input.Data as Uint8Array).toString('utf8')));
}

beforeEach(() => apiMock.reset());

describe('WebSocketListenerGateway', () => {
  it('sends every message, in order, to every listener', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});

    // Act
    const outcome = await gateway().sendAll(['a', 'b', 'c'], [caption, audio]);

    // Assess
    expect(outcome).toEqual({ gone: [], failed: 0 });
    for (const id of ['a', 'b', 'c']) expect(postsTo(id)).toEqual([caption, audio]);
  });

  it('reports listeners that are gone and stops sending to them', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});
    apiMock
      .on(PostToConnectionCommand, { ConnectionId: 'b' })
      .rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));

    // Act
    const outcome = await gateway().sendAll(['a', 'b', 'c'], [caption, audio]);

    // Assess
    expect(outcome).toEqual({ gone: ['b'], failed: 0 });
    expect(postsTo('b')).toHaveLength(1);
  });

  it('counts other failures without reporting those listeners as gone', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});
    apiMock
      .on(PostToConnectionCommand, { ConnectionId: 'c' })
      .rejects(Object.assign(new Error('internal'), { $metadata: { httpStatusCode: 500 } }));

    // Act
    const outcome = await gateway().sendAll(['a', 'c'], [caption]);

    // Assess
    expect(outcome).toEqual({ gone: [], failed: 1 });
  });

  it('makes no call when there is nobody to send to', async () => {
    // Act
    const outcome = await gateway().sendAll([], [caption]);

    // Assess
    expect(outcome).toEqual({ gone: [], failed: 0 });
    expect(apiMock.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });
});
