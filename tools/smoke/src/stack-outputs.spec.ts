import { sessionManagementStack, stackOutputs } from './stack-outputs';

describe('stackOutputs', () => {
  it('reads the outputs with the AWS CLI in the given region', async () => {
    // Prepare
    const calls: string[][] = [];
    const run = async (command: string, args: readonly string[]) => {
      calls.push([command, ...args]);
      return JSON.stringify([{ OutputKey: 'HttpApiUrl', OutputValue: 'https://h' }]);
    };

    // Act
    const outputs = await stackOutputs(sessionManagementStack('dev'), 'eu-west-1', run);

    // Assess
    expect(outputs).toEqual([{ OutputKey: 'HttpApiUrl', OutputValue: 'https://h' }]);
    expect(calls).toEqual([
      [
        'aws',
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        'lingocast-session-management-dev',
        '--region',
        'eu-west-1',
        '--query',
        'Stacks[0].Outputs',
        '--output',
        'json',
      ],
    ]);
  });

  it.each([
    [
      'the CLI fails',
      () => Promise.reject(new Error('Stack does not exist')),
      /cannot read stack s in r .*Stack does not exist/,
    ],
    ['it prints no JSON', () => Promise.resolve('oops'), /the AWS CLI printed no JSON/],
    ['the stack has no outputs', () => Promise.resolve('null'), /stack s lists no outputs/],
  ])('fails with STACK_UNREADABLE when %s', async (_, run, message) => {
    // Act
    const reading = stackOutputs('s', 'r', run);

    // Assess
    await expect(reading).rejects.toMatchObject({
      code: 'STACK_UNREADABLE',
      message: expect.stringMatching(message),
    });
  });
});
