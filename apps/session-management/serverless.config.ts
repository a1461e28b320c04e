import { CLIENT_ACTIONS } from '@lingocast/contract';
import { ENV } from '@lingocast/config';
import {
  LOCAL_STAGE,
  alarmEmail,
  baseServerlessConfig,
  functionName,
  passThroughEnv,
  stageFromArgv,
  websocketManagementEndpointExportName,
  withOperations,
} from '@lingocast/stack';
import { cloudFormationTables, retentionPolicies } from '@lingocast/tables';
import { sessionManagementOperations } from './infra/operations';
import { readMaxActiveSessions } from './src/config';
import { CONNECT_IDENTITY_SOURCES } from './src/identity-sources';

const stage = stageFromArgv();
const isLocal = stage === LOCAL_STAGE;

const ingestAudio = functionName('audio-transcription', stage, 'ingestAudio');
const connectionReady = functionName('session-management', stage, 'connectionReady');
const cognitoIssuer = {
  'Fn::Join': [
    '',
    ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'SpeakerUserPool' }],
  ],
};

const deployedEnvironment = {
  [ENV.websocketManagementEndpoint]: {
    'Fn::Join': [
      '',
      [
        'https://',
        { Ref: 'WebsocketsApi' },
        '.execute-api.',
        { Ref: 'AWS::Region' },
        `.amazonaws.com/${stage}`,
      ],
    ],
  },
  [ENV.jwtIssuer]: cognitoIssuer,
  [ENV.jwksUrl]: { 'Fn::Join': ['', [cognitoIssuer, '/.well-known/jwks.json']] },
  [ENV.jwtAudience]: { Ref: 'SpeakerUserPoolClient' },
  [ENV.speechProvider]: 'aws',
};

// Rate limits and lifecycle timers: set in the deploying environment to override the defaults.
const tunables = [
  ENV.rateLimitSessionCreations,
  ENV.rateLimitListenerJoins,
  ENV.rateLimitConnectionAttempts,
  ENV.rateLimitFailedConnects,
  ENV.rateLimitHeartbeats,
  ENV.rateLimitAudioChunks,
  ENV.connectionRefreshAfterSeconds,
  ENV.connectionWarningAfterSeconds,
  ENV.connectionWarningIntervalSeconds,
  ENV.connectionMaxAgeSeconds,
  ENV.connectionIdleTimeoutSeconds,
  ENV.connectionNoticesPerSweep,
  ENV.speakerGraceSeconds,
  ENV.maxListenersPerSession,
  ENV.maxActiveSessions,
  ENV.replayWindowMs,
];

// The local stage tool sets endpoints, ports and shortened timers in the environment.
const localEnvironment = passThroughEnv(Object.values(ENV));

const wsActionRoutes = CLIENT_ACTIONS.filter((action) => action !== 'sendAudio').map((route) => ({
  websocket: { route },
}));

