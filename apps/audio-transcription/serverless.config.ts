import { ENV } from '@lingocast/config';
import {
  LOCAL_STAGE,
  baseServerlessConfig,
  functionName,
  importedWebsocketManagementEndpoint,
  lambdaArn,
  passThroughEnv,
  postToStageWebsocketStatement,
  stageFromArgv,
  tableArn,
  withOperations,
} from '@lingocast/stack';
import { cloudFormationTables, tableName } from '@lingocast/tables';
import { audioTranscriptionOperations } from './infra/operations';

const stage = stageFromArgv();
const isLocal = stage === LOCAL_STAGE;

const ownTables = [tableName('audioChunks', stage), tableName('audioStreams', stage)];
const transcribeUtterance = functionName('audio-transcription', stage, 'transcribeUtterance');
const translateUtterance = functionName('translation-pipeline', stage, 'translateUtterance');
const followAudio = functionName('audio-transcription', stage, 'followAudio');
const fanOutPartial = functionName('translation-pipeline', stage, 'fanOutPartial');

const deployedEnvironment = {
  [ENV.websocketManagementEndpoint]: importedWebsocketManagementEndpoint(stage),
  [ENV.speechProvider]: 'aws',
  // Streaming recognition unless the deployer asks for the fallback: RECOGNITION_MODE=utterance nx run … deploy.
  [ENV.recognitionMode]: process.env[ENV.recognitionMode] ?? 'streaming',
};

const config = baseServerlessConfig({
  app: 'audio-transcription',
  stage,
  offlinePorts: { httpPort: 4300, websocketPort: 4301, lambdaPort: 4302 },
  environment: {
    [ENV.transcribeUtteranceFunction]: transcribeUtterance,
    [ENV.translateUtteranceFunction]: translateUtterance,
    [ENV.followAudioFunction]: followAudio,
    [ENV.fanOutPartialFunction]: fanOutPartial,
    ...(isLocal ? passThroughEnv(Object.values(ENV)) : deployedEnvironment),
  },
  iamStatements: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      Resource: ownTables.map((table) => tableArn(table)),
    },
    {
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: [
        lambdaArn(transcribeUtterance),
        lambdaArn(translateUtterance),
        lambdaArn(followAudio),
        lambdaArn(fanOutPartial),
      ],
    },
    // Speaker notices: posts to this stage's WebSocket API only (its id exported by session-management).
    postToStageWebsocketStatement(stage),
    // Transcribe Streaming has no resource-level permissions: AWS requires "*".
    { Effect: 'Allow', Action: ['transcribe:StartStreamTranscription'], Resource: '*' },
  ],
  functions: {
    ingestAudio: { handler: 'src/handlers/audio.ingestAudioHandler', memorySize: 512, timeout: 10 },
    transcribeUtterance: {
      handler: 'src/handlers/audio.transcribeUtteranceHandler',
      memorySize: 1024,
      timeout: 60,
      // Async invocations: retry once on a crash; the claim already guarantees a single owner.
      maximumRetryAttempts: 1,
    },
    // Streaming recognition (RECOGNITION_MODE=streaming): the owner of a session's recognition stream.
    followAudio: {
      handler: 'src/handlers/follow.followAudioHandler',
      memorySize: 1024,
      // Lambda's limit; the owner hands over to a successor after 12 min, at a cut.
      timeout: 900,
    },
  },
  resources: isLocal ? {} : cloudFormationTables('audio-transcription', stage),
});

// Alarms, failure queue, event age, dashboard: infra/operations.ts.
export default isLocal ? config : withOperations(config, audioTranscriptionOperations(stage));
