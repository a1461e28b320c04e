// The web app's AWS stack: a private S3 bucket behind CloudFront (origin access control), a
// CloudFront Function that routes `/listen/<id>` to the listener page, and one response-headers
// policy per page made from the headers the build writes to dist/headers.json (one source for the
// local stage's web server and CloudFront).

/** Headers one page must be served with: `{ 'content-security-policy': '…', … }`. */
export type PageHeaders = Record<string, string>;

/** dist/headers.json: the headers of each page file. */
export interface HeadersFile {
  'index.html': PageHeaders;
  'listen.html': PageHeaders;
}

export interface SiteStackOptions {
  stage: string;
  headers: HeadersFile;
  /** Stages whose bucket survives a `serverless remove` (prod). */
  retain: boolean;
}

/** AWS managed cache policies (ids are fixed by CloudFront). */
export const MANAGED_CACHE_POLICY = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
} as const;

/**
 * The viewer-request function: `/` is the console, every `/listen/<sessionId>` the listener page
 * (one HTML file; the page reads the id from its own URL). cloudfront-js-2.0 runtime.
 */
export const ROUTER_FUNCTION_CODE = [
  'function handler(event) {',
  '  var request = event.request;',
  "  if (request.uri === '/') request.uri = '/index.html';",
  "  else if (request.uri === '/listen' || request.uri.indexOf('/listen/') === 0) request.uri = '/listen.html';",
  '  return request;',
  '}',
].join('\n');

/** What `routeRequest` does to a path, for tests (the same rule as ROUTER_FUNCTION_CODE). */
export function routeRequest(uri: string): string {
  const handler = new Function(`${ROUTER_FUNCTION_CODE}; return handler;`)() as (event: {
    request: { uri: string };
  }) => { uri: string };
  return handler({ request: { uri } }).uri;
}

const SECURITY_HEADER_NAMES = new Set([
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
  'x-frame-options',
]);

const STRICT_TRANSPORT = { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true };

/**
 * A CloudFront response-headers policy that sets a page's headers as headers.json gives them (the
 * build puts the deployed API origins in the CSP's connect-src when it is given the stage's config.json).
 */
function responseHeadersPolicy(name: string, headers: PageHeaders): Record<string, unknown> {
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const csp = lower['content-security-policy'];
  if (!csp) throw new Error(`${name}: headers.json gives no Content-Security-Policy`);
  const custom = Object.entries(lower)
    .filter(([key]) => !SECURITY_HEADER_NAMES.has(key))
    .map(([header, value]) => ({ Header: header, Value: value, Override: true }));
  return {
    Type: 'AWS::CloudFront::ResponseHeadersPolicy',
    Properties: {
      ResponseHeadersPolicyConfig: {
        Name: name,
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: lower['referrer-policy'] ?? 'no-referrer', Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: STRICT_TRANSPORT,
        },
        ...(custom.length > 0 ? { CustomHeadersConfig: { Items: custom } } : {}),
      },
    },
  };
}

/**
 * The CloudFormation resources and outputs of the web app for one stage.
 *
 * @example
 * const { Resources, Outputs } = siteStack({ stage: 'dev', headers, retain: false });
 */
export function siteStack(options: SiteStackOptions): {
  Resources: Record<string, unknown>;
  Outputs: Record<string, unknown>;
} {
  const { stage } = options;
  const deletionPolicy = options.retain ? 'Retain' : 'Delete';
  const cacheBehavior = (pathPattern: string, headersPolicy: string, cachePolicy: string) => ({
    PathPattern: pathPattern,
    TargetOriginId: 'site',
    ViewerProtocolPolicy: 'redirect-to-https',
    Compress: true,
    AllowedMethods: ['GET', 'HEAD'],
    CachePolicyId: cachePolicy,
    ResponseHeadersPolicyId: { Ref: headersPolicy },
    FunctionAssociations: [
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['SiteRouter', 'FunctionARN'] } },
    ],
  });
  return {
    Resources: {
      SiteBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: deletionPolicy,
        UpdateReplacePolicy: deletionPolicy,
        Properties: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          Tags: [
            { Key: 'project', Value: 'lingocast' },
            { Key: 'app', Value: 'web' },
            { Key: 'stage', Value: stage },
          ],
        },
      },
      SiteOriginAccessControl: {
        Type: 'AWS::CloudFront::OriginAccessControl',
        Properties: {
          OriginAccessControlConfig: {
            Name: `lingocast-${stage}-web`,
            OriginAccessControlOriginType: 's3',
            SigningBehavior: 'always',
            SigningProtocol: 'sigv4',
          },
        },
      },
      SiteRouter: {
        Type: 'AWS::CloudFront::Function',
        Properties: {
          Name: `lingocast-${stage}-web-router`,
          AutoPublish: true,
          FunctionCode: ROUTER_FUNCTION_CODE,
          FunctionConfig: { Comment: '/listen/<id> → listen.html', Runtime: 'cloudfront-js-2.0' },
        },
      },
      ConsoleHeaders: responseHeadersPolicy(`lingocast-${stage}-console`, options.headers['index.html']),
      ListenerHeaders: responseHeadersPolicy(`lingocast-${stage}-listener`, options.headers['listen.html']),
      // Hashed scripts and styles: their Cache-Control comes from S3 (immutable), not a page's no-cache.
      AssetHeaders: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: `lingocast-${stage}-assets`,
            SecurityHeadersConfig: {
              ContentTypeOptions: { Override: true },
              StrictTransportSecurity: STRICT_TRANSPORT,
            },
          },
        },
      },
      SiteDistribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            Comment: `LingoCast web (${stage})`,
            HttpVersion: 'http2and3',
            PriceClass: 'PriceClass_100',
            DefaultRootObject: 'index.html',
            Origins: [
              {
                Id: 'site',
                DomainName: { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] },
                OriginAccessControlId: { 'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'] },
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
            ],
            // The console at `/` (and anything not matched below); HTML is never cached at the edge.
            DefaultCacheBehavior: (({ PathPattern: _path, ...rest }) => rest)(
              cacheBehavior('*', 'ConsoleHeaders', MANAGED_CACHE_POLICY.cachingDisabled),
            ),
            CacheBehaviors: [
              cacheBehavior('/listen*', 'ListenerHeaders', MANAGED_CACHE_POLICY.cachingDisabled),
              cacheBehavior('/config.json', 'ListenerHeaders', MANAGED_CACHE_POLICY.cachingDisabled),
              // Hashed file names: cached for good.
              cacheBehavior('/assets/*', 'AssetHeaders', MANAGED_CACHE_POLICY.cachingOptimized),
            ],
          },
        },
      },
      SiteBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'SiteBucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'CloudFrontReadsThisStagesSite',
                Effect: 'Allow',
                Principal: { Service: 'cloudfront.amazonaws.com' },
                Action: 's3:GetObject',
                Resource: { 'Fn::Sub': '${SiteBucket.Arn}/*' },
                Condition: {
                  StringEquals: {
                    'AWS:SourceArn': {
                      'Fn::Sub': 'arn:aws:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}',
                    },
                  },
                },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      SiteUrl: { Value: { 'Fn::Sub': 'https://${SiteDistribution.DomainName}' } },
      SiteBucketName: { Value: { Ref: 'SiteBucket' } },
      SiteDistributionId: { Value: { Ref: 'SiteDistribution' } },
    },
  };
}
