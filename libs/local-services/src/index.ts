// The local services the stage and the integration specs run as child processes: DynamoDB Local bound
// to loopback, any process in its own group with a log file, and waits until a service answers.
export {
  startDynamoDbLocal,
  localDynamoDbClient,
  dynamoDbLocalJar,
  DYNAMODB_HOST,
  LOCAL_REGION,
  LOCAL_CREDENTIALS,
} from './dynamodb-local';
export type { DynamoDbLocal } from './dynamodb-local';
export { compiledLauncher, JavacNotFoundError, LAUNCHER_CLASS } from './dynamodb-launcher';
export { startProcess } from './managed-process';
export type { ManagedProcess, ProcessExit, StartProcessOptions } from './managed-process';
export { waitUntil, tcpAnswers, httpAnswers, WaitTimeoutError } from './wait';
export type { WaitOptions } from './wait';
export { freeLoopbackPort } from './ports';
export { StageError, JavaNotFoundError, ServiceStartError } from './errors';
