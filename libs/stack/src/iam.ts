import type { CfnResource } from './alarms';

/** An IAM policy statement. */
export interface IamStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: unknown;
}

/**
 * X-Ray accepts trace segments only on `Resource: "*"` (it has no resource-level permissions);
 * every function traces (`tracing.lambda`).
 */
export const XRAY_STATEMENT: IamStatement = {
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: '*',
};

/**
 * An execution role for one function of an app (Serverless v3 has no per-function roles: set the
 * function's `role:` to the returned logical id). It may write its own log group and traces, and
 * do what `statements` allow — nothing else.
 *
 * @example
 * functionRole('lingocast-session-management', 'dev', 'sweepConnections', [readSessions])
 * // { SweepConnectionsRole: { Type: 'AWS::IAM::Role', … } }
 */
export function functionRole(
  service: string,
  stage: string,
  fn: string,
  statements: readonly IamStatement[],
): Record<string, CfnResource> {
  const logGroup = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${stage}-${fn}`;
  const logicalId = functionRoleId(fn);
  return {
    [logicalId]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
          ],
        },
        Policies: [
          {
            PolicyName: `${service}-${stage}-${fn}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream'],
                  Resource: [{ 'Fn::Sub': `${logGroup}:*` }],
                },
                {
                  Effect: 'Allow',
                  Action: ['logs:PutLogEvents'],
                  Resource: [{ 'Fn::Sub': `${logGroup}:*:*` }],
                },
                XRAY_STATEMENT,
                ...statements,
              ],
            },
          },
        ],
      },
    },
  };
}

/** The logical id `functionRole` gives a function's role. */
export function functionRoleId(fn: string): string {
  return `${fn.charAt(0).toUpperCase()}${fn.slice(1)}Role`;
}
