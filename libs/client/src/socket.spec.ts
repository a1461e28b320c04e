import { resolveWebSocket } from './socket';
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
