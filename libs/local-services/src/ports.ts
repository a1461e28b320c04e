import { createServer } from 'node:net';

/**
 * A port that was free on 127.0.0.1 a moment ago (the OS picked it), for a service started right after.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ port: await freeLoopbackPort(), logFile: '/tmp/ddb.log' });
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
