import { createServer } from 'node:net';

/** The three Serverless apps, by directory name under `apps/`. */
export type AppName = 'session-management' | 'audio-transcription' | 'translation-pipeline';

/** The ports serverless-offline serves one app on. */
export interface AppPorts {
  http: number;
  websocket: number;
  lambda: number;
}

/** Every port the local stage listens on, all on 127.0.0.1 (in LAN mode the web port also on the LAN address). */
export interface PortPlan {
  /** The web app and its same-origin proxy to the APIs (the only port LAN mode opens to the network). */
  web: number;
  dynamodb: number;
  tokenIssuer: number;
  apps: Record<AppName, AppPorts>;
}

/** The apps in start-up and display order. */
export const APP_NAMES: readonly AppName[] = [
  'session-management',
  'audio-transcription',
  'translation-pipeline',
];

/**
 * The fixed, documented ports of `npm run dev`.
 *
 * @example
 * DEV_PORTS.apps['session-management'].http; // 4200
 */
export const DEV_PORTS: PortPlan = {
  web: 4000,
  dynamodb: 8100,
  tokenIssuer: 4100,
  apps: {
    'session-management': { http: 4200, websocket: 4201, lambda: 4202 },
    'audio-transcription': { http: 4300, websocket: 4301, lambda: 4302 },
    'translation-pipeline': { http: 4400, websocket: 4401, lambda: 4402 },
  },
};

/** Every port of a plan with what it is for, e.g. for messages and the start-up banner. */
export function describePorts(plan: PortPlan): Array<{ port: number; purpose: string }> {
  return [
    { port: plan.web, purpose: 'web server' },
    { port: plan.dynamodb, purpose: 'DynamoDB Local' },
    { port: plan.tokenIssuer, purpose: 'token issuer' },
    ...APP_NAMES.flatMap((app) => [
      { port: plan.apps[app].http, purpose: `${app} http` },
      { port: plan.apps[app].websocket, purpose: `${app} websocket` },
      { port: plan.apps[app].lambda, purpose: `${app} lambda` },
    ]),
  ];
}

function listenOn(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({ port: bound, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/**
 * A port plan on free loopback ports, for tests that run a stage next to `npm run dev`.
 * All ports are held until every one is chosen, so they are distinct.
 *
 * @example
 * const stage = await startStage({ ports: await freePorts() });
 */
export async function freePorts(): Promise<PortPlan> {
  const held: Array<{ port: number; close: () => Promise<void> }> = [];
  const next = async (): Promise<number> => {
    const listener = await listenOn(0);
    held.push(listener);
    return listener.port;
  };
  try {
    const appPorts = async (): Promise<AppPorts> => ({
      http: await next(),
      websocket: await next(),
      lambda: await next(),
    });
    return {
      web: await next(),
      dynamodb: await next(),
      tokenIssuer: await next(),
      apps: {
        'session-management': await appPorts(),
        'audio-transcription': await appPorts(),
        'translation-pipeline': await appPorts(),
      },
    };
  } finally {
    await Promise.all(held.map((listener) => listener.close()));
  }
}

/**
 * The ports of a plan that something already listens on, with what each was for.
 *
 * @example
 * const busy = await portsInUse(DEV_PORTS); // [{ port: 4200, purpose: 'session-management http' }]
 */
export async function portsInUse(plan: PortPlan): Promise<Array<{ port: number; purpose: string }>> {
  const checks = describePorts(plan).map(async (entry) => {
    try {
      const listener = await listenOn(entry.port);
      await listener.close();
      return undefined;
    } catch {
      return entry;
    }
  });
  return (await Promise.all(checks)).filter((entry): entry is { port: number; purpose: string } => !!entry);
}
