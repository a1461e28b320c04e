import { XRAY_STATEMENT, functionRole, functionRoleId } from './iam';

describe('functionRole', () => {
  it('lets one function write its own logs and traces, plus what it is given', () => {
    // Prepare
    const extra = {
      Effect: 'Allow' as const,
      Action: ['sqs:SendMessage'],
      Resource: ['arn:aws:sqs:us-east-1:1:q'],
    };

    // Act
    const resources = functionRole('lingocast-x', 'dev', 'sweepConnections', [extra]);

    // Assess
    expect(Object.keys(resources)).toEqual([functionRoleId('sweepConnections')]);
    const statements = (
      resources['SweepConnectionsRole']?.Properties['Policies'] as Array<{
        PolicyDocument: { Statement: unknown[] };
      }>
    )[0]?.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream'],
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/lingocast-x-dev-sweepConnections:*',
          },
        ],
      },
      {
        Effect: 'Allow',
        Action: ['logs:PutLogEvents'],
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/lingocast-x-dev-sweepConnections:*:*',
          },
        ],
      },
      XRAY_STATEMENT,
      extra,
    ]);
  });
});
