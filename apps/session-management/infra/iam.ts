import type { IamStatement } from '@lingocast/stack';
import {
  FAILURE_QUEUE_LOGICAL_ID,
  WEBSOCKET_API,
  functionName,
  functionRole,
  functionRoleId,
  lambdaArn,
  serviceName,
  tableArn,
} from '@lingocast/stack';
import { tableName } from '@lingocast/tables';
import { SESSION_MANAGEMENT_FUNCTIONS } from './alarms';

const SERVICE = serviceName('session-management');

function tableStatement(actions: string[], tables: string[], withIndexes = false): IamStatement {
  return {
    Effect: 'Allow',
    Action: actions.map((action) => `dynamodb:${action}`),
    Resource: tables.flatMap((table) => [
      tableArn(table),
      ...(withIndexes ? [tableArn(`${table}/index/*`)] : []),
    ]),
  };
}

/**
 * `execute-api:ManageConnections` on this stage's WebSocket API only (send, close, status of a
 * connection): not another API, stage, account or region.
 *
 * @example
 * iamStatements: [manageOwnConnections(stage), …]
 */
export function manageOwnConnections(stage: string): IamStatement {
  return {
    Effect: 'Allow',
    Action: ['execute-api:ManageConnections'],
    Resource: [
      {
        'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${WEBSOCKET_API.api}}/${stage}/*/@connections/*`,
      },
    ],
  };
}

type SessionManagementFunction = (typeof SESSION_MANAGEMENT_FUNCTIONS)[number];

/**
 * What each function may do, and nothing more. The WebSocket routes and the session-writing HTTP
 * routes read and write sessions, connections and rate limits, post to and close connections, and
 * forward audio; only the sweeper scans; the authorizer touches only the rate limits; the read-only
 * routes only read sessions. With a role on every function the framework makes no shared role (whose
 * `ManageConnections` it would grant on every API of every account and region).
 *
 * @example
 * sessionManagementStatements('dev').sweepConnections // [ … Scan … ]
 */
export function sessionManagementStatements(
  stage: string,
): Record<SessionManagementFunction, IamStatement[]> {
  const sessions = tableName('sessions', stage);
  const connections = tableName('connections', stage);
  const rateLimits = tableName('rateLimits', stage);
  const replayWindow = tableName('replayWindow', stage);
  const ingestAudio = lambdaArn(functionName('audio-transcription', stage, 'ingestAudio'));
  const connectionReady = lambdaArn(functionName('session-management', stage, 'connectionReady'));
  const readWrite = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'ConditionCheckItem'];
  const limits = tableStatement(['GetItem', 'UpdateItem'], [rateLimits]);
  const readSessions = tableStatement(['GetItem'], [sessions]);
  const invoke = (...arns: unknown[]): IamStatement => ({
    Effect: 'Allow',
    Action: ['lambda:InvokeFunction'],
    Resource: arns,
  });
  const failureQueue: IamStatement = {
    Effect: 'Allow',
    Action: ['sqs:SendMessage'],
    Resource: [{ 'Fn::GetAtt': [FAILURE_QUEUE_LOGICAL_ID, 'Arn'] }],
  };
  const live = [
    tableStatement(readWrite, [sessions, connections], true),
    limits,
    manageOwnConnections(stage),
    // Audio is forwarded (and flushed on pause, end and takeover); new connections are greeted.
    invoke(ingestAudio, connectionReady),
  ];
  return {
    createSession: [tableStatement(['GetItem', 'PutItem', 'UpdateItem'], [sessions]), limits],
    getSession: [readSessions],
    updateSession: live,
    deleteSession: live,
    languages: [],
    health: [readSessions],
    // Counts failed connects per address.
    wsAuthorizer: [limits],
    wsConnect: live,
    wsDisconnect: live,
    // `replay`: what a listener missed, read from translation-pipeline's replay window; a changed
    // language is noted there as heard, as a greeted listener's is (so it lingers if they drop); a
    // greeting (here `joinSession`'s) reads the session's newest utterance number there.
    wsMessage: [...live, tableStatement(['GetItem', 'Query', 'UpdateItem'], [replayWindow])],
    sendAudio: live,
    connectionReady: [...live, tableStatement(['GetItem', 'UpdateItem'], [replayWindow]), failureQueue],
    sweepConnections: [
      tableStatement([...readWrite, 'Scan'], [sessions, connections], true),
      manageOwnConnections(stage),
      // Ending a speakerless session flushes its audio.
      invoke(ingestAudio),
      failureQueue,
    ],
  };
}

/**
 * The roles of `sessionManagementStatements`, one per function, as template resources.
 *
 * @example
 * resources: { ...sessionManagementRoles('dev') } // { SweepConnectionsRole: …, WsAuthorizerRole: …, … }
 */
export function sessionManagementRoles(stage: string): Record<string, unknown> {
  return Object.assign(
    {},
    ...Object.entries(sessionManagementStatements(stage)).map(([fn, statements]) =>
      functionRole(SERVICE, stage, fn, statements),
    ),
  ) as Record<string, unknown>;
}

/** `role:` of every function: its own role from `sessionManagementRoles`. */
export function sessionManagementFunctionRoles(): Record<string, { role: string }> {
  return Object.fromEntries(SESSION_MANAGEMENT_FUNCTIONS.map((fn) => [fn, { role: functionRoleId(fn) }]));
}
