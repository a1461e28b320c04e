import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ApiGatewayConnectionGateway } from '@lingocast/aws';
import type { ServerMessage } from '@lingocast/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { WebSocketConnectionGateway } from './websocket-gateway';

const client = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://example.test/stage',
});
const apiMock = mockClient(client);
const noSleep = async () => undefined;

function gone(): GoneException {
  return new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } });
}

function gatewayUnderTest(): WebSocketConnectionGateway {
  return new WebSocketConnectionGateway(new ApiGatewayConnectionGateway(client, { sleep: noSleep }), 2);
}

const ack: ServerMessage = { type: 'heartbeatAck', timestamp: 1, requestId: 'r' };

function postedTo(): Record<string, unknown[]> {
  const posted: Record<string, unknown[]> = {};
  for (const call of apiMock.commandCalls(PostToConnectionCommand)) {
    const { ConnectionId, Data } = call.args[0].input;
    const id = ConnectionId ?? '';
    (posted[id] ??= []).push(JSON.parse(Buffer.from(Data as Uint8Array).toString('utf8')));
  }
  return posted;
}

beforeEach(() => apiMock.reset());

describe('WebSocketConnectionGateway', () => {
  it('posts the message as JSON text and reports it sent', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});

    // Act
    const sent = await gatewayUnderTest().send('conn-1', ack);

    // Assess
    expect(sent).toBe(true);
    expect(postedTo()).toEqual({ 'conn-1': [ack] });
  });

  it('answers false for a connection that is gone (410)', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).rejects(gone());

    // Act
    const sent = await gatewayUnderTest().send('conn-1', ack);

    // Assess
    expect(sent).toBe(false);
  });

  it('posts an already serialised message verbatim, byte for byte', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});
    const frame = '{"type":"translatedAudio",  "sequenceNumber":7}';

    // Act
    const sent = await gatewayUnderTest().sendSerialized('conn-1', frame);

    // Assess
    expect(sent).toBe(true);
    const data = apiMock.commandCalls(PostToConnectionCommand)[0]?.args[0].input.Data as Uint8Array;
    expect(Buffer.from(data).toString('utf8')).toBe(frame);
  });

  it('answers false for a serialised message to a connection that is gone (410)', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).rejects(gone());

    // Act
    const sent = await gatewayUnderTest().sendSerialized('conn-1', '{"type":"transcript"}');

    // Assess
    expect(sent).toBe(false);
  });

  it('retries a throttled post and then delivers it', async () => {
    // Prepare
    const throttled = Object.assign(new Error('slow down'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    apiMock.on(PostToConnectionCommand).rejectsOnce(throttled).resolves({});

    // Act
    const sent = await gatewayUnderTest().send('conn-1', ack);

    // Assess
    expect(sent).toBe(true);
    expect(apiMock.commandCalls(PostToConnectionCommand)).toHaveLength(2);
  });

  it('sends to many connections and returns the ones that are gone', async () => {
    // Prepare
    apiMock.on(PostToConnectionCommand).resolves({});
    apiMock.on(PostToConnectionCommand, { ConnectionId: 'conn-2' }).rejects(gone());

    // Act
    const goneIds = await gatewayUnderTest().sendToMany(['conn-1', 'conn-2', 'conn-3'], ack);

    // Assess
    expect(goneIds).toEqual(['conn-2']);
    expect(postedTo()).toEqual({ 'conn-1': [ack], 'conn-2': [ack], 'conn-3': [ack] });
  });

  it('does not report a connection as gone when posting failed for another reason', async () => {
    // Prepare
    apiMock
      .on(PostToConnectionCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }));

    // Act
    const goneIds = await gatewayUnderTest().sendToMany(['conn-1'], ack);

    // Assess
    expect(goneIds).toEqual([]);
  });

  it('closes a connection, and a connection already gone is fine', async () => {
    // Prepare
    apiMock.on(DeleteConnectionCommand, { ConnectionId: 'conn-1' }).resolves({});
    apiMock.on(DeleteConnectionCommand, { ConnectionId: 'conn-2' }).rejects(gone());
    const gateway = gatewayUnderTest();

    // Act
    await gateway.close('conn-1');
    await gateway.close('conn-2');

    // Assess
    expect(
      apiMock.commandCalls(DeleteConnectionCommand).map((call) => call.args[0].input.ConnectionId),
    ).toEqual(['conn-1', 'conn-2']);
  });
});
