// LAN mode seen from a second host: a network namespace this test makes, joined to this machine by a
// veth pair in a private /30. The stage's web server listens on the host side of the pair; from
// inside, the listener's routes answer and nothing else of the stage does.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RunningStage } from '@lingocast/stage';
import { describePorts, freePorts, requestToken, startStage } from '@lingocast/stage';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

// Names and addresses only this test uses (veth names ≤ 15 characters; 10.213.7.0/30 is private).
const NAMESPACE = 'lingocast-lan-e2e';
const HOST_LINK = 'lc-lan-host';
const GUEST_LINK = 'lc-lan-guest';
const HOST_ADDRESS = '10.213.7.1';
const GUEST_ADDRESS = '10.213.7.2';

function ip(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
}

function must(...args: string[]): void {
  const result = ip(...args);
  if (!result.ok) throw new Error(`ip ${args.join(' ')} failed: ${result.output}`);
}

/** Removes the namespace and the veth pair, whatever a run left (deleting one end removes both). */
function removeNetwork(): void {
  ip('netns', 'delete', NAMESPACE);
  ip('link', 'delete', HOST_LINK);
}

/**
 * Why this machine cannot make a namespace, or undefined when it can. `ip netns add` needs root (or
 * CAP_SYS_ADMIN); CI runs as root, so there the test always runs. Probed with a name of its own.
 */
function namespaceRefusal(): string | undefined {
  const probe = `${NAMESPACE}-probe`;
  ip('netns', 'delete', probe);
  const added = ip('netns', 'add', probe);
  if (!added.ok) return added.output || 'ip netns add failed';
  ip('netns', 'delete', probe);
  return undefined;
}

function createNetwork(): void {
  removeNetwork();
  must('netns', 'add', NAMESPACE);
  must('link', 'add', HOST_LINK, 'type', 'veth', 'peer', 'name', GUEST_LINK);
  must('link', 'set', GUEST_LINK, 'netns', NAMESPACE);
  must('addr', 'add', `${HOST_ADDRESS}/30`, 'dev', HOST_LINK);
  must('link', 'set', HOST_LINK, 'up');
  must('netns', 'exec', NAMESPACE, 'ip', 'addr', 'add', `${GUEST_ADDRESS}/30`, 'dev', GUEST_LINK);
  must('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', GUEST_LINK, 'up');
  must('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', 'lo', 'up');
}

type Check =
  | { kind: 'http'; url: string; method?: string; body?: string; headers?: Record<string, string> }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'ws'; url: string };

interface Outcome {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  result?: string;
  message?: { type?: string; role?: string };
  error?: string;
}

// Runs inside the namespace: each check's outcome, as JSON on stdout (node's fetch, net and ws).
const PROBE = `
const net = require('node:net');
const WebSocket = require('ws');
const checks = JSON.parse(process.argv[1]);
const http = async (c) => {
  try {
    const r = await fetch(c.url, { method: c.method || 'GET', headers: c.headers, body: c.body, signal: AbortSignal.timeout(5000) });
    return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() };
  } catch (e) { return { error: String((e.cause && e.cause.code) || e.message) }; }
};
const tcp = (c) => new Promise((done) => {
  const s = net.connect({ host: c.host, port: c.port, timeout: 3000 });
  s.once('connect', () => { s.destroy(); done({ result: 'open' }); });
  s.once('timeout', () => { s.destroy(); done({ result: 'ETIMEDOUT' }); });
  s.once('error', (e) => done({ result: e.code || e.message }));
});
const ws = (c) => new Promise((done) => {
  const s = new WebSocket(c.url);
  const timer = setTimeout(() => { s.terminate(); done({ result: 'timeout' }); }, 10000);
  s.once('unexpected-response', (_q, r) => { clearTimeout(timer); done({ result: 'refused', status: r.statusCode }); });
  s.once('message', (d) => { clearTimeout(timer); done({ result: 'message', message: JSON.parse(d.toString()) }); s.close(); });
  s.once('error', (e) => { clearTimeout(timer); done({ result: 'error', error: e.code || e.message }); });
});
(async () => {
  const out = {};
  for (const [name, c] of Object.entries(checks)) out[name] = await ({ http, tcp, ws })[c.kind](c);
  process.stdout.write(JSON.stringify(out));
})();
`;

