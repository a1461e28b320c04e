// Handlers of the fixture app: they report the environment the stage gave them.
const settings = () => ({
  stage: process.env.STAGE,
  dynamodb: process.env.DYNAMODB_ENDPOINT,
  fixtureSetting: process.env.FIXTURE_SETTING,
});

exports.health = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'ok', ...settings() }) });
exports.connect = async () => ({ statusCode: 200 });
exports.echo = async (event) => ({ event, ...settings() });
exports.sweep = async () => ({
  statusCode: 200,
  body: JSON.stringify({ connectionsSeen: 0, closedIdle: 0, sessionsEnded: 0 }),
});
