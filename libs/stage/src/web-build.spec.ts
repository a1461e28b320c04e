import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebBuildError, buildWebApp, ensureWebBuild, webBuildNeeded } from './web-build';

/** Sets a file's modification time to `secondsAgo` before now. */
function age(path: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
}

/** A web app folder: sources, a build script that writes dist (or fails), and optionally a dist. */
function webApp(dir: string, options: { built?: boolean; script?: string } = {}): string {
  const web = join(dir, 'web');
  mkdirSync(join(web, 'src', 'listener'), { recursive: true });
  mkdirSync(join(web, 'scripts'));
  writeFileSync(join(web, 'src', 'listener', 'main.tsx'), 'export {};');
  writeFileSync(
    join(web, 'scripts', 'build.mjs'),
    options.script ??
      `import { mkdirSync, writeFileSync } from 'node:fs';
       const dist = new URL('../dist/', import.meta.url);
       mkdirSync(dist, { recursive: true });
       for (const name of ['index.html', 'listen.html', 'headers.json']) writeFileSync(new URL(name, dist), '{}');
       console.log('built');`,
  );
  age(join(web, 'src', 'listener', 'main.tsx'), 60);
  age(join(web, 'scripts', 'build.mjs'), 60);
  if (options.built) {
    mkdirSync(join(web, 'dist'));
    for (const name of ['index.html', 'listen.html', 'headers.json'])
      writeFileSync(join(web, 'dist', name), '{}');
  }
  return web;
}

describe('web app build', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stage-web-build-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('needs a build when dist is missing or incomplete', () => {
    // Prepare
    const web = webApp(dir);

    // Act / Assess
    expect(webBuildNeeded(web)).toEqual({
      needed: true,
      reason: expect.stringContaining('has no index.html, listen.html, headers.json'),
    });
    mkdirSync(join(web, 'dist'));
    writeFileSync(join(web, 'dist', 'index.html'), '');
    expect(webBuildNeeded(web)).toEqual({
      needed: true,
      reason: expect.stringMatching(/has no listen\.html, headers\.json$/),
    });
  });

  it('needs none when dist is newer than every source file', () => {
    // Prepare
    const web = webApp(dir, { built: true });

    // Act / Assess
    expect(webBuildNeeded(web)).toEqual({ needed: false });
  });

  it('needs a build when a lib the pages bundle changed since (the client library, say)', () => {
    // Prepare
    const web = webApp(dir, { built: true });
    for (const name of ['index.html', 'listen.html', 'headers.json']) age(join(web, 'dist', name), 30);
    const lib = join(dir, 'libs', 'client', 'src');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'listener-client.ts'), 'export {};');
    writeFileSync(join(lib, 'listener-client.spec.ts'), 'test');
    age(join(lib, 'listener-client.spec.ts'), 60);

    // Act / Assess
    expect(webBuildNeeded(web, [lib])).toEqual({
      needed: true,
      reason: expect.stringMatching(/libs\/client\/src\/listener-client\.ts changed since the last build$/),
    });
    age(join(lib, 'listener-client.ts'), 60);
    expect(webBuildNeeded(web, [lib])).toEqual({ needed: false });
  });

  it('needs a build when a source file or the build script changed since, naming it', () => {
    // Prepare
    const web = webApp(dir, { built: true });
    for (const name of ['index.html', 'listen.html', 'headers.json']) age(join(web, 'dist', name), 30);
    age(join(web, 'dist', 'headers.json'), 50); // the oldest output dates the build

    // Act
    age(join(web, 'src', 'listener', 'main.tsx'), 40);

    // Assess
    expect(webBuildNeeded(web)).toEqual({
      needed: true,
      reason: expect.stringMatching(/src\/listener\/main\.tsx changed since the last build$/),
    });
    age(join(web, 'src', 'listener', 'main.tsx'), 60);
    age(join(web, 'scripts', 'build.mjs'), 10);
    expect(webBuildNeeded(web)).toEqual({
      needed: true,
      reason: expect.stringMatching(/build\.mjs changed/),
    });
    age(join(web, 'scripts', 'build.mjs'), 60);
    writeFileSync(join(web, 'src', 'listener', 'state.spec.ts'), 'test');
    expect(webBuildNeeded(web)).toEqual({ needed: false });
  });

  it('builds when needed, with a progress line before and after, and not again once fresh', async () => {
    // Prepare
    const web = webApp(dir);
    const lines: string[] = [];

    // Act
    const built = await ensureWebBuild({ webDir: web, onProgress: (line) => lines.push(line) });
    const again = await ensureWebBuild({ webDir: web, onProgress: (line) => lines.push(line) });

    // Assess
    expect([built, again]).toEqual([true, false]);
    expect(lines).toEqual([
      expect.stringMatching(/^… building the web app \(.*has no index\.html/),
      expect.stringMatching(/^✔ web app built \(\d+\.\d s\)$/),
      expect.stringMatching(/^✔ web app up to date/),
    ]);
  });

  it('fails with a clear error carrying the end of the build output', async () => {
    // Prepare
    const web = webApp(dir, {
      script: "console.error('src/listener/main.tsx:3:1: ERROR: Unexpected }'); process.exit(1);",
    });

    // Act / Assess
    const failure = ensureWebBuild({ webDir: web });
    await expect(failure).rejects.toThrow(WebBuildError);
    await expect(failure).rejects.toThrow(
      /the web app's build failed: node .*build\.mjs exited with code 1\n--- last lines of its output ---\nsrc\/listener\/main\.tsx:3:1: ERROR: Unexpected }/,
    );
  });

  it('says so when there is no build script', async () => {
    // Act / Assess
    await expect(buildWebApp(join(dir, 'nothing'))).rejects.toThrow(
      /cannot build the web app: no .*build\.mjs/,
    );
  });
});
