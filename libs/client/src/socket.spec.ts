import { ContractSocket, resolveWebSocket } from './socket';
import { FakeWebSocket } from './testing/fake-websocket';

describe('resolveWebSocket', () => {
  it('uses the implementation it is given', () => {
    expect(resolveWebSocket(FakeWebSocket)).toBe(FakeWebSocket);
  });

  it('explains what to pass when the platform has no WebSocket', () => {
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      expect(() => resolveWebSocket()).toThrow(/ws package/);
    } finally {
      if (saved) (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});

describe('ContractSocket', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('rejects the open when the WebSocket constructor throws (a bad URL)', async () => {
    // Prepare
    class Throwing {
      constructor(url: string) {
        throw new SyntaxError(`bad url ${url}`);
      }
    }
    const socket = new ContractSocket(Throwing);

    // Act
    const opening = socket.open('nope');

    // Assess
    await expect(opening).rejects.toThrow(/bad url nope/);
    expect(socket.state).toBe('closed');
  });

  it('reports false instead of throwing when a send fails or the socket is not open', async () => {
    // Prepare
    const socket = new ContractSocket(FakeWebSocket);
    const before = socket.send({ action: 'heartbeat' });
    const opening = socket.open('ws://ws.test');
    const raw = FakeWebSocket.latest();
    raw.accept();
    await opening;
    raw.send = () => {
      throw new Error('socket is closing');
    };

    // Act
    const after = socket.send({ action: 'heartbeat' });

    // Assess
    expect([before, after]).toEqual([false, false]);
  });

  it('decodes text that arrives as bytes', async () => {
    // Prepare
    const socket = new ContractSocket(FakeWebSocket);
    const types: string[] = [];
    socket.on('message', (message) => types.push(message.type));
    const opening = socket.open('ws://ws.test');
    const raw = FakeWebSocket.latest();
    raw.accept();
    await opening;

    // Act
    raw.onmessage?.({ data: new TextEncoder().encode('{"type":"heartbeatAck","timestamp":1}') });

    // Assess
    expect(types).toEqual(['heartbeatAck']);
  });
});
