import { join } from 'node:path';
import type { StackOutputs } from './deployed-config';
import { DeployError, deployedConfig, outputValue } from './deployed-config';

/** What the deploy does to the world: commands (aws, node, serverless), files, progress lines. */
export interface DeployPorts {
  /** Runs a command; resolves with its standard output, rejects when it exits non-zero. */
  run(command: string, args: readonly string[], options?: { cwd?: string }): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  log(line: string): void;
}

export interface DeployOptions {
  stage: string;
  region: string;
  /** apps/web. */
  webRoot: string;
}

/** Cache-Control of what the sync uploads: hashed assets for good, everything else revalidated. */
export const CACHE_CONTROL = {
  assets: 'public, max-age=31536000, immutable',
  pages: 'no-cache',
} as const;

async function stackOutputs(ports: DeployPorts, stack: string, region: string): Promise<StackOutputs> {
  const text = await ports.run('aws', [
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
  const outputs: unknown = JSON.parse(text || 'null');
  if (!Array.isArray(outputs)) throw new DeployError(`stack ${stack} lists no outputs`);
  return outputs as StackOutputs;
}

/**
 * Deploys the web app to a stage: config.json from session-management's outputs, a build whose CSP
 * names those API origins, the S3 + CloudFront stack, the upload, and a CloudFront invalidation.
 * Resolves with the site's URL.
 *
 * @example
 * const url = await deployWeb({ stage: 'dev', region: 'eu-west-1', webRoot: 'apps/web' }, systemPorts);
 */
export async function deployWeb(options: DeployOptions, ports: DeployPorts): Promise<string> {
  const { stage, region, webRoot } = options;
  const dist = join(webRoot, 'dist');
  const sessionManagementStack = `lingocast-session-management-${stage}`;
  ports.log(`… reading ${sessionManagementStack}'s outputs`);
  const config = deployedConfig({
    stage,
    region,
    sessionManagement: await stackOutputs(ports, sessionManagementStack, region),
    stackName: sessionManagementStack,
  });
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  const configFile = join(webRoot, '.serverless-config.json');
  await ports.writeFile(configFile, configText);
  ports.log('… building the pages (CSP with the stage API origins)');
  await ports.run('node', [join(webRoot, 'scripts', 'build.mjs'), '--config', configFile]);
  await ports.writeFile(join(dist, 'config.json'), configText);
  ports.log(`… deploying lingocast-web-${stage} (S3 + CloudFront)`);
  await ports.run('npx', ['serverless', 'deploy', '--stage', stage, '--region', region], { cwd: webRoot });
  const webStack = `lingocast-web-${stage}`;
  const web = await stackOutputs(ports, webStack, region);
  const bucket = outputValue(web, 'SiteBucketName', webStack);
  const distribution = outputValue(web, 'SiteDistributionId', webStack);
  const siteUrl = outputValue(web, 'SiteUrl', webStack);
  ports.log(`… uploading to s3://${bucket}`);
  await ports.run('aws', [
    's3',
    'sync',
    join(dist, 'assets'),
    `s3://${bucket}/assets`,
    '--region',
    region,
    '--cache-control',
    CACHE_CONTROL.assets,
  ]);
  // Pages last, so no page names an asset that is not there yet; old assets stay for open pages.
  await ports.run('aws', [
    's3',
    'sync',
    dist,
    `s3://${bucket}`,
    '--region',
    region,
    '--exclude',
    'assets/*',
    '--exclude',
    'headers.json',
    '--delete',
    '--cache-control',
    CACHE_CONTROL.pages,
  ]);
  await ports.run('aws', [
    'cloudfront',
    'create-invalidation',
    '--distribution-id',
    distribution,
    '--paths',
    '/index.html',
    '/listen.html',
    '/config.json',
    '/',
  ]);
  ports.log(`✔ web deployed: console ${siteUrl}/ · listeners ${siteUrl}/listen/<session id>`);
  return siteUrl;
}
