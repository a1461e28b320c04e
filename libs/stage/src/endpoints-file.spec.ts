import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointsFor } from './endpoints';
import {
  EndpointsFileError,
  readEndpointsFile,
  removeEndpointsFile,
  writeEndpointsFile,
} from './endpoints-file';
import { DEV_PORTS } from './ports';

describe('endpoints file', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-endpoints-'));
    file = join(dir, 'nested', 'endpoints.json');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const content = (pid: number) => ({
    ...endpointsFor(DEV_PORTS),
    ports: DEV_PORTS,
    pid,
    startedAt: '2026-11-22T10:00:00.000Z',
    logDir: '/tmp/logs',
  });

  it('reads back the endpoints it wrote', () => {
    // Act
    writeEndpointsFile(content(process.pid), file);

    // Assess
    expect(readEndpointsFile(file)).toEqual({
      stage: 'local',
      region: 'us-east-1',
      web: 'http://127.0.0.1:4000',
      listenUrlPattern: 'http://127.0.0.1:4000/listen/<session id>',
      httpApi: 'http://127.0.0.1:4200',
      websocket: 'ws://127.0.0.1:4201',
      tokenIssuer: 'http://127.0.0.1:4100',
      tokenUrl: 'http://127.0.0.1:4100/token',
      jwksUrl: 'http://127.0.0.1:4100/.well-known/jwks.json',
      dynamodb: 'http://127.0.0.1:8100',
      lambda: {
        sessionManagement: 'http://127.0.0.1:4202',
        audioTranscription: 'http://127.0.0.1:4302',
        translationPipeline: 'http://127.0.0.1:4402',
      },
    });
  });

  it('reads back the LAN web server of LAN mode', () => {
    // Arrange
    writeEndpointsFile(
      { ...content(process.pid), ...endpointsFor(DEV_PORTS, { lanAddress: '10.213.7.1' }) },
      file,
    );

    // Act
    const { lan } = readEndpointsFile(file);

    // Assess
    expect(lan).toEqual({
      address: '10.213.7.1',
      web: 'http://10.213.7.1:4000',
      listenUrlPattern: 'http://10.213.7.1:4000/listen/<session id>',
    });
  });

  it('says to start the stage when there is no endpoints file', () => {
    expect(() => readEndpointsFile(file)).toThrow(EndpointsFileError);
    expect(() => readEndpointsFile(file)).toThrow(/npm run dev/);
  });

  it('rejects a file that is not an endpoints file', () => {
    // Prepare
    writeEndpointsFile(content(1), file);
    writeFileSync(file, JSON.stringify({ lambda: {}, region: 'us-east-1' }));

    // Act / Assess
    expect(() => readEndpointsFile(file)).toThrow(/'httpApi' is missing/);
    writeFileSync(file, '[]');
    expect(() => readEndpointsFile(file)).toThrow(/not an endpoints file/);
  });

  it('calls a file stale when the stage that wrote it is gone', () => {
    // Prepare
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeEndpointsFile(content(gone), file);

    // Act / Assess
    expect(() => readEndpointsFile(file)).toThrow(`stale: the stage that wrote it (pid ${gone}) is gone`);
  });

  it('removes the file only for the process that wrote it', () => {
    // Prepare
    writeEndpointsFile(content(123), file);

    // Act
    removeEndpointsFile(456, file);
    const keptForOtherPid = existsSync(file);
    removeEndpointsFile(123, file);

    // Assess
    expect(keptForOtherPid).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});
