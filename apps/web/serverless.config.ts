// The web app's stack: static pages on S3 behind CloudFront (infra/site-stack.ts). No functions.
// `serverless package|deploy` reads dist/headers.json, so the pages are built first
// (`nx run web:package` and `web:deploy` do that).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageFromArgv } from '@lingocast/stack';
import type { HeadersFile } from './infra/site-stack';
import { siteStack } from './infra/site-stack';

const stage = stageFromArgv();
// WEB_HEADERS_FILE: the template tests package with headers of their own.
const headersPath = process.env['WEB_HEADERS_FILE'] ?? join(__dirname, 'dist', 'headers.json');

function readHeaders(): HeadersFile {
  try {
    return JSON.parse(readFileSync(headersPath, 'utf8')) as HeadersFile;
  } catch (error) {
    throw new Error(
      `${headersPath} is missing or unreadable: build the pages first (node apps/web/scripts/build.mjs): ${String(error)}`,
    );
  }
}

const { Resources, Outputs } = siteStack({ stage, headers: readHeaders(), retain: stage === 'prod' });

export default {
  service: 'lingocast-web',
  frameworkVersion: '3',
  provider: {
    name: 'aws',
    stage,
    region: '${opt:region, "us-east-1"}',
    deploymentMethod: 'direct',
    tags: { project: 'lingocast', app: 'web', stage },
  },
  functions: {},
  resources: { Resources, Outputs },
};
