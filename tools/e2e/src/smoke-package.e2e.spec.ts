import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finished } from './support/bounded-process';
import { killStillRunning, runBounded } from './support/bounded-process';
import { endpoints } from './support/stage';

// `@lingocast/smoke` as an SRE gets it: built (tsup + the packaged speech), packed, installed offline
// into an empty folder outside the repo (the tarball, and `ws` from the repo's node_modules), then run
// with `npx lingocast-smoke` against the shared e2e stage: the readable report and the JSON one.

const ROOT = join(__dirname, '..', '..', '..');
const SMOKE = join(ROOT, 'tools', 'smoke');
const BIN = join(ROOT, 'node_modules', '.bin');

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
}

interface Report {
  passed: boolean;
  cleanedUp: boolean;
  sessionId?: string;
  results: Array<{ number: number; name: string; outcome: string; detail: string }>;
}

/** A user's shell: none of the variables of the npm/nx/jest run this test is under. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD$|NODE_PATH$|FORCE_COLOR$|NO_COLOR$|NX_|LINGOCAST_)/i.test(name),
    ),
  );
}

function succeeded(finished: Finished, what: string): Finished {
  if (finished.code !== 0)
    throw new Error(
      `${what} exited ${finished.code ?? finished.signal}:\n${finished.stdout}\n${finished.stderr}`,
    );
  return finished;
}

describe('@lingocast/smoke installed from its tarball, run with npx against the e2e stage', () => {
  const work = mkdtempSync(join(tmpdir(), 'lingocast-smoke-package-'));
  const sre = join(work, 'sre');
  const cache = join(work, 'npm-cache');
  const run = (command: string, args: readonly string[], cwd: string, timeoutMs: number) =>
    runBounded(command, args, { cwd, timeoutMs, env: userEnvironment() });
  const smoke = (args: readonly string[]) =>
    run('npx', ['--offline', '--cache', cache, 'lingocast-smoke', ...args], sre, 180_000);
  let packed: Packed;

  beforeAll(async () => {
    // Prepare: build, pack, install into an empty folder; --offline with an empty cache: no network
    succeeded(await run(join(BIN, 'tsup'), [], SMOKE, 120_000), 'tsup (smoke build)');
    succeeded(await run(join(BIN, 'tsx'), ['scripts/make-speech.ts'], SMOKE, 60_000), 'make-speech');
    const pack = succeeded(
      await run('npm', ['pack', '--json', '--pack-destination', work], SMOKE, 60_000),
      'npm pack',
    );
    const [onlyTarball] = JSON.parse(pack.stdout) as Packed[];
    if (!onlyTarball) throw new Error(`npm pack reported no tarball:\n${pack.stdout}`);
    packed = onlyTarball;
    mkdirSync(sre);
    writeFileSync(join(sre, 'package.json'), JSON.stringify({ name: 'sre-desk', private: true }));
    succeeded(
      await run(
        'npm',
        [
          'install',
          '--offline',
          '--no-audit',
          '--no-fund',
          '--cache',
          cache,
          join(work, packed.filename),
          `file:${join(ROOT, 'node_modules', 'ws')}`,
        ],
        sre,
        90_000,
      ),
      'npm install --offline',
    );
    writeFileSync(
      join(sre, 'endpoints.json'),
      readFileSync(process.env['LINGOCAST_E2E_ENDPOINTS'] ?? '', 'utf8'),
    );
  }, 300_000);

  afterAll(() => {
    killStillRunning();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs the bundle, its speech, the README, the licence and package.json, nothing else', () => {
    // Assess
    expect(packed.files.map((file) => file.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/speech/please-open-your-books-and-sing-with-us.pcm',
      'dist/speech/the-church-meets-every-sunday-morning-to-pray-together.pcm',
      'package.json',
    ]);
  });

  it('passes 7/7 with a readable report, exit 0, and ends its session', async () => {
    // Act (a generous latency budget: the stage is shared with the other test files)
    const finished = await smoke([
      '--stage',
      'e2e',
      '--endpoints',
      'endpoints.json',
      '--max-latency-ms',
      '15000',
    ]);

    // Assess
    process.stdout.write(`[smoke-package] npx lingocast-smoke printed:\n${finished.stdout}`);
    expect(finished).toMatchObject({ code: 0, timedOut: false });
    for (const n of [1, 2, 3, 4, 5, 6, 7])
      expect(finished.stdout).toMatch(new RegExp(`^✔ ${n}\\. .+ +\\d+\\.\\d\\d s`, 'm'));
    expect(finished.stdout).toMatch(/^7\/7 passed in \d+\.\d s; session \S+ ended$/m);
    expect(finished.stdout).toMatch(/^PASS$/m);
    const sessionId = /session (\S+) ended/.exec(finished.stdout)?.[1] ?? '';
    const response = await fetch(`${endpoints().httpApi}/sessions/${encodeURIComponent(sessionId)}`);
    expect(((await response.json()) as { status?: string }).status).toBe('ended');
  });

  it('prints only the JSON report on stdout with --json: 7/7 passed', async () => {
    // Act
    const finished = await smoke(['--endpoints', 'endpoints.json', '--json', '--max-latency-ms', '15000']);

    // Assess
    expect(finished).toMatchObject({ code: 0, timedOut: false });
    const report = JSON.parse(finished.stdout) as Report;
    expect(report.results.map((r) => [r.number, r.outcome])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [n, 'passed']),
    );
    expect(report).toMatchObject({ passed: true, cleanedUp: true });
    expect(finished.stderr).toContain('✔ 7. end to end with latency');
  });

  it('exits 2 with a coded message when the endpoints file cannot be read', async () => {
    // Act
    const finished = await smoke(['--endpoints', 'missing.json']);

    // Assess
    expect(finished.code).toBe(2);
    expect(finished.stderr).toMatch(/\[ENDPOINTS_UNREADABLE\] cannot read .*missing\.json/);
  });
});
