// Serverless Framework entry: the typed config lives in serverless.config.ts (loaded through tsx so
// it can import the workspace libs by their public names).
require('tsx/cjs');
module.exports = require('./serverless.config.ts').default;
