import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finished } from './support/bounded-process';
import { killStillRunning, runBounded } from './support/bounded-process';
import { endpoints } from './support/stage';

// `@lingocast/client` as a user gets it: built, packed into a tarball, checked by publint and
// are-the-types-wrong, installed into a fresh project outside the repo (offline: the tarball, and
// `ws` linked from the repo's node_modules), then used there — the README's Node example run as
// written (only its URLs pointed at the shared e2e stage), and both entries loaded with require and
// import.

const ROOT = join(__dirname, '..', '..', '..');
const CLIENT = join(ROOT, 'libs', 'client');
const BIN = join(ROOT, 'node_modules', '.bin');

/** What `npm pack --json` reports of one tarball (the fields read here). */
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

/** The environment of a user's shell: no variables of the `npm run`/nx/jest this test runs under. */
function userEnvironment(): NodeJS.ProcessEnv {
  // Also without the colour settings nx and CI set (FORCE_COLOR would colour console.log's objects).
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD$|NODE_PATH$|FORCE_COLOR$|NO_COLOR$|NX_)/i.test(name),
    ),
  );
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<Finished> {
  return runBounded(command, args, { cwd, timeoutMs, env: userEnvironment() });
}

/** Fails with what the command printed when it did not exit 0. */
function succeeded(finished: Finished, what: string): Finished {
  if (finished.code !== 0)
    throw new Error(
      `${what} exited ${finished.code ?? finished.signal}${finished.timedOut ? ' (timed out)' : ''}:\n${finished.stdout}\n${finished.stderr}`,
    );
  return finished;
}

/** The ```js block under "## Node" in the client's README, as written. */
function readmeNodeExample(): string {
  const readme = readFileSync(join(CLIENT, 'README.md'), 'utf8');
  const section = /^## Node\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('libs/client/README.md has no ```js block under "## Node"');
  return code;
}

/** The example with the local stage's default URLs replaced by the e2e stage's; nothing else changes. */
function pointedAtStage(example: string): string {
  const stage = endpoints();
  const urls: Array<[string, string]> = [
    ['http://127.0.0.1:4200', stage.httpApi],
    ['ws://127.0.0.1:4201', stage.websocket],
    ['http://127.0.0.1:4100', stage.tokenIssuer],
  ];
  return urls.reduce((code, [readmeUrl, stageUrl]) => {
    if (!code.includes(readmeUrl)) throw new Error(`the README's Node example no longer uses ${readmeUrl}`);
    return code.replaceAll(readmeUrl, stageUrl);
  }, example);
}

// Globals only a browser has: the probes below make reading any of them at load time visible.
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'self',
  'location',
  'AudioContext',
  'AudioWorkletNode',
  'AudioWorkletProcessor',
  'registerProcessor',
  'MediaStream',
];
const PROBE_PRELUDE = `
const touchedBrowserGlobals = [];
for (const name of ${JSON.stringify(BROWSER_GLOBALS)}) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() { touchedBrowserGlobals.push(name); return undefined; },
  });
}
const shape = (module) => Object.fromEntries(Object.keys(module).sort().map((name) => [name, typeof module[name]]));
const report = (client, browser, files) => console.log(JSON.stringify({
  client: shape(client),
  browser: shape(browser),
  files,
  base64: client.toBase64(new Uint8Array([104, 105])),
  touchedBrowserGlobals,
}));
`;
const REQUIRE_PROBE = `${PROBE_PRELUDE}
report(require('@lingocast/client'), require('@lingocast/client/browser'), [
  require.resolve('@lingocast/client'),
  require.resolve('@lingocast/client/browser'),
]);
`;
const IMPORT_PROBE = `import { fileURLToPath } from 'node:url';
${PROBE_PRELUDE}
report(await import('@lingocast/client'), await import('@lingocast/client/browser'), [
  fileURLToPath(import.meta.resolve('@lingocast/client')),
  fileURLToPath(import.meta.resolve('@lingocast/client/browser')),
]);
`;

interface ProbeReport {
  client: Record<string, string>;
  browser: Record<string, string>;
  files: string[];
  base64: string;
  touchedBrowserGlobals: string[];
}

const CLIENT_EXPORTS = {
  AudioAssembler: 'function',
  Backoff: 'function',
  CognitoAuthError: 'function',
  LingoCastError: 'function',
  ListenerClient: 'function',
  ManagedConnection: 'function',
  NewPasswordRequiredError: 'function',
  SpeakerClient: 'function',
  cognitoPasswordTokenProvider: 'function',
  completeNewPassword: 'function',
  fromBase64: 'function',
  getLanguages: 'function',
  getSession: 'function',
  signInWithPassword: 'function',
  systemTimers: 'object',
  toBase64: 'function',
};
const BROWSER_EXPORTS = {
  DEFAULT_MAX_BEHIND_LIVE_MS: 'number',
  JitterBuffer: 'function',
  Pcm16Resampler: 'function',
  captureMicrophone: 'function',
  createAudioPlayer: 'function',
  listMicrophones: 'function',
  microphoneErrorKind: 'function',
};

