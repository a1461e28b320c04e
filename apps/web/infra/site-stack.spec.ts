import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specification } from '@aws-cdk/cfnspec';
import type { CfnSpecification } from '@lingocast/stack';
import { checkTemplate } from '@lingocast/stack';
import type { HeadersFile } from './site-stack';
import { MANAGED_CACHE_POLICY, routeRequest, siteStack } from './site-stack';

const CSP = "default-src 'self'; script-src 'self' blob:; connect-src 'self' https://api.example";
const headers: HeadersFile = {
  'index.html': {
    'Content-Security-Policy': CSP,
    'Permissions-Policy': 'microphone=(self)',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  },
  'listen.html': {
    'Content-Security-Policy': CSP,
    'Permissions-Policy': 'microphone=()',
    'X-Content-Type-Options': 'nosniff',
  },
};

interface Behavior {
  PathPattern?: string;
  ViewerProtocolPolicy: string;
  CachePolicyId: string;
  ResponseHeadersPolicyId: unknown;
  FunctionAssociations: Array<{ FunctionARN: unknown }>;
}
interface HeadersPolicyConfig {
  SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } };
  CustomHeadersConfig: { Items: Array<{ Header: string; Value: string }> };
}
interface BucketPolicyStatement {
  Principal: unknown;
  Condition: { StringEquals: Record<string, { 'Fn::Sub': string }> };
}
/** The parts of the packaged template these tests read. */
interface Properties {
  DistributionConfig: {
    Origins: Array<{ OriginAccessControlId: unknown }>;
    DefaultCacheBehavior: Behavior;
    CacheBehaviors: Behavior[];
  };
  PublicAccessBlockConfiguration: unknown;
  PolicyDocument: { Statement: BucketPolicyStatement[] };
  ResponseHeadersPolicyConfig: HeadersPolicyConfig;
}
type Resource = { Type: string; DeletionPolicy?: string; Properties: Properties };

/** `serverless package` of apps/web, offline, with the headers above; the template CloudFormation gets. */
function packagedTemplate(stage: string): {
  Resources: Record<string, Resource>;
  Outputs: Record<string, unknown>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'web-package-'));
  try {
    const headersFile = join(dir, 'headers.json');
    writeFileSync(headersFile, JSON.stringify(headers));
    execFileSync(
      join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'serverless'),
      ['package', '--stage', stage, '--package', join(dir, 'out')],
      {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          WEB_HEADERS_FILE: headersFile,
          AWS_ACCESS_KEY_ID: 'offline',
          AWS_SECRET_ACCESS_KEY: 'offline',
          SLS_TELEMETRY_DISABLED: '1',
        },
        stdio: 'pipe',
      },
    );
    return JSON.parse(readFileSync(join(dir, 'out', 'cloudformation-template-update-stack.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the web stack as packaged', () => {
  const dev = packagedTemplate('dev');
  const resource = (id: string): Resource => {
    const found = dev.Resources[id];
    if (!found) throw new Error(`the template has no ${id}`);
    return found;
  };
  const distribution = resource('SiteDistribution').Properties.DistributionConfig;

  it('is valid against the CloudFormation resource specification', () => {
    expect(checkTemplate(dev, specification() as unknown as CfnSpecification)).toEqual([]);
  });

  it('keeps the bucket private: CloudFront alone reads it, through origin access control', () => {
    expect(resource('SiteBucket').Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [statement] = resource('SiteBucketPolicy').Properties.PolicyDocument.Statement;
    expect(statement?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(statement?.Condition.StringEquals['AWS:SourceArn']?.['Fn::Sub']).toContain('${SiteDistribution}');
    expect(distribution.Origins[0]?.OriginAccessControlId).toEqual({
      'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'],
    });
  });

  it('serves every path over HTTPS through the router, with a headers policy on each', () => {
    const behaviors = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
    for (const behavior of behaviors) {
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/Headers$/) });
      expect(behavior.FunctionAssociations[0]?.FunctionARN).toEqual({
        'Fn::GetAtt': ['SiteRouter', 'FunctionARN'],
      });
    }
    const byPath = Object.fromEntries(distribution.CacheBehaviors.map((b) => [b.PathPattern, b]));
    expect(byPath['/listen*']?.ResponseHeadersPolicyId).toEqual({ Ref: 'ListenerHeaders' });
    expect(byPath['/config.json']?.CachePolicyId).toBe(MANAGED_CACHE_POLICY.cachingDisabled);
    expect(byPath['/assets/*']?.CachePolicyId).toBe(MANAGED_CACHE_POLICY.cachingOptimized);
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: 'ConsoleHeaders' });
  });

  it('sends each page the headers the build gave it: CSP without unsafe-eval, microphone only on the console', () => {
    const policy = (id: string) => resource(id).Properties.ResponseHeadersPolicyConfig;
    for (const id of ['ConsoleHeaders', 'ListenerHeaders']) {
      const csp = policy(id).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
      expect(csp).toBe(CSP);
      expect(csp).not.toContain('unsafe-eval');
    }
    const permissions = (id: string) =>
      policy(id).CustomHeadersConfig.Items.find((item) => item.Header === 'permissions-policy')?.Value;
    expect(permissions('ConsoleHeaders')).toBe('microphone=(self)');
    expect(permissions('ListenerHeaders')).toBe('microphone=()');
  });

  it('deletes a dev stage whole and retains prod data', () => {
    expect(resource('SiteBucket').DeletionPolicy).toBe('Delete');
    expect(packagedTemplate('prod').Resources['SiteBucket']?.DeletionPolicy).toBe('Retain');
  });

  it('outputs what the deploy needs: the site URL, the bucket and the distribution', () => {
    expect(Object.keys(dev.Outputs)).toEqual(
      expect.arrayContaining(['SiteUrl', 'SiteBucketName', 'SiteDistributionId']),
    );
  });
});

describe('siteStack', () => {
  it('refuses headers without a Content-Security-Policy', () => {
    expect(() =>
      siteStack({
        stage: 'dev',
        retain: false,
        headers: { ...headers, 'listen.html': { 'X-Frame-Options': 'DENY' } },
      }),
    ).toThrow('lingocast-dev-listener: headers.json gives no Content-Security-Policy');
  });
});

describe('the router function', () => {
  it.each([
    ['/', '/index.html'],
    ['/listen/golden-eagle-427', '/listen.html'],
    ['/listen', '/listen.html'],
    ['/assets/listen-abc.js', '/assets/listen-abc.js'],
    ['/config.json', '/config.json'],
    ['/listening-tips', '/listening-tips'],
  ])('routes %s to %s', (uri, routed) => {
    expect(routeRequest(uri)).toBe(routed);
  });
});
