import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { tcpAnswers } from '@lingocast/local-services';
import { StageError } from './errors';
import { freePorts } from './ports';
import { offlineArgs, startServerlessOffline } from './serverless-offline';
import { processEnvironment, stageEnvironment } from './stage-env';

const FIXTURE_APP = join(__dirname, '..', 'test', 'fixture-app');

function groupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('startServerlessOffline', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-sls-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves an app on the given loopback ports with the stage environment, then stops it completely', async () => {
    // Prepare
    const plan = await freePorts();
    const ports = plan.apps['session-management'];
    const env = processEnvironment(
      stageEnvironment(plan, { overrides: { FIXTURE_SETTING: 'from-the-test' } }),
    );
    const lines: string[] = [];

    // Act
    const app = await startServerlessOffline({
      name: 'fixture',
      dir: FIXTURE_APP,
      ports,
      readiness: { http: true, websocket: true, healthPath: '/health' },
      env,
      logFile: join(dir, 'fixture.log'),
      onLine: (line) => lines.push(line),
    });

    try {
      // Assess: HTTP route, Lambda invoke endpoint, WebSocket
      const health = await fetch(`${app.httpUrl}/health`);
      expect(await health.json()).toEqual({
        status: 'ok',
        stage: 'local',
        dynamodb: `http://127.0.0.1:${plan.dynamodb}`,
        fixtureSetting: 'from-the-test',
      });
      const lambda = new LambdaClient({
        endpoint: app.lambdaUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const invoked = await lambda.send(
        new InvokeCommand({ FunctionName: 'stage-fixture-local-echo', Payload: Buffer.from('{"n":1}') }),
      );
      lambda.destroy();
      expect(JSON.parse(Buffer.from(invoked.Payload ?? []).toString())).toMatchObject({
        event: { n: 1 },
        stage: 'local',
      });
      const socket = new WebSocket(app.websocketUrl);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.close();
      expect(lines.join('\n')).toContain(`127.0.0.1:${ports.lambda}`);
    } finally {
      await app.stop();
    }

    // Assess: nothing left
    expect(groupGone(app.process.pid)).toBe(true);
    expect(await tcpAnswers(ports.http)).toBe(false);
    expect(await tcpAnswers(ports.lambda)).toBe(false);
  });

  it('fails with the log tail when the app cannot start, leaving nothing running', async () => {
    // Prepare: a config serverless rejects
    writeFileSync(
      join(dir, 'serverless.yml'),
      'service: broken\nprovider:\n  name: aws\nplugins:\n  - no-such-plugin\n',
    );
    const plan = await freePorts();
    let pid = 0;

    // Act
    const starting = startServerlessOffline({
      name: 'broken',
      dir,
      ports: plan.apps['audio-transcription'],
      readiness: { http: false, websocket: false },
      env: processEnvironment(stageEnvironment(plan)),
      logFile: join(dir, 'broken.log'),
      onSpawn: (child) => {
        pid = child.pid;
      },
    });

    // Assess
    await expect(starting).rejects.toThrow(/broken did not start: serverless exited[\s\S]*no-such-plugin/);
    expect(groupGone(pid)).toBe(true);
  });

  it('stops the app and reports what did not answer when it times out', async () => {
    // Prepare
    const plan = await freePorts();

    // Act
    const starting = startServerlessOffline({
      name: 'slow',
      dir: FIXTURE_APP,
      ports: plan.apps['translation-pipeline'],
      readiness: { http: false, websocket: false, healthPath: '/never' },
      env: processEnvironment(stageEnvironment(plan)),
      logFile: join(dir, 'slow.log'),
      timeoutMs: 300,
    });

    // Assess
    await expect(starting).rejects.toThrow(
      /slow did not start: slow lambda port \d+ did not answer within 0 s/,
    );
  });

  it('says which app has no serverless config', async () => {
    const plan = await freePorts();

    await expect(
      startServerlessOffline({
        name: 'empty',
        dir,
        ports: plan.apps['audio-transcription'],
        readiness: { http: false, websocket: false },
        env: process.env,
        logFile: join(dir, 'empty.log'),
      }),
    ).rejects.toThrow(StageError);
  });

  it('passes the ports, loopback host and local stage on the command line', () => {
    expect(offlineArgs({ http: 1, websocket: 2, lambda: 3 }).join(' ')).toContain(
      'offline start --stage local --host 127.0.0.1 --httpPort 1 --websocketPort 2 --lambdaPort 3',
    );
  });
});
