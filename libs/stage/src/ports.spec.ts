import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { DEV_PORTS, describePorts, freePorts, portsInUse } from './ports';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('ports', () => {
  it('documents fixed dev ports: web 4000, DynamoDB 8100, issuer 4100, apps 42xx/43xx/44xx', () => {
    expect(describePorts(DEV_PORTS).map((entry) => entry.port)).toEqual([
      4000, 8100, 4100, 4200, 4201, 4202, 4300, 4301, 4302, 4400, 4401, 4402,
    ]);
  });

  it('plans twelve distinct free loopback ports', async () => {
    // Act
    const plan = await freePorts();

    // Assess
    const ports = describePorts(plan).map((entry) => entry.port);
    expect(new Set(ports).size).toBe(12);
    expect(await portsInUse(plan)).toEqual([]);
  });

  it('names the ports of a plan that something already listens on', async () => {
    // Prepare
    const plan = await freePorts();
    const blocker = await listen(plan.apps['audio-transcription'].lambda);

    try {
      // Act
      const busy = await portsInUse(plan);

      // Assess
      expect(busy).toEqual([
        { port: plan.apps['audio-transcription'].lambda, purpose: 'audio-transcription lambda' },
      ]);
    } finally {
      blocker.close();
    }
  });
});