/** Runs checks from inside the namespace (asynchronously: this process serves the stage meanwhile). */
async function fromSecondHost(checks: Record<string, Check>): Promise<Record<string, Outcome>> {
  const { stdout } = await run(
    'ip',
    ['netns', 'exec', NAMESPACE, process.execPath, '-e', PROBE, JSON.stringify(checks)],
    { cwd: REPO_ROOT, timeout: 60_000 },
  );
  return JSON.parse(stdout) as Record<string, Outcome>;
}

/** Every TCP listener of the given processes, as `address:port` per pid (from `ss -ltnp`). */
function listenersOf(pids: ReadonlySet<number>): Array<{ address: string; port: number; pid: number }> {
  const ss = spawnSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return ss.stdout.split('\n').flatMap((line) => {
    const local = line.trim().split(/\s+/)[3] ?? '';
    const at = local.lastIndexOf(':');
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
    return owners
      .filter((pid) => pids.has(pid))
      .map((pid) => ({ address: local.slice(0, at), port: Number(local.slice(at + 1)), pid }));
  });
}

/** The stage's processes: this one (web server, token issuer) and every member of its children's groups. */
function stagePids(stage: RunningStage): Set<number> {
  const groups = new Set(stage.processes().map((child) => child.pid));
  const members = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
        return groups.has(pgrp);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
  return new Set([process.pid, ...members]);
}

const refusal = namespaceRefusal();
// Not root (or no CAP_SYS_ADMIN): no second host can be made here. CI runs as root and runs this.
const describeWithNamespace = refusal ? describe.skip : describe;
if (refusal) process.stdout.write(`[lan] skipped: ip netns add refused (${refusal})\n`);

