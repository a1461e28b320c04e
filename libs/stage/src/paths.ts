import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where the running stage keeps its state: endpoints file and logs (git-ignored). */
export const STAGE_DIR = join(REPO_ROOT, '.stage');

/** Default folder of the stage's log files, one per process. */
export const DEFAULT_LOG_DIR = join(STAGE_DIR, 'logs');

/** The web app (`apps/web`): its sources and build script. */
export const WEB_APP_DIR = join(REPO_ROOT, 'apps', 'web');

/** What `node apps/web/scripts/build.mjs` writes and the stage's web server serves. */
export const WEB_DIST_DIR = join(WEB_APP_DIR, 'dist');

/** The Serverless Framework CLI (osls) the apps run under. */
export const SERVERLESS_BIN = join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** The folder of an app, e.g. `apps/session-management`. */
export function appDir(app: string): string {
  return join(REPO_ROOT, 'apps', app);
}
