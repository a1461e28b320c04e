import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from './main';
import { runCli } from './main';
import type { SmokeReport, SmokeTarget } from './suite';

function reportOf(target: SmokeTarget, passed: boolean): SmokeReport {
  return {
    stage: target.stage,
    httpApi: target.httpApi,
    websocket: target.websocket,
    startedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 12_345,
    passed,
    sessionId: 'golden-eagle-427',
    cleanedUp: true,
    results: Array.from({ length: 7 }, (_, i) => ({
      number: i + 1,
      name: `test ${i + 1}`,
      outcome: passed || i < 6 ? ('passed' as const) : ('failed' as const),
      durationMs: 1_000,
      detail: 'ok',
    })),
  };
}

/** Fake I/O that records what the CLI printed and the target it ran against. */
function fakeIo(options: { passed?: boolean; outputs?: unknown } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const targets: SmokeTarget[] = [];
  const stacks: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: { LINGOCAST_SMOKE_USERNAME: 'smoke', LINGOCAST_SMOKE_PASSWORD: 'pw' },
    speak: () => new Uint8Array(0),
    runSuite: async (target, suiteOptions) => {
      targets.push(target);
      suiteOptions.log?.('✔ 1. test 1 (1 ms)');
      return reportOf(target, options.passed ?? true);
    },
    readStackOutputs: async (stack, region) => {
      stacks.push(`${stack}@${region}`);
      return (options.outputs ?? [
        { OutputKey: 'HttpApiUrl', OutputValue: 'https://h' },
        { OutputKey: 'WebSocketUrl', OutputValue: 'wss://w/dev' },
        { OutputKey: 'UserPoolClientId', OutputValue: 'c' },
      ]) as never;
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), targets, stacks };
}

describe('lingocast-smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-cli-'));
  const endpointsFile = join(dir, 'endpoints.json');
  writeFileSync(
    endpointsFile,
    JSON.stringify({ httpApi: 'http://h', websocket: 'ws://w', tokenUrl: 'http://t' }),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs against a deployed stage from its stack outputs and prints a readable report, exit 0', async () => {
    // Prepare
    const fake = fakeIo();

    // Act
    const code = await runCli(['--stage', 'dev', '--region', 'eu-west-1'], fake.io);

    // Assess
    expect(code).toBe(0);
    expect(fake.stacks).toEqual(['lingocast-session-management-dev@eu-west-1']);
    expect(fake.targets[0]).toMatchObject({ stage: 'dev', httpApi: 'https://h', websocket: 'wss://w/dev' });
    expect(fake.stdout()).toContain('✔ 1. test 1 (1 ms)');
    expect(fake.stdout()).toMatch(/7\/7 passed in 12\.3 s/);
    expect(fake.stdout()).toMatch(/PASS\n$/);
  });

  it('prints only JSON on stdout with --json, progress on stderr, and exits 1 when a test fails', async () => {
    // Prepare
    const fake = fakeIo({ passed: false });

    // Act
    const code = await runCli(['--endpoints', endpointsFile, '--json'], fake.io);

    // Assess
    expect(code).toBe(1);
    const report = JSON.parse(fake.stdout()) as SmokeReport;
    expect(report.results.filter((r) => r.outcome === 'passed')).toHaveLength(6);
    expect(fake.stderr()).toContain('✔ 1. test 1');
    expect(fake.stacks).toEqual([]);
  });

  it('writes the JSON report to --report as well', async () => {
    // Prepare
    const fake = fakeIo();
    const file = join(dir, 'out', 'report.json');

    // Act
    await runCli(['--endpoints', endpointsFile, '--report', file], fake.io);

    // Assess
    expect((JSON.parse(readFileSync(file, 'utf8')) as SmokeReport).passed).toBe(true);
  });

  it.each([
    [['--colour'], /Unknown option '--colour'/],
    [
      ['--endpoints', endpointsFile, '--max-latency-ms', 'soon'],
      /--max-latency-ms must be a positive number/,
    ],
    [['--endpoints', join(dir, 'missing.json')], /\[ENDPOINTS_UNREADABLE\] cannot read/],
  ])('exits 2 with a message for %j, running nothing', async (argv, message) => {
    // Prepare
    const fake = fakeIo();

    // Act
    const code = await runCli(argv, fake.io);

    // Assess
    expect(code).toBe(2);
    expect(fake.stderr()).toMatch(message);
    expect(fake.targets).toEqual([]);
  });

  it('exits 2 when a stage has no session-management outputs', async () => {
    // Prepare
    const fake = fakeIo({ outputs: [] });

    // Act
    const code = await runCli(['--stage', 'staging'], fake.io);

    // Assess
    expect(code).toBe(2);
    expect(fake.stderr()).toContain('stack lingocast-session-management-staging has no output HttpApiUrl');
  });

  it('prints its usage with --help', async () => {
    // Prepare
    const fake = fakeIo();

    // Act
    const code = await runCli(['--help'], fake.io);

    // Assess
    expect(code).toBe(0);
    expect(fake.stdout()).toContain('npx @lingocast/smoke --stage dev');
  });
});
