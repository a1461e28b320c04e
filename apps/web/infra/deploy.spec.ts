import type { DeployPorts } from './deploy';
import { CACHE_CONTROL, deployWeb } from './deploy';

const smOutputs = [
  { OutputKey: 'HttpApiUrl', OutputValue: 'https://abc.execute-api.eu-west-1.amazonaws.com' },
  { OutputKey: 'WebSocketUrl', OutputValue: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev' },
  { OutputKey: 'UserPoolClientId', OutputValue: 'client123' },
];
const webOutputs = [
  { OutputKey: 'SiteUrl', OutputValue: 'https://d111.cloudfront.net' },
  { OutputKey: 'SiteBucketName', OutputValue: 'lingocast-web-dev-sitebucket' },
  { OutputKey: 'SiteDistributionId', OutputValue: 'E123' },
];

function fakePorts(stacks: Record<string, unknown>) {
  const calls: string[] = [];
  const files = new Map<string, string>();
  const logs: string[] = [];
  const ports: DeployPorts = {
    async run(command, args, options) {
      calls.push([command, ...args, ...(options?.cwd ? [`(in ${options.cwd})`] : [])].join(' '));
      if (command === 'aws' && args[1] === 'describe-stacks') {
        const stack = args[args.indexOf('--stack-name') + 1] ?? '';
        if (!(stack in stacks)) throw new Error(`Stack with id ${stack} does not exist`);
        return JSON.stringify(stacks[stack]);
      }
      return '';
    },
    async writeFile(path, text) {
      files.set(path, text);
    },
    log: (line) => logs.push(line),
  };
  return { ports, calls, files, logs };
}

describe('deployWeb', () => {
  it('builds with the stage config, deploys the stack, uploads assets before pages and invalidates the pages', async () => {
    const { ports, calls, files } = fakePorts({
      'lingocast-session-management-dev': smOutputs,
      'lingocast-web-dev': webOutputs,
    });

    const url = await deployWeb({ stage: 'dev', region: 'eu-west-1', webRoot: 'apps/web' }, ports);

    expect(url).toBe('https://d111.cloudfront.net');
    const config = JSON.parse(files.get('apps/web/dist/config.json') ?? '{}');
    expect(config).toEqual({
      stage: 'dev',
      httpUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      websocketUrl: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev',
      auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client123' },
    });
    expect(files.get('apps/web/.serverless-config.json')).toBe(files.get('apps/web/dist/config.json'));
    const step = (fragment: string) => calls.findIndex((call) => call.includes(fragment));
    expect(calls[step('build.mjs')]).toBe(
      'node apps/web/scripts/build.mjs --config apps/web/.serverless-config.json',
    );
    expect(calls[step('serverless deploy')]).toBe(
      'npx serverless deploy --stage dev --region eu-west-1 (in apps/web)',
    );
    expect(step('describe-stacks --stack-name lingocast-session-management-dev')).toBeLessThan(
      step('build.mjs'),
    );
    expect(step('build.mjs')).toBeLessThan(step('serverless deploy'));
    expect(step('serverless deploy')).toBeLessThan(step('s3://lingocast-web-dev-sitebucket/assets'));
    expect(calls[step('s3://lingocast-web-dev-sitebucket/assets')]).toContain(CACHE_CONTROL.assets);
    const pagesSync = step('sync apps/web/dist s3://lingocast-web-dev-sitebucket ');
    expect(step('s3://lingocast-web-dev-sitebucket/assets')).toBeLessThan(pagesSync);
    expect(calls[pagesSync]).toContain(
      `--exclude assets/* --exclude headers.json --delete --cache-control ${CACHE_CONTROL.pages}`,
    );
    expect(calls.at(-1)).toBe(
      'aws cloudfront create-invalidation --distribution-id E123 --paths /index.html /listen.html /config.json /',
    );
  });

  it('stops before building anything when session-management has not been deployed to the stage', async () => {
    const { ports, calls, files } = fakePorts({});

    await expect(
      deployWeb({ stage: 'prod', region: 'eu-west-1', webRoot: 'apps/web' }, ports),
    ).rejects.toThrow('Stack with id lingocast-session-management-prod does not exist');
    expect(calls).toHaveLength(1);
    expect(files.size).toBe(0);
  });

  it('refuses a stack that lists no outputs', async () => {
    const { ports } = fakePorts({ 'lingocast-session-management-dev': null });

    await expect(
      deployWeb({ stage: 'dev', region: 'eu-west-1', webRoot: 'apps/web' }, ports),
    ).rejects.toThrow('stack lingocast-session-management-dev lists no outputs');
  });
});