describeWithNamespace('LAN mode, from a second host on the network', () => {
  let stage: RunningStage | undefined;
  let sessionId: string;

  beforeAll(async () => {
    createNetwork();
    const endpointsFile = process.env['LINGOCAST_E2E_ENDPOINTS'];
    if (!endpointsFile) throw new Error('LINGOCAST_E2E_ENDPOINTS is not set: run the tests through jest');
    const logDir = join(dirname(endpointsFile), 'lan');
    mkdirSync(logDir, { recursive: true });
    stage = await startStage({
      ports: await freePorts(),
      logDir,
      logLevel: 'info',
      lanAddress: HOST_ADDRESS,
      onProgress: (line) => process.stdout.write(`[lan] ${line}\n`),
    });
    const { idToken } = await requestToken(stage.endpoints.tokenUrl, 'lan-speaker');
    const created = await fetch(`${stage.endpoints.httpApi}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceLanguage: 'en' }),
    });
    expect(created.status).toBe(201);
    sessionId = ((await created.json()) as { sessionId: string }).sessionId;
  }, 180_000);

  afterAll(async () => {
    try {
      await stage?.stop();
    } finally {
      removeNetwork();
    }
  });

  const lan = () => {
    if (!stage?.endpoints.lan) throw new Error('the stage is not in LAN mode');
    return stage.endpoints.lan;
  };

  it('names the LAN listener URL on the host side of the veth', () => {
    expect(lan()).toEqual({
      address: HOST_ADDRESS,
      web: `http://${HOST_ADDRESS}:${stage?.ports.web}`,
      listenUrlPattern: `http://${HOST_ADDRESS}:${stage?.ports.web}/listen/<session id>`,
    });
  });

  it("answers the listener's routes: the page and its script, /config.json, /api and a WebSocket on /ws", async () => {
    // Prepare: the listener page's script, as the page names it
    const page = await (await fetch(`${stage?.endpoints.web}/listen/${sessionId}`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1] ?? '/assets/missing.js';
    const web = lan().web;
    const ws = web.replace('http:', 'ws:');

    // Act
    const seen = await fromSecondHost({
      page: { kind: 'http', url: `${web}/listen/${sessionId}?lang=es` },
      script: { kind: 'http', url: `${web}${script}` },
      config: { kind: 'http', url: `${web}/config.json` },
      health: { kind: 'http', url: `${web}/api/health` },
      session: { kind: 'http', url: `${web}/api/sessions/${sessionId}` },
      listener: { kind: 'ws', url: `${ws}/ws?sessionId=${sessionId}&targetLanguage=es` },
      unknownSession: { kind: 'ws', url: `${ws}/ws?sessionId=no-such-session&targetLanguage=es` },
    });

    // Assess
    expect(seen['page']?.status).toBe(200);
    expect(seen['page']?.headers?.['content-security-policy']).toContain("default-src 'self'");
    expect(seen['page']?.headers?.['permissions-policy']).toContain('microphone=()');
    expect(seen['script']).toMatchObject({ status: 200 });
    expect(seen['script']?.headers?.['cache-control']).toContain('immutable');
    expect(JSON.parse(seen['config']?.body ?? '{}')).toEqual({
      stage: 'local',
      httpUrl: '/api',
      websocketUrl: '/ws',
      auth: { kind: 'local', tokenUrl: '/token' },
      listenerOrigin: web,
    });
    expect(seen['health']?.status).toBe(200);
    expect(JSON.parse(seen['session']?.body ?? '{}')).toMatchObject({ sessionId, status: 'active' });
    expect(seen['listener']).toMatchObject({
      result: 'message',
      message: { type: 'sessionJoined', role: 'listener' },
    });
    expect(seen['unknownSession']).toMatchObject({ result: 'refused' });
    expect(seen['unknownSession']?.status).toBeGreaterThanOrEqual(400);
  });

  it("refuses /token (403), the speaker console and the stage's /local routes to the second host", async () => {
    // Act
    const seen = await fromSecondHost({
      token: {
        kind: 'http',
        url: `${lan().web}/token`,
        method: 'POST',
        body: '{"username":"mallory"}',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' },
      },
      console: { kind: 'http', url: `${lan().web}/` },
      sweep: { kind: 'http', url: `${lan().web}/api/local/sweep`, method: 'POST' },
    });

    // Assess
    expect(seen['token']?.status).toBe(403);
    expect(JSON.parse(seen['token']?.body ?? '{}')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(seen['token']?.body).not.toContain('idToken');
    expect(seen['console']?.status).toBe(403);
    expect(seen['sweep']?.status).toBe(403);
  });

  it("does not answer on any other port of the stage: token issuer, DynamoDB Local, the apps' http, websocket and lambda ports", async () => {
    // Prepare
    const others = describePorts(stage?.ports ?? (await freePorts())).filter(
      (entry) => entry.purpose !== 'web server',
    );

    // Act
    const seen = await fromSecondHost(
      Object.fromEntries(
        others.map((entry) => [
          entry.purpose,
          { kind: 'tcp', host: HOST_ADDRESS, port: entry.port } as Check,
        ]),
      ),
    );

    // Assess: every one refused (nothing listens on the LAN address there)
    expect(Object.keys(seen)).toHaveLength(11);
    expect(Object.values(seen).map((outcome) => outcome.result)).toEqual(others.map(() => 'ECONNREFUSED'));
  });

  it('listens on nothing but loopback, except the web port on the LAN address', () => {
    // Act
    const listeners = stage ? listenersOf(stagePids(stage)) : [];
    const lanSide = listeners.filter(
      (listener) => !['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]'].includes(listener.address),
    );

    // Assess
    expect(listeners.length).toBeGreaterThanOrEqual(9);
    expect(lanSide).toEqual([{ address: HOST_ADDRESS, port: stage?.ports.web, pid: process.pid }]);
  });
});
