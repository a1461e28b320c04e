import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoints } from './support/stage';

// The smoke CLI (tools/smoke) run as SREs run it, against the stage global-setup started. It is run
// as a process rather than imported: the lint forbids importing another project by relative path,
// and the smoke tool has no path alias.
const ROOT = join(__dirname, '..', '..', '..');
const ENDPOINTS =
  process.env['LINGOCAST_E2E_ENDPOINTS'] ?? join(ROOT, '.stage', 'e2e-logs', 'endpoints.json');

interface Report {
  passed: boolean;
  cleanedUp: boolean;
  sessionId?: string;
  results: Array<{ number: number; name: string; outcome: string; durationMs: number; detail: string }>;
}

function runSmoke(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/smoke/src/cli.ts', ...args],
      { cwd: ROOT, timeout: 180_000 },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

describe('the smoke CLI against the local stage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lingocast-smoke-e2e-'));
  const reportFile = join(dir, 'report.json');
  let run: { code: number; stdout: string };
  let report: Report;

  beforeAll(async () => {
    // Act (a generous latency budget: the stage is shared with the other test files)
    run = await runSmoke([
      '--stage',
      'e2e',
      '--endpoints',
      ENDPOINTS,
      '--report',
      reportFile,
      '--max-latency-ms',
      '15000',
    ]);
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  }, 200_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes all seven tests and exits 0', () => {
    // Assess
    expect(report.results.map((r) => [r.number, r.outcome])).toEqual([
      [1, 'passed'],
      [2, 'passed'],
      [3, 'passed'],
      [4, 'passed'],
      [5, 'passed'],
      [6, 'passed'],
      [7, 'passed'],
    ]);
    expect(report.passed).toBe(true);
    expect(run.code).toBe(0);
  });

  it('prints a readable report with timings', () => {
    expect(run.stdout).toMatch(/✔ 7\. end to end with latency +\d+\.\d\d s/);
    expect(run.stdout).toMatch(/7\/7 passed/);
  });

  it('ends the session it created', async () => {
    // Assess
    expect(report.cleanedUp).toBe(true);
    const response = await fetch(`${endpoints().httpApi}/sessions/${report.sessionId ?? ''}`);
    expect(((await response.json()) as { status: string }).status).toBe('ended');
  });

  it('exits non-zero when the stage cannot be reached', async () => {
    // Act
    const failed = await runSmoke(['--stage', 'nowhere']);

    // Assess
    expect(failed.code).not.toBe(0);
  });
});
