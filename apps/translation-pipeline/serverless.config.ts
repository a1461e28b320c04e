import { ENV } from '@lingocast/config';
import {
  LOCAL_STAGE,
  baseServerlessConfig,
  importedWebsocketManagementEndpoint,
  passThroughEnv,
  postToStageWebsocketStatement,
  stageFromArgv,
  tableArn,
  withOperations,
} from '@lingocast/stack';
import { cloudFormationTables, tableName } from '@lingocast/tables';
import { translationPipelineOperations } from './infra/operations';

const stage = stageFromArgv();
const isLocal = stage === LOCAL_STAGE;

const deployedEnvironment = {
  [ENV.websocketManagementEndpoint]: importedWebsocketManagementEndpoint(stage),
  [ENV.speechProvider]: 'aws',
};

const sessions = tableName('sessions', stage);
const connections = tableName('connections', stage);

const config = baseServerlessConfig({
  app: 'translation-pipeline',
  stage,
  offlinePorts: { httpPort: 4400, websocketPort: 4401, lambdaPort: 4402 },
  environment: isLocal ? passThroughEnv(Object.values(ENV)) : deployedEnvironment,
  iamStatements: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [tableArn(sessions)] },
    // Removing a gone listener: its row and the session's count, in one transaction.
    { Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: [tableArn(sessions)] },
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
      Resource: [tableArn(connections)],
    },
    {
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [tableArn(`${connections}/index/sessionId-targetLanguage-index`)],
    },
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [tableArn(tableName('translationCache', stage))],
    },
    // The replay window: each utterance put once (conditional), its newest number and the languages
    // heard updated, the languages read back (session-management only queries it).
    {
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      Resource: [tableArn(tableName('replayWindow', stage))],
    },
    // The fan-out: posts to this stage's WebSocket API only (its id exported by session-management).
    postToStageWebsocketStatement(stage),
    // Without terminologies or lexicons, Translate and Polly authorise these calls only on "*".
    { Effect: 'Allow', Action: ['translate:TranslateText', 'polly:SynthesizeSpeech'], Resource: '*' },
  ],
  functions: {
    translateUtterance: {
      handler: 'src/handlers/translate.translateUtteranceHandler',
      memorySize: 1024,
      timeout: 60,
      maximumRetryAttempts: 0,
    },
    // Live captions (issue 13): the words heard so far, to the listeners who asked; several a second
    // per session, each a Query and a post per such listener, so small and never retried (a retry is late).
    fanOutPartial: {
      handler: 'src/handlers/partial.fanOutPartialHandler',
      memorySize: 512,
      timeout: 10,
      maximumRetryAttempts: 0,
    },
  },
  resources: isLocal ? {} : cloudFormationTables('translation-pipeline', stage),
});

// Alarms, reserved concurrency, failure queue, event age, dashboard: infra/operations.ts.
export default isLocal ? config : withOperations(config, translationPipelineOperations(stage));
