import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/** The two pages of the web app: the speaker console and the listener page. */
export type WebPage = 'index.html' | 'listen.html';

/** What a static path of the web server is: a page, a file under dist/assets, or nothing. */
export type StaticRoute =
  | { kind: 'page'; page: WebPage }
  | { kind: 'asset'; name: string }
  | { kind: 'not-found' }
  | { kind: 'bad-path' };

/** Hashed file names: a year, never revalidated (a new build gives new names). */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Pages name the current assets: always revalidated. */
export const PAGE_CACHE_CONTROL = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The content type of a file by its extension (`application/octet-stream` when unknown).
 *
 * @example
 * contentTypeOf('console-4TSM.js'); // 'text/javascript; charset=utf-8'
 */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Which static file a request path names. Asset names are checked segment by segment after
 * decoding, so `..`, encoded slashes, backslashes and NUL bytes never reach the file system.
 *
 * @example
 * staticRoute('/listen/abc123'); // { kind: 'page', page: 'listen.html' }
 * staticRoute('/assets/%2e%2e/headers.json'); // { kind: 'bad-path' }
 */
export function staticRoute(pathname: string): StaticRoute {
  if (pathname === '/') return { kind: 'page', page: 'index.html' };
  if (pathname.startsWith('/listen/')) return { kind: 'page', page: 'listen.html' };
  if (!pathname.startsWith('/assets/')) return { kind: 'not-found' };
  const raw = pathname.slice('/assets/'.length);
  if (raw === '') return { kind: 'not-found' };
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return { kind: 'bad-path' };
  }
  const segments = name.split('/');
  const unsafe =
    name.includes('\\') ||
    name.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  return unsafe ? { kind: 'bad-path' } : { kind: 'asset', name };
}

/**
 * Reads an asset from `<distDir>/assets`, or undefined when there is none. The real path must stay
 * inside the assets folder, so a symbolic link pointing elsewhere is not followed out of it.
 *
 * @example
 * const file = await readAsset('apps/web/dist', 'console-4TSM.js'); // Buffer | undefined
 */
export async function readAsset(distDir: string, name: string): Promise<Buffer | undefined> {
  const assets = resolve(distDir, 'assets');
  const file = resolve(assets, name);
  if (!file.startsWith(assets + sep)) return undefined;
  try {
    const [realAssets, realFile] = await Promise.all([realpath(assets), realpath(file)]);
    if (!realFile.startsWith(realAssets + sep) || !(await stat(realFile)).isFile()) return undefined;
    return await readFile(realFile);
  } catch {
    return undefined;
  }
}

/** The web app's dist is missing, incomplete or malformed: a page cannot be served safely. */
export class WebDistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebDistError';
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/**
 * A page's HTML and the headers `dist/headers.json` gives it. Read on every request, so a rebuild
 * while the stage runs is served at once. Throws WebDistError when either is missing: a page is
 * never served without its security headers.
 *
 * @example
 * const { html, headers } = await readPage('apps/web/dist', 'listen.html');
 */
export async function readPage(
  distDir: string,
  page: WebPage,
): Promise<{ html: Buffer; headers: Record<string, string> }> {
  const rebuild = 'build the web app: node apps/web/scripts/build.mjs';
  let html: Buffer;
  let parsed: unknown;
  try {
    html = await readFile(join(distDir, page));
  } catch {
    throw new WebDistError(`the web app is not built (no ${page} in ${distDir}); ${rebuild}`);
  }
  try {
    parsed = JSON.parse(await readFile(join(distDir, 'headers.json'), 'utf8'));
  } catch {
    throw new WebDistError(`no readable headers.json in ${distDir}; ${rebuild}`);
  }
  const headers = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, page) : undefined;
  if (!isStringRecord(headers)) {
    throw new WebDistError(`headers.json in ${distDir} has no headers for ${page}; ${rebuild}`);
  }
  // Lower-case names, so the server's own content-type and cache-control replace, never duplicate, them.
  const lowerCased = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { html, headers: lowerCased };
}
