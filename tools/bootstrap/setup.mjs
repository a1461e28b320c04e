// Installs what the project needs on this machine: npm packages, Debian packages, and checks Java.
// Plain Node, no dependencies: it runs before `npm install`. Fast and silent-ish when all is present.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBIAN_PACKAGES, MIN_JAVA_MAJOR } from './system-packages.mjs';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A set-up step that cannot complete; `message` says what to do about it. */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

function mtimeMs(path) {
  return existsSync(path) ? statSync(path).mtimeMs : undefined;
}

/**
 * True when npm packages must be installed: no node_modules, or package-lock.json changed since the last install.
 *
 * @example
 * if (npmInstallNeeded('/work/main')) console.log('installing');
 */
export function npmInstallNeeded(root = REPO_ROOT) {
  const installed = mtimeMs(join(root, 'node_modules', '.package-lock.json'));
  const lock = mtimeMs(join(root, 'package-lock.json'));
  if (installed === undefined) return true;
  return lock !== undefined && lock > installed;
}

function ensureNpmPackages(root, log) {
  if (!npmInstallNeeded(root)) {
    log('✔ npm packages');
    return;
  }
  // `npm install`, not `npm ci`: with the registry these machines reach, npm writes a lock file
  // without the other platforms' optional binaries (e.g. @unrs/resolver-binding-android-*), and
  // `npm ci` then refuses the lock as out of sync. `npm install` still installs the locked versions.
  log('… installing npm packages (npm install from package-lock.json)');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    throw new SetupError(
      `npm install failed${result.error ? `: ${result.error.message}` : ''}; run it yourself in ${root}`,
    );
  }
  log('✔ npm packages installed');
}

/**
 * The packages of `wanted` that dpkg does not report as installed.
 *
 * @example
 * missingDebianPackages(['lame', 'sox']); // [] when both are installed
 */
export function missingDebianPackages(wanted = DEBIAN_PACKAGES) {
  // One dpkg-query for all packages; unknown ones go to stderr and are simply absent from stdout.
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...wanted], {
    encoding: 'utf8',
  });
  if (result.error) throw new SetupError('dpkg-query is not available: this set-up expects Debian or Ubuntu');
  const installed = new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.endsWith(' install ok installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return wanted.filter((name) => !installed.has(name));
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function run(argv, log) {
  log(`  $ ${argv.join(' ')}`);
  const [command, ...args] = argv;
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return !result.error && result.status === 0;
}

function ensureDebianPackages(log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) {
    log(`✔ Debian packages (${DEBIAN_PACKAGES.length})`);
    return;
  }
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : onPath('sudo') ? ['sudo', 'env', 'DEBIAN_FRONTEND=noninteractive'] : undefined;
  if (prefix === undefined) {
    throw new SetupError(
      `Debian packages missing: ${missing.join(' ')}\n  Install them as root, then run this again:\n` +
        `  apt-get update && DEBIAN_FRONTEND=noninteractive ${install.join(' ')}`,
    );
  }
  log(`… installing Debian packages: ${missing.join(' ')}`);
  if (!run([...prefix, 'apt-get', 'update'], log) || !run([...prefix, ...install], log)) {
    throw new SetupError(`installing Debian packages failed: ${missing.join(' ')}`);
  }
  const still = missingDebianPackages();
  if (still.length > 0)
    throw new SetupError(`Debian packages still missing after apt-get: ${still.join(' ')}`);
  log(`✔ Debian packages installed: ${missing.join(' ')}`);
}

/**
 * The major version in `java -version` output (`1.8.0` → 8, `17.0.15` → 17), or undefined.
 *
 * @example
 * javaMajorVersion('openjdk version "17.0.15" 2025-04-15'); // 17
 */
export function javaMajorVersion(versionOutput) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

function ensureJava(log) {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const hint = `DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer; on Debian: apt-get install -y default-jre-headless`;
  if (result.error || result.status !== 0)
    throw new SetupError(`Java not found (java -version failed). ${hint}`);
  const major = javaMajorVersion(`${result.stderr}${result.stdout}`);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new SetupError(`Java ${major ?? '(unknown version)'} is too old. ${hint}`);
  }
  log(`✔ Java ${major}`);
}

/**
 * Installs what is missing (npm packages, Debian packages) and checks Java. Throws SetupError.
 *
 * @example
 * await setup({ log: console.log });
 */
export function setup({ root = REPO_ROOT, log = (line) => console.log(line) } = {}) {
  ensureNpmPackages(root, log);
  ensureDebianPackages(log);
  ensureJava(log);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    setup();
  } catch (error) {
    console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
