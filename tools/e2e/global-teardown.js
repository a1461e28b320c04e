// Stops the stage that global-setup.js started: nothing is left running.
module.exports = async function globalTeardown() {
  const stage = globalThis.__LINGOCAST_STAGE__;
  if (stage) await stage.stop();
};