describe('@lingocast/client installed from its tarball, as a user installs it', () => {
  const work = mkdtempSync(join(tmpdir(), 'lingocast-client-package-'));
  const project = join(work, 'user-project');
  let packed: Packed;
  let tarball: string;
  let installedAt: string;

  beforeAll(async () => {
    // Prepare: build, pack into the temporary folder, install into a fresh project. The npm cache is
    // a new empty one and --offline forbids the network: the tarball and ws must be all it needs.
    succeeded(await run(join(BIN, 'tsup'), [], CLIENT, 120_000), 'tsup (client build)');
    const pack = succeeded(
      await run('npm', ['pack', '--json', '--pack-destination', work], CLIENT, 60_000),
      'npm pack',
    );
    const [onlyTarball] = JSON.parse(pack.stdout) as Packed[];
    if (!onlyTarball) throw new Error(`npm pack reported no tarball:\n${pack.stdout}`);
    packed = onlyTarball;
    tarball = join(work, packed.filename);
    process.stdout.write(
      `[client-package] ${packed.filename}: ${(packed.size / 1000).toFixed(1)} kB packed, ` +
        `${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked, ${packed.files.length} files\n`,
    );
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    succeeded(
      await run(
        'npm',
        [
          'install',
          '--offline',
          '--no-audit',
          '--no-fund',
          '--cache',
          join(work, 'npm-cache'),
          tarball,
          `file:${join(ROOT, 'node_modules', 'ws')}`,
        ],
        project,
        90_000,
      ),
      'npm install --offline',
    );
    installedAt = join(realpathSync(project), 'node_modules', '@lingocast', 'client');
  }, 300_000);

  afterAll(() => {
    killStillRunning();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs only the build, the README, the licence and package.json', () => {
    // Assess
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    for (const entry of ['index', 'browser'])
      expect(paths).toEqual(
        expect.arrayContaining([
          `dist/${entry}.js`,
          `dist/${entry}.mjs`,
          `dist/${entry}.d.ts`,
          `dist/${entry}.d.mts`,
        ]),
      );
    expect(
      paths.filter(
        (path) => !/^(LICENSE|README\.md|package\.json|dist\/[\w-]+\.(js|mjs|d\.ts|d\.mts))$/.test(path),
      ),
    ).toEqual([]);
  });

  it('passes publint with nothing to report', async () => {
    // Act
    const publint = await run(join(BIN, 'publint'), ['run', tarball, '--strict'], work, 60_000);

    // Assess
    expect(publint).toMatchObject({ code: 0, timedOut: false });
    expect(publint.stdout).toContain('All good!');
  });

  it('has types that resolve for every entry under node10, node16 (CJS and ESM) and bundlers (attw)', async () => {
    // Act: the same analysis as `attw --pack`, of the very tarball installed below
    const attw = await run(join(BIN, 'attw'), [tarball, '--format', 'json'], work, 90_000);

    // Assess
    expect(attw).toMatchObject({ code: 0, timedOut: false });
    const { analysis } = JSON.parse(attw.stdout) as {
      analysis: { problems: unknown[]; entrypoints: Record<string, unknown> };
    };
    expect(Object.keys(analysis.entrypoints)).toEqual(['.', './browser', './package.json']);
    expect(analysis.problems).toEqual([]);
  });

  it("runs the README's Node example: 8 chunks stored, the session's status, exit 0", async () => {
    // Prepare
    writeFileSync(join(project, 'speaker-and-listener.mjs'), pointedAtStage(readmeNodeExample()));

    // Act
    const example = await run(process.execPath, ['speaker-and-listener.mjs'], project, 60_000);

    // Assess
    process.stdout.write(`[client-package] the README example printed:\n${example.stdout}`);
    expect(example).toMatchObject({ code: 0, timedOut: false, stderr: '' });
    const lines = example.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 8).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => `chunk ${n} stored`));
    const status = lines.slice(8).join('\n');
    expect(status).toMatch(/^\{\n {2}type: 'sessionStatus',\n/);
    expect(status).toContain("status: 'active'");
    expect(status).toContain('listenerCount: 1');
    expect(status).toContain('languageDistribution: { es: 1 }');
    expect(status).toMatch(/\}$/);

    // Assess: the example ended its session
    const sessionId = /sessionId: '([^']+)'/.exec(status)?.[1] ?? '';
    const response = await fetch(`${endpoints().httpApi}/sessions/${encodeURIComponent(sessionId)}`);
    expect(((await response.json()) as { status?: string }).status).toBe('ended');
  });

  it('loads both entries with require, from the CommonJS build', async () => {
    // Prepare
    writeFileSync(join(project, 'require-entries.cjs'), REQUIRE_PROBE);

    // Act
    const probe = succeeded(
      await run(process.execPath, ['require-entries.cjs'], project, 30_000),
      'require probe',
    );

    // Assess
    const report = JSON.parse(probe.stdout) as ProbeReport;
    expect(report.files).toEqual([
      join(installedAt, 'dist', 'index.js'),
      join(installedAt, 'dist', 'browser.js'),
    ]);
    expect(report.client).toEqual(CLIENT_EXPORTS);
    expect(report.browser).toEqual(BROWSER_EXPORTS);
    expect(report.base64).toBe('aGk=');
    expect(report.touchedBrowserGlobals).toEqual([]);
  });

  it('loads both entries with import, from the ES module build, without touching browser globals', async () => {
    // Prepare
    writeFileSync(join(project, 'import-entries.mjs'), IMPORT_PROBE);

    // Act
    const probe = succeeded(
      await run(process.execPath, ['import-entries.mjs'], project, 30_000),
      'import probe',
    );

    // Assess
    const report = JSON.parse(probe.stdout) as ProbeReport;
    expect(report.files).toEqual([
      join(installedAt, 'dist', 'index.mjs'),
      join(installedAt, 'dist', 'browser.mjs'),
    ]);
    expect(report.client).toEqual(CLIENT_EXPORTS);
    expect(report.browser).toEqual(BROWSER_EXPORTS);
    expect(report.base64).toBe('aGk=');
    expect(report.touchedBrowserGlobals).toEqual([]);
  });
});
