import { execFile } from 'node:child_process';
import type { StackOutputs } from './target';
import { SmokeConfigError } from './target';

/** Runs a command and resolves with what it printed; rejects with its stderr. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout),
    );
  });

/** session-management's stack of a stage, which holds the endpoints. */
export function sessionManagementStack(stage: string): string {
  return `lingocast-session-management-${stage}`;
}

/**
 * A stack's outputs through the AWS CLI (the SRE's own credentials and profile).
 *
 * @example
 * await stackOutputs('lingocast-session-management-dev', 'eu-west-1'); // [{ OutputKey: 'HttpApiUrl', … }]
 */
export async function stackOutputs(
  stack: string,
  region: string,
  run: CommandRunner = runCommand,
): Promise<StackOutputs> {
  let text: string;
  try {
    text = await run('aws', [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      stack,
      '--region',
      region,
      '--query',
      'Stacks[0].Outputs',
      '--output',
      'json',
    ]);
  } catch (error) {
    throw new SmokeConfigError(
      'STACK_UNREADABLE',
      `cannot read stack ${stack} in ${region} (aws cloudformation describe-stacks): ${(error as Error).message}`,
      { cause: error },
    );
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(text || 'null');
  } catch (error) {
    throw new SmokeConfigError('STACK_UNREADABLE', `stack ${stack}: the AWS CLI printed no JSON`, {
      cause: error,
    });
  }
  if (!Array.isArray(outputs))
    throw new SmokeConfigError('STACK_UNREADABLE', `stack ${stack} lists no outputs`);
  return outputs as StackOutputs;
}
