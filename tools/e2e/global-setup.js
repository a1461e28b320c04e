// Starts one local stage on free ports before the integration tests; endpoints go to a file the
// tests read (jest runs tests in other module registries, so globals do not carry the endpoints).
require('tsx/cjs');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { freePorts, startStage } = require('@lingocast/stage');

module.exports = async function globalSetup() {
  const started = Date.now();
  const logDir = join(__dirname, '..', '..', '.stage', 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const stage = await startStage({
    ports: await freePorts(),
    logDir,
    logLevel: 'info',
    env: { MAX_LISTENERS_PER_SESSION: '500' },
    onProgress: (line) => process.stdout.write(`[stage] ${line}\n`),
  });
  globalThis.__LINGOCAST_STAGE__ = stage;
  writeFileSync(join(logDir, 'endpoints.json'), JSON.stringify({ ...stage.endpoints, logDir }, null, 2));
  process.stdout.write(`[stage] up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}\n`);
};
