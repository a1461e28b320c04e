// The local stage's public API: start it in-process (integration tests), or read the endpoints of
// the one `npm run dev` runs; plus tokens, good and deliberately bad, for tests.
export { startStage, APP_READINESS } from './stage';
export type { RunningStage, StartStageOptions, RestartOptions, StageCrash } from './stage';
export { DEV_PORTS, APP_NAMES, freePorts, portsInUse, describePorts } from './ports';
export type { AppName, AppPorts, PortPlan } from './ports';
export { endpointsFor, LISTEN_PATH_PATTERN } from './endpoints';
export { startWebServer, LOCAL_WEB_CONFIG } from './web-server';
export type { RunningWebServer, WebServerOptions, WebConfig } from './web-server';
export { ensureWebBuild, webBuildNeeded, buildWebApp, WebBuildError } from './web-build';
export { pickLanAddress, isLoopbackAddress, LanAddressError } from './network';
export { startSweepSchedule, describeSweep } from './sweep-schedule';
export type { SweepReport, SweepSchedule, SweepScheduleOptions } from './sweep-schedule';
export type { StageEndpoints } from './endpoints';
export {
  ENDPOINTS_FILE,
  readEndpointsFile,
  writeEndpointsFile,
  removeEndpointsFile,
  EndpointsFileError,
} from './endpoints-file';
export type { EndpointsFileContent } from './endpoints-file';
export { stageEnvironment, LOG_LEVELS } from './stage-env';
export type { LogLevel } from './stage-env';
export {
  createTokenIssuer,
  subjectFor,
  LOCAL_CLIENT_ID,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
} from './token-issuer';
export type { TokenIssuer, TokenSet, MintOptions } from './token-issuer';
export { startTokenIssuer } from './token-issuer-server';
export type { RunningTokenIssuer } from './token-issuer-server';
export { requestToken, requestMintedToken } from './token-client';
export {
  startDynamoDbLocal,
  localDynamoDbClient,
  LOCAL_REGION,
  LOCAL_CREDENTIALS,
} from '@lingocast/local-services';
export type { DynamoDbLocal } from '@lingocast/local-services';
export { createTables, LOCAL_STAGE } from './create-tables';
export { StageError, PortsInUseError, JavaNotFoundError, ServiceStartError } from './errors';
