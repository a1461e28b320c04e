import { ENV } from '@lingocast/config';

/** The three deployable apps. */
export type AppName = 'session-management' | 'audio-transcription' | 'translation-pipeline';

/** A Serverless Framework (v3 line) service definition; loosely typed, checked by `serverless package`. */
export type ServerlessConfig = Record<string, unknown> & {
  service: string;
  provider: Record<string, unknown> & { environment: Record<string, unknown> };
  functions: Record<string, unknown>;
  resources?: { Resources?: Record<string, unknown>; Outputs?: Record<string, unknown> };
};

export const LOCAL_STAGE = 'local';

/** CloudFormation service name of an app, e.g. `lingocast-session-management`. */
export function serviceName(app: AppName): string {
  return `lingocast-${app}`;
}

/**
 * The Lambda function name Serverless gives a function: `<service>-<stage>-<function>`.
 *
 * @example
 * functionName('audio-transcription', 'dev', 'ingestAudio') // 'lingocast-audio-transcription-dev-ingestAudio'
 */
export function functionName(app: AppName, stage: string, fn: string): string {
  return `${serviceName(app)}-${stage}-${fn}`;
}

/**
 * The stage a `serverless` command runs for: `--stage x` / `-s x` on its command line, else STAGE, else `dev`.
 * Read from argv because the config is built before Serverless resolves its own options.
 */
export function stageFromArgv(argv: readonly string[] = process.argv, env = process.env): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if ((arg === '--stage' || arg === '-s') && argv[i + 1]) return String(argv[i + 1]);
    if (arg?.startsWith('--stage=')) return arg.slice('--stage='.length);
  }
  return env[ENV.stage] ?? 'dev';
}

/** Environment values the local stage tool passes through to the handlers (endpoints, ports, timers). */
export function passThroughEnv(names: readonly string[], env = process.env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

/**
 * serverless-esbuild's work folder for this command. `serverless package` deletes its work folder
 * when done, and `serverless offline` loads handlers from its own while it runs: a package (a
 * template test, a deploy) sharing `.esbuild` with a running local stage deleted that stage's
 * handlers. So everything but `offline` builds in a folder of its own process.
 *
 * @example
 * esbuildWorkFolder(['node', 'serverless', 'package'], 4242); // '.esbuild/package-4242'
 */
export function esbuildWorkFolder(argv: readonly string[] = process.argv, pid = process.pid): string {
  return argv.includes('offline') ? '.esbuild' : `.esbuild/package-${pid}`;
}

export interface BaseConfigOptions {
  app: AppName;
  stage: string;
  /** Environment for every function of the app; the base adds STAGE and LOG_LEVEL. */
  environment: Record<string, unknown>;
  iamStatements: unknown[];
  functions: Record<string, unknown>;
  resources?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Extra provider settings (e.g. the WebSocket route selection expression). */
  provider?: Record<string, unknown>;
  /** Default serverless-offline ports for this app (the local stage passes its own on the command line). */
  offlinePorts: { httpPort: number; websocketPort: number; lambdaPort: number };
}

/**
 * The settings every app shares: runtime, region, bundling, logging, offline ports, tags.
 *
 * @example
 * export default baseServerlessConfig({ app: 'translation-pipeline', stage, environment, iamStatements, functions, offlinePorts });
 */
export function baseServerlessConfig(options: BaseConfigOptions): ServerlessConfig {
  const { app, stage } = options;
  return {
    service: serviceName(app),
    frameworkVersion: '3',
    plugins: ['serverless-esbuild', 'serverless-offline'],
    provider: {
      name: 'aws',
      runtime: 'nodejs22.x',
      architecture: 'arm64',
      stage,
      region: '${opt:region, "us-east-1"}',
      memorySize: 512,
      timeout: 29,
      logRetentionInDays: 30,
      tracing: { lambda: true },
      deploymentMethod: 'direct',
      websocket: { useProviderTags: true },
      tags: { project: 'lingocast', app, stage },
      environment: {
        [ENV.stage]: stage,
        [ENV.logLevel]: '${env:LOG_LEVEL, "info"}',
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
        NODE_OPTIONS: '--enable-source-maps',
        ...options.environment,
      },
      iam: { role: { statements: options.iamStatements } },
      ...options.provider,
    },
    package: { individually: true },
    custom: {
      esbuild: {
        bundle: true,
        minify: false,
        sourcemap: true,
        target: 'node20',
        platform: 'node',
        format: 'cjs',
        exclude: [],
        tsconfig: 'tsconfig.json',
        outputWorkFolder: esbuildWorkFolder(),
      },
      'serverless-offline': {
        host: '127.0.0.1',
        noPrependStageInUrl: true,
        noAuth: false,
        // A Lambda timeout in serverless-offline is an uncaught rejection that kills the whole app, and
        // on a busy 2-core laptop a cold start can pass it; handlers keep their own deadlines instead.
        noTimeout: true,
        // One warm module per function instead of a fresh worker thread per concurrent request:
        // worker cold starts on a 2-core machine reordered the speaker's chunks by seconds.
        useInProcess: true,
        ...options.offlinePorts,
      },
    },
    functions: options.functions,
    resources: { Resources: options.resources ?? {}, Outputs: options.outputs ?? {} },
  };
}

/** ARN of a DynamoDB table of this account and region, for IAM statements. */
export function tableArn(table: string): unknown {
  return { 'Fn::Sub': `arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${table}` };
}

/** ARN of a Lambda function of this account and region, for IAM statements. */
export function lambdaArn(fn: string): unknown {
  return { 'Fn::Sub': `arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}` };
}
