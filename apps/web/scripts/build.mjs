#!/usr/bin/env node
// Builds the web app's static files: dist/index.html (speaker console), dist/listen.html (listener page),
// hashed dist/assets/*.js|css, and dist/headers.json (the security headers each page must be served with).
// Usage: node apps/web/scripts/build.mjs [--config <config.json>] [--outdir <dir>] [--sourcemap]
// --config names the deployed config.json so its absolute API origins join the CSP's connect-src.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The pages: output HTML, bundle entry, what the page may do. */
export const pages = [
  {
    html: 'index.html',
    name: 'console',
    entry: 'src/console/main.tsx',
    title: 'LingoCast — speaker console',
    description: 'Speak to a room; everyone hears you translated, with captions.',
    noscript: 'The LingoCast speaker console needs JavaScript.',
    microphone: '(self)',
  },
  {
    html: 'listen.html',
    name: 'listen',
    entry: 'src/listener/main.tsx',
    title: 'LingoCast — listen',
    description: 'Listen to a talk in your language, with captions. No account, no install.',
    noscript: 'The LingoCast listener page needs JavaScript.',
    microphone: '()',
  },
];

function argument(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** Origins the pages connect to besides their own, from a deployed config.json (absolute URLs only). */
export function connectOrigins(config) {
  if (!config) return [];
  const origins = new Set();
  for (const url of [config.httpUrl, config.websocketUrl, config.auth?.tokenUrl]) {
    if (typeof url !== 'string' || !/^(https?|wss?):\/\//.test(url)) continue;
    origins.add(new URL(url).origin);
  }
  if (config.auth?.kind === 'cognito' && typeof config.auth.region === 'string')
    origins.add(`https://cognito-idp.${config.auth.region}.amazonaws.com`);
  return [...origins].sort();
}

/** The headers one page is served with. */
export function headersFor(page, origins) {
  const csp = [
    "default-src 'self'",
    "script-src 'self' blob:",
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...origins].join(' '),
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'Permissions-Policy': `microphone=${page.microphone}`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    const value = values[key];
    if (value === undefined) throw new Error(`page template: no value for {{${key}}}`);
    return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  });
}

async function main() {
  const outdir = resolve(argument('--outdir') ?? join(webRoot, 'dist'));
  const configPath = argument('--config');
  const config = configPath ? JSON.parse(await readFile(configPath, 'utf8')) : undefined;
  const started = performance.now();
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: webRoot,
    entryPoints: Object.fromEntries(pages.map((page) => [page.name, page.entry])),
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'safari14', 'chrome90', 'firefox90'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: process.argv.includes('--sourcemap') ? 'linked' : false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    tsconfig: join(webRoot, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const template = await readFile(join(webRoot, 'src/shared/page.html'), 'utf8');
  const origins = connectOrigins(config);
  const headers = {};
  for (const page of pages) {
    const [js, output] =
      Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === page.entry) ?? [];
    if (!js || !output) throw new Error(`build: no output for ${page.entry}`);
    const css = output.cssBundle;
    if (!css) throw new Error(`build: ${page.entry} imports no CSS (it should import ../shared/base.css)`);
    const href = (file) => `/${relative(outdir, resolve(webRoot, file)).split('\\').join('/')}`;
    const html = fill(template, { ...page, js: href(js), css: href(css) });
    await writeFile(join(outdir, page.html), html);
    headers[page.html] = headersFor(page, origins);
  }
  await writeFile(join(outdir, 'headers.json'), `${JSON.stringify(headers, null, 2)}\n`);
  const files = Object.keys(result.metafile.outputs).map((file) => relative(webRoot, resolve(webRoot, file)));
  console.log(
    `web: built ${pages.map((page) => page.html).join(', ')} + ${files.length} assets into ${relative(process.cwd(), outdir) || '.'} in ${Math.round(performance.now() - started)} ms`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`web build failed: ${error.message}`);
    process.exit(1);
  });
}