const config = baseServerlessConfig({
  app: 'session-management',
  stage,
  offlinePorts: { httpPort: 4200, websocketPort: 4201, lambdaPort: 4202 },
  provider: {
    websocketsApiName: `lingocast-${stage}-websocket`,
    websocketsApiRouteSelectionExpression: '$request.body.action',
    httpApi: { cors: true, name: `lingocast-${stage}-http` },
  },
  environment: {
    [ENV.ingestAudioFunction]: ingestAudio,
    [ENV.connectionReadyFunction]: connectionReady,
    ...(isLocal ? localEnvironment : { ...deployedEnvironment, ...passThroughEnv(tunables) }),
  },
  // Every function has a role of its own, with only what it uses: infra/iam.ts.
  iamStatements: [],
  functions: {
    createSession: {
      handler: 'src/handlers/http.createSessionHandler',
      events: [{ httpApi: { method: 'POST', path: '/sessions' } }],
    },
    getSession: {
      handler: 'src/handlers/http.getSessionHandler',
      events: [{ httpApi: { method: 'GET', path: '/sessions/{id}' } }],
    },
    updateSession: {
      handler: 'src/handlers/http.updateSessionHandler',
      events: [{ httpApi: { method: 'PATCH', path: '/sessions/{id}' } }],
    },
    deleteSession: {
      handler: 'src/handlers/http.deleteSessionHandler',
      events: [{ httpApi: { method: 'DELETE', path: '/sessions/{id}' } }],
    },
    languages: {
      handler: 'src/handlers/http.languagesHandler',
      events: [{ httpApi: { method: 'GET', path: '/languages' } }],
    },
    health: {
      handler: 'src/handlers/http.healthHandler',
      events: [{ httpApi: { method: 'GET', path: '/health' } }],
    },
    // Locally it first refuses a request without the identity sources, as API Gateway does.
    wsAuthorizer: {
      handler: isLocal
        ? 'src/handlers/ws-authorizer.localAuthorizeConnection'
        : 'src/handlers/ws-authorizer.authorizeConnection',
    },
    wsConnect: {
      handler: 'src/handlers/ws-connection.connectHandler',
      events: [
        {
          websocket: {
            route: '$connect',
            // Without it the framework configures `route.request.header.Auth`, which no client sends.
            authorizer: { name: 'wsAuthorizer', identitySource: [...CONNECT_IDENTITY_SOURCES] },
          },
        },
      ],
    },
    wsDisconnect: {
      handler: 'src/handlers/ws-connection.disconnectHandler',
      events: [{ websocket: { route: '$disconnect' } }],
    },
    wsMessage: {
      handler: 'src/handlers/ws-message.messageHandler',
      events: [...wsActionRoutes, { websocket: { route: '$default' } }],
    },
    // The audio path has its own function: its own concurrency, memory and metrics.
    sendAudio: {
      handler: 'src/handlers/ws-message.messageHandler',
      memorySize: 256,
      events: [{ websocket: { route: 'sendAudio' } }],
    },
    connectionReady: { handler: 'src/handlers/ws-connection.connectionReadyHandler', timeout: 10 },
    // Lifecycle messages, idle/dead connections, count repair, speakerless sessions, gauges.
    sweepConnections: {
      handler: 'src/handlers/sweep.sweepHandler',
      timeout: 60,
      events: [{ schedule: { rate: ['rate(1 minute)'], enabled: !isLocal } }],
    },
    // serverless-offline runs no schedules: on the local stage the sweeper is also an HTTP route.
    ...(isLocal
      ? {
          localSweep: {
            handler: 'src/handlers/sweep.localSweepHandler',
            events: [{ httpApi: { method: 'POST', path: '/local/sweep' } }],
          },
        }
      : {}),
  },
  resources: isLocal
    ? {}
    : {
        ...cloudFormationTables('session-management', stage),
        SpeakerUserPool: {
          Type: 'AWS::Cognito::UserPool',
          // Speaker accounts outlive a prod stack; dev's go with it.
          ...retentionPolicies(stage),
          Properties: {
            UserPoolName: `lingocast-${stage}-speakers`,
            UsernameAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
            AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          },
        },
        SpeakerUserPoolClient: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: { Ref: 'SpeakerUserPool' },
            ClientName: `lingocast-${stage}-clients`,
            GenerateSecret: false,
            ExplicitAuthFlows: [
              'ALLOW_USER_PASSWORD_AUTH',
              'ALLOW_REFRESH_TOKEN_AUTH',
              'ALLOW_USER_SRP_AUTH',
            ],
          },
        },
      },
  outputs: isLocal
    ? {}
    : {
        WebSocketUrl: {
          Value: {
            'Fn::Join': [
              '',
              [
                'wss://',
                { Ref: 'WebsocketsApi' },
                '.execute-api.',
                { Ref: 'AWS::Region' },
                `.amazonaws.com/${stage}`,
              ],
            ],
          },
        },
        WebSocketManagementEndpoint: {
          Value: deployedEnvironment[ENV.websocketManagementEndpoint],
          Export: { Name: websocketManagementEndpointExportName(stage) },
        },
        UserPoolId: { Value: { Ref: 'SpeakerUserPool' } },
        UserPoolClientId: { Value: { Ref: 'SpeakerUserPoolClient' } },
      },
});

// Alarms (sized by MAX_ACTIVE_SESSIONS, default 100), topic, roles, limits, logs: infra/operations.ts.
export default isLocal
  ? config
  : withOperations(
      config,
      sessionManagementOperations(stage, {
        maxActiveSessions: readMaxActiveSessions(process.env),
        alarmEmail: alarmEmail(),
      }),
    );
