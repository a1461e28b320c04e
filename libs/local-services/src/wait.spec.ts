import { createServer } from 'node:http';
import { WaitTimeoutError, httpAnswers, tcpAnswers, waitUntil } from './wait';

describe('waitUntil', () => {
  it('resolves once the check holds', async () => {
    // Prepare
    let calls = 0;

    // Act
    await waitUntil(async () => ++calls >= 3, { what: 'third call', timeoutMs: 2_000, intervalMs: 10 });

    // Assess
    expect(calls).toBe(3);
  });

  it('rejects with what did not answer after the timeout, treating a throwing check as not yet', async () => {
    const failing = waitUntil(() => Promise.reject(new Error('refused')), {
      what: 'the thing',
      timeoutMs: 50,
      intervalMs: 10,
    });

    await expect(failing).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(failing).rejects.toThrow('the thing did not answer within 0 s');
  });

  it('stops waiting when aborted', async () => {
    const abort = Promise.reject(new Error('process exited'));

    await expect(waitUntil(async () => false, { what: 'x', timeoutMs: 5_000, abort })).rejects.toThrow(
      'process exited',
    );
  });
});

describe('tcpAnswers / httpAnswers', () => {
  it('tell whether something answers on a loopback port', async () => {
    // Prepare
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    try {
      // Act / Assess
      expect(await tcpAnswers(port)).toBe(true);
      expect(await httpAnswers(`http://127.0.0.1:${port}/health`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await tcpAnswers(port)).toBe(false);
    expect(await httpAnswers(`http://127.0.0.1:${port}/health`)).toBe(false);
  });
});
