import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  ForbiddenException,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { PostToConnectionCommandInput } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { ApiGatewayConnectionGateway } from './connection-gateway';

const api = mockClient(ApiGatewayManagementApiClient);

function gone(): GoneException {
  return new GoneException({ message: 'GoneException', $metadata: { httpStatusCode: 410 } });
}

function throttled(name = 'LimitExceededException', httpStatusCode: number | undefined = 429): Error {
  return Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode } });
}

function forbidden(): ForbiddenException {
  return new ForbiddenException({ message: 'Forbidden', $metadata: { httpStatusCode: 403 } });
}

function textOf(input: PostToConnectionCommandInput | undefined): string {
  const data = input?.Data;
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return Buffer.from(data).toString('utf8');
  throw new Error(`unexpected payload: ${String(data)}`);
}

describe('ApiGatewayConnectionGateway', () => {
  let client: ApiGatewayManagementApiClient;
  let sleep: jest.Mock<Promise<void>, [number]>;

  beforeEach(() => {
    api.reset();
    client = new ApiGatewayManagementApiClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4201',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    sleep = jest.fn<Promise<void>, [number]>(async () => undefined);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('post', () => {
    it('posts the payload to the connection and answers sent', async () => {
      // Prepare
      api.on(PostToConnectionCommand).resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const result = await gateway.post('conn-1', '{"type":"heartbeatAck","timestamp":1}');

      // Assess
      expect(result).toBe('sent');
      const input = api.commandCalls(PostToConnectionCommand)[0]?.args[0].input;
      expect(input?.ConnectionId).toBe('conn-1');
      expect(textOf(input)).toBe('{"type":"heartbeatAck","timestamp":1}');
    });

    it.each([
      ['a GoneException', gone()],
      [
        'any error with HTTP status 410',
        Object.assign(new Error('gone'), { $metadata: { httpStatusCode: 410 } }),
      ],
      ['an error named GoneException', Object.assign(new Error('gone'), { name: 'GoneException' })],
    ])('answers gone for %s, without retrying', async (_what, error) => {
      // Prepare
      api.on(PostToConnectionCommand).rejects(error);
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const result = await gateway.post('conn-1', 'x');

      // Assess
      expect(result).toBe('gone');
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it.each([
      ['HTTP 429', throttled('LimitExceededException', 429)],
      ['TooManyRequestsException', throttled('TooManyRequestsException', undefined)],
      ['ThrottlingException', throttled('ThrottlingException', 400)],
      ['LimitExceededException', throttled('LimitExceededException', undefined)],
    ])('retries after %s and answers sent once the post goes through', async (_what, error) => {
      // Prepare
      api.on(PostToConnectionCommand).rejectsOnce(error).rejectsOnce(error).resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { sleep, retryBaseMs: 100 });

      // Act
      const result = await gateway.post('conn-1', 'x');

      // Assess
      expect(result).toBe('sent');
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(3);
      expect(sleep.mock.calls).toEqual([[100], [200]]);
    });

    it('gives up after the configured number of throttling retries and throws the last error', async () => {
      // Prepare
      const error = throttled();
      api.on(PostToConnectionCommand).rejects(error);
      const gateway = new ApiGatewayConnectionGateway(client, {
        sleep,
        maxThrottleRetries: 3,
        retryBaseMs: 50,
      });

      // Act
      const post = gateway.post('conn-1', 'x');

      // Assess
      await expect(post).rejects.toBe(error);
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(4);
      expect(sleep.mock.calls).toEqual([[50], [100], [200]]);
    });

    it('spreads retries with jitter between half and one and a half times the backoff', async () => {
      // Prepare
      const random = jest.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999);
      api.on(PostToConnectionCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { sleep, retryBaseMs: 100 });

      // Act
      await gateway.post('conn-1', 'x');

      // Assess
      expect(random).toHaveBeenCalledTimes(2);
      expect(sleep.mock.calls[0]?.[0]).toBe(50);
      expect(sleep.mock.calls[1]?.[0]).toBeCloseTo(299.8, 5);
    });

    it('throws any other error at once, without retrying', async () => {
      // Prepare
      const error = forbidden();
      api.on(PostToConnectionCommand).rejects(error);
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const post = gateway.post('conn-1', 'x');

      // Assess
      await expect(post).rejects.toBe(error);
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('retries three times by default, waiting on real timers', async () => {
      // Prepare
      api.on(PostToConnectionCommand).rejectsOnce(throttled()).resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { retryBaseMs: 1 });

      // Act
      const result = await gateway.post('conn-1', 'x');

      // Assess
      expect(result).toBe('sent');
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(2);
    });

    it('stops after three throttling retries when not told otherwise', async () => {
      // Prepare
      api.on(PostToConnectionCommand).rejects(throttled());
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const post = gateway.post('conn-1', 'x');

      // Assess
      await expect(post).rejects.toMatchObject({ name: 'LimitExceededException' });
      expect(sleep.mock.calls).toEqual([[50], [100], [200]]);
    });
  });

  describe('broadcast', () => {
    it('sends every payload to every connection, in order per connection', async () => {
      // Prepare
      const received = new Map<string, string[]>();
      api.on(PostToConnectionCommand).callsFake(async (input: PostToConnectionCommandInput) => {
        const id = input.ConnectionId ?? '';
        received.set(id, [...(received.get(id) ?? []), textOf(input)]);
        // Finish out of order across connections: later connections answer faster.
        await new Promise((resolve) => setTimeout(resolve, id === 'a' ? 15 : 1));
        return {};
      });
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const outcomes = await gateway.broadcast(['a', 'b', 'c'], ['part 0', 'part 1', 'part 2'], 3);

      // Assess
      expect(outcomes).toEqual([
        { connectionId: 'a', result: 'sent' },
        { connectionId: 'b', result: 'sent' },
        { connectionId: 'c', result: 'sent' },
      ]);
      for (const id of ['a', 'b', 'c']) expect(received.get(id)).toEqual(['part 0', 'part 1', 'part 2']);
    });

    it('never has more posts in flight than the concurrency cap', async () => {
      // Prepare
      const connectionIds = Array.from({ length: 40 }, (_unused, index) => `conn-${index}`);
      let inFlight = 0;
      let mostInFlight = 0;
      api.on(PostToConnectionCommand).callsFake(async () => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        return {};
      });
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const outcomes = await gateway.broadcast(connectionIds, ['a', 'b'], 5);

      // Assess
      expect(mostInFlight).toBe(5);
      expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(80);
      expect(outcomes.every((outcome) => outcome.result === 'sent')).toBe(true);
    });

    it('reports gone and failed connections and stops sending to a gone one', async () => {
      // Prepare
      const error = forbidden();
      api
        .on(PostToConnectionCommand)
        .resolves({})
        .on(PostToConnectionCommand, { ConnectionId: 'gone-one' })
        .rejects(gone())
        .on(PostToConnectionCommand, { ConnectionId: 'broken-one' })
        .rejects(error);
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const outcomes = await gateway.broadcast(['ok-one', 'gone-one', 'broken-one'], ['part 0', 'part 1'], 2);

      // Assess
      expect(outcomes).toEqual([
        { connectionId: 'ok-one', result: 'sent' },
        { connectionId: 'gone-one', result: 'gone' },
        { connectionId: 'broken-one', result: 'failed', error },
      ]);
      expect(api.commandCalls(PostToConnectionCommand, { ConnectionId: 'gone-one' })).toHaveLength(1);
      expect(api.commandCalls(PostToConnectionCommand, { ConnectionId: 'ok-one' })).toHaveLength(2);
    });

    it('retries a throttled connection without holding back the others', async () => {
      // Prepare
      api
        .on(PostToConnectionCommand)
        .resolves({})
        .on(PostToConnectionCommand, { ConnectionId: 'busy' })
        .rejectsOnce(throttled())
        .resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const outcomes = await gateway.broadcast(['busy', 'calm'], ['x'], 2);

      // Assess
      expect(outcomes.map((outcome) => outcome.result)).toEqual(['sent', 'sent']);
      expect(sleep).toHaveBeenCalledTimes(1);
    });

    it('answers an empty list of connections with no posts', async () => {
      // Prepare
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const outcomes = await gateway.broadcast([], ['x'], 10);

      // Assess
      expect(outcomes).toEqual([]);
      expect(api.calls()).toHaveLength(0);
    });
  });

  describe('close', () => {
    it('deletes the connection', async () => {
      // Prepare
      api.on(DeleteConnectionCommand).resolves({});
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      await gateway.close('conn-7');

      // Assess
      expect(api.commandCalls(DeleteConnectionCommand, { ConnectionId: 'conn-7' }, true)).toHaveLength(1);
    });

    it('ignores a connection that is already gone', async () => {
      // Prepare
      api.on(DeleteConnectionCommand).rejects(gone());
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const close = gateway.close('conn-7');

      // Assess
      await expect(close).resolves.toBeUndefined();
    });

    it('throws any other failure', async () => {
      // Prepare
      const error = forbidden();
      api.on(DeleteConnectionCommand).rejects(error);
      const gateway = new ApiGatewayConnectionGateway(client, { sleep });

      // Act
      const close = gateway.close('conn-7');

      // Assess
      await expect(close).rejects.toBe(error);
    });
  });
});
