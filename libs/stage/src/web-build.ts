import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StageError } from './errors';
import { REPO_ROOT, WEB_APP_DIR } from './paths';

/** What the web server needs from a build; the oldest of them dates the build. */
export const WEB_BUILD_OUTPUTS = ['index.html', 'listen.html', 'headers.json'] as const;

/** Whether the web app must be built before serving, and why (for the progress line). */
export type WebBuildCheck = { needed: false } | { needed: true; reason: string };

// Tests are not bundled: editing one does not make the build stale.
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && !TEST_FILE.test(entry.name)) {
        const { mtimeMs } = statSync(path);
        if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
      }
    }
  };
  if (existsSync(dir)) visit(dir);
  return newest;
}

/** The workspace libs the pages bundle (through @lingocast/client): a change there makes the build stale too. */
export const WEB_BUNDLED_LIBS: readonly string[] = ['client', 'contract', 'validation'].map((lib) =>
  join(REPO_ROOT, 'libs', lib, 'src'),
);

/**
 * Whether `<webDir>/dist` is missing, incomplete, or older than a file in `<webDir>/src` (tests
 * aside), the build script, or a lib the pages bundle: then `npm run dev` builds before serving.
 *
 * @example
 * webBuildNeeded(); // { needed: true, reason: 'libs/client/src/listener-client.ts changed since the last build' }
 */
export function webBuildNeeded(
  webDir: string = WEB_APP_DIR,
  bundledDirs: readonly string[] = webDir === WEB_APP_DIR ? WEB_BUNDLED_LIBS : [],
): WebBuildCheck {
  const dist = join(webDir, 'dist');
  const missing = WEB_BUILD_OUTPUTS.filter((name) => !existsSync(join(dist, name)));
  if (missing.length > 0) {
    return { needed: true, reason: `${shown(dist)} has no ${missing.join(', ')}` };
  }
  const builtAt = Math.min(...WEB_BUILD_OUTPUTS.map((name) => statSync(join(dist, name)).mtimeMs));
  const sources = [join(webDir, 'src'), join(webDir, 'scripts'), ...bundledDirs].map(newestFile);
  const changed = sources
    .filter((file): file is { path: string; mtimeMs: number } => !!file)
    .sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (changed && changed.mtimeMs > builtAt) {
    return { needed: true, reason: `${shown(changed.path)} changed since the last build` };
  }
  return { needed: false };
}

function shown(path: string): string {
  const fromRoot = relative(REPO_ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

/** The web app's build failed; carries the end of its output. */
export class WebBuildError extends StageError {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}${output ? `\n--- last lines of its output ---\n${output}` : ''}`);
    this.name = 'WebBuildError';
  }
}

/**
 * Runs `node <webDir>/scripts/build.mjs`; resolves with how long it took, rejects with WebBuildError.
 *
 * @example
 * const ms = await buildWebApp();
 */
export function buildWebApp(webDir: string = WEB_APP_DIR): Promise<number> {
  const script = join(webDir, 'scripts', 'build.mjs');
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    if (!existsSync(script)) {
      reject(new WebBuildError(`cannot build the web app: no ${shown(script)}`, ''));
      return;
    }
    const child = spawn(process.execPath, [script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) =>
      reject(new WebBuildError(`cannot run ${shown(script)}: ${error.message}`, '')),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Date.now() - startedAt);
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const tail = output.trim().split('\n').slice(-20).join('\n');
      reject(new WebBuildError(`the web app's build failed: node ${shown(script)} ${how}`, tail));
    });
  });
}

/**
 * Builds the web app when webBuildNeeded says so, with a progress line before and after.
 *
 * @example
 * await ensureWebBuild({ onProgress: console.log }); // '… building the web app (apps/web/dist has no index.html)'
 */
export async function ensureWebBuild(
  options: { webDir?: string; onProgress?: (line: string) => void } = {},
): Promise<boolean> {
  const webDir = options.webDir ?? WEB_APP_DIR;
  const progress = options.onProgress ?? (() => undefined);
  const check = webBuildNeeded(webDir);
  if (!check.needed) {
    progress(`✔ web app up to date (${shown(join(webDir, 'dist'))})`);
    return false;
  }
  progress(`… building the web app (${check.reason})`);
  const ms = await buildWebApp(webDir);
  progress(`✔ web app built (${(ms / 1000).toFixed(1)} s)`);
  return true;
}
