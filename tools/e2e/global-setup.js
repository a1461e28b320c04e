// Starts one local stage on free ports before the integration tests; endpoints go to a file the
// tests read (jest runs tests in other module registries, so globals do not carry the endpoints).
require('tsx/cjs');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { ensureWebBuild, freePorts, startStage } = require('@lingocast/stage');

module.exports = async function globalSetup() {
  const started = Date.now();
  // One folder per run, so two runs in one checkout never read each other's endpoints.
  const logDir = join(__dirname, '..', '..', '.stage', 'e2e-logs', `run-${process.pid}`);
  process.env.LINGOCAST_E2E_ENDPOINTS = join(logDir, 'endpoints.json');
  mkdirSync(logDir, { recursive: true });
  // The stage's web server serves apps/web/dist: build it first when missing or older than its sources.
  await ensureWebBuild({ onProgress: (line) => process.stdout.write(`[stage] ${line}\n`) });
  const stage = await startStage({
    ports: await freePorts(),
    logDir,
    logLevel: 'info',
    env: {
      MAX_LISTENERS_PER_SESSION: '500',
      // Every socket of every file counts under one address here (serverless-offline gives no source IP),
      // faster than any venue, and bad-input files fail on purpose: the per-address limits stay out of
      // the way (venue.e2e.spec.ts runs the defaults, rate-limits.e2e.spec.ts each boundary). Joins are
      // per session now: the defaults (1000/60 s) admit every file's listeners, so they are not raised.
      RATE_LIMIT_CONNECTION_ATTEMPTS: '100000/60',
      RATE_LIMIT_FAILED_CONNECTS: '100000/60',
      // Lifecycle in seconds instead of minutes; only POST /local/sweep (session-*.e2e.spec.ts) acts on them.
      CONNECTION_REFRESH_AFTER_SECONDS: '3',
      CONNECTION_WARNING_AFTER_SECONDS: '6',
      CONNECTION_IDLE_TIMEOUT_SECONDS: '5',
      SPEAKER_GRACE_SECONDS: '2',
    },
    onProgress: (line) => process.stdout.write(`[stage] ${line}\n`),
  });
  globalThis.__LINGOCAST_STAGE__ = stage;
  writeFileSync(join(logDir, 'endpoints.json'), JSON.stringify({ ...stage.endpoints, logDir }, null, 2));
  process.stdout.write(`[stage] up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}\n`);
};
