import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { localDynamoDbClient, tcpAnswers } from '@lingocast/local-services';
import { PortsInUseError } from './errors';
import { APP_NAMES, describePorts, freePorts } from './ports';
import { startStage } from './stage';
import { requestToken } from './token-client';

const FIXTURE_APP = join(__dirname, '..', 'test', 'fixture-app');

function groupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** A folder where every app of the stage is the small fixture app. */
function fixtureApps(dir: string): string {
  const apps = join(dir, 'apps');
  mkdirSync(apps);
  for (const app of APP_NAMES) symlinkSync(FIXTURE_APP, join(apps, app));
  return apps;
}

describe('startStage', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts DynamoDB Local with the tables, the token issuer and every app, then stops them all', async () => {
    // Prepare
    const ports = await freePorts();
    const progress: string[] = [];

    // Act
    const stage = await startStage({
      ports,
      appsDir: fixtureApps(dir),
      logDir: join(dir, 'logs'),
      env: { FIXTURE_SETTING: 'override' },
      onProgress: (line) => progress.push(line),
    });

    try {
      // Assess: endpoints answer
      expect(stage.endpoints.httpApi).toBe(`http://127.0.0.1:${ports.apps['session-management'].http}`);
      const health = await (await fetch(`${stage.endpoints.httpApi}/health`)).json();
      expect(health).toMatchObject({
        stage: 'local',
        dynamodb: stage.endpoints.dynamodb,
        fixtureSetting: 'override',
      });
      const client = localDynamoDbClient(stage.endpoints.dynamodb);
      const { TableNames } = await client.send(new ListTablesCommand({}));
      client.destroy();
      expect(TableNames).toContain('lingocast-local-sessions');
      const { idToken } = await requestToken(stage.endpoints.tokenUrl, 'alice');
      const jwks = createRemoteJWKSet(new URL(stage.endpoints.jwksUrl));
      await expect(jwtVerify(idToken, jwks, { issuer: stage.endpoints.tokenIssuer })).resolves.toBeDefined();
      expect(await stage.tokens.issueToken('bob')).toMatchObject({ tokenType: 'Bearer' });
      expect(
        stage
          .processes()
          .map((p) => p.name)
          .sort(),
      ).toEqual([...APP_NAMES, 'dynamodb'].sort());
      expect(progress.at(-1)).toMatch(/local stage up/);
      // Assess: the web server fronts the APIs on its own port
      expect(stage.endpoints.web).toBe(`http://127.0.0.1:${ports.web}`);
      expect(stage.endpoints.listenUrlPattern).toBe(`http://127.0.0.1:${ports.web}/listen/<session id>`);
      expect(await (await fetch(`${stage.endpoints.web}/config.json`)).json()).toMatchObject({
        httpUrl: '/api',
      });
      expect(await (await fetch(`${stage.endpoints.web}/api/health`)).json()).toMatchObject({
        stage: 'local',
      });
      const viaWeb = await fetch(`${stage.endpoints.web}/token`, {
        method: 'POST',
        body: '{"username":"carol"}',
      });
      expect(await viaWeb.json()).toMatchObject({ tokenType: 'Bearer' });
    } finally {
      await stage.stop();
      await stage.stop();
    }

    // Assess: nothing left running or listening
    for (const child of stage.processes()) expect(groupGone(child.pid)).toBe(true);
    for (const { port } of describePorts(ports)) expect(await tcpAnswers(port)).toBe(false);
  });

  it('starts only the apps asked for, and restarts one after killing it without reporting a crash', async () => {
    // Prepare
    const ports = await freePorts();
    const stage = await startStage({
      ports,
      appsDir: fixtureApps(dir),
      logDir: join(dir, 'logs'),
      apps: ['session-management'],
    });
    let crash: unknown;
    void stage.crashed.then((reported) => (crash = reported));

    try {
      const before = stage.processes().find((p) => p.name === 'session-management');
      expect(
        stage
          .processes()
          .map((p) => p.name)
          .sort(),
      ).toEqual(['dynamodb', 'session-management']);
      expect(await tcpAnswers(ports.apps['audio-transcription'].lambda)).toBe(false);

      // Act
      const restarting = stage.restartApp('session-management', { downMs: 200 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const healthWhileDown = await fetch(`${stage.endpoints.httpApi}/health`).catch(() => 'refused');
      await restarting;

      // Assess: it was down, is up again as another process, and no crash was reported
      expect(healthWhileDown).toBe('refused');
      expect(groupGone(before?.pid ?? 0)).toBe(true);
      const after = stage.processes().find((p) => p.name === 'session-management');
      expect(after?.pid).not.toBe(before?.pid);
      expect((await fetch(`${stage.endpoints.httpApi}/health`)).status).toBe(200);
      await expect(stage.restartApp('translation-pipeline')).rejects.toThrow(/not part of this stage/);
      expect(crash).toBeUndefined();
    } finally {
      await stage.stop();
    }
    for (const child of stage.processes()) expect(groupGone(child.pid)).toBe(true);
  });

  it('runs the sweeper on a schedule when asked, and stops it with the stage', async () => {
    // Prepare
    const reports: unknown[] = [];
    const stage = await startStage({
      ports: await freePorts(),
      appsDir: fixtureApps(dir),
      logDir: join(dir, 'logs'),
      apps: ['session-management'],
      sweepIntervalMs: 200,
      onSweep: (report) => reports.push(report),
    });

    // Act
    try {
      for (let waited = 0; reports.length < 2 && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await stage.stop();
    }
    const afterStop = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Assess
    expect(afterStop).toBeGreaterThanOrEqual(2);
    expect(reports[0]).toEqual({ connectionsSeen: 0, closedIdle: 0, sessionsEnded: 0 });
    expect(reports).toHaveLength(afterStop);
  });

  it('says which ports are taken before starting anything', async () => {
    // Prepare
    const ports = await freePorts();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.tokenIssuer, '127.0.0.1', resolve));

    try {
      // Act / Assess
      const apps = fixtureApps(dir);
      await expect(startStage({ ports, appsDir: apps, logDir: join(dir, 'logs') })).rejects.toThrow(
        PortsInUseError,
      );
      await expect(startStage({ ports, appsDir: apps, logDir: join(dir, 'logs') })).rejects.toThrow(
        new RegExp(`${ports.tokenIssuer} \\(token issuer\\)`),
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses to start when an app has no serverless config', async () => {
    const ports = await freePorts();

    await expect(startStage({ ports, appsDir: dir, logDir: join(dir, 'logs') })).rejects.toThrow(
      /session-management: no serverless config/,
    );
  });

  it('stops what started and names the app when an app fails to start', async () => {
    // Prepare: audio-transcription's config names a plugin that does not exist
    const ports = await freePorts();
    const apps = fixtureApps(dir);
    rmSync(join(apps, 'audio-transcription'));
    mkdirSync(join(apps, 'audio-transcription'));
    writeFileSync(
      join(apps, 'audio-transcription', 'serverless.yml'),
      'service: broken\nprovider:\n  name: aws\nplugins:\n  - no-such-plugin\n',
    );

    // Act / Assess
    await expect(startStage({ ports, appsDir: apps, logDir: join(dir, 'logs') })).rejects.toThrow(
      /audio-transcription did not start/,
    );
    for (const { port } of describePorts(ports)) expect(await tcpAnswers(port)).toBe(false);
  });

  it('stops everything when start-up is aborted', async () => {
    // Prepare
    const ports = await freePorts();
    const controller = new AbortController();

    // Act
    const starting = startStage({
      ports,
      appsDir: fixtureApps(dir),
      logDir: join(dir, 'logs'),
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(), 300),
    });

    // Assess
    await expect(starting).rejects.toThrow('start-up interrupted');
    for (const { port } of describePorts(ports)) expect(await tcpAnswers(port)).toBe(false);
  });
});
