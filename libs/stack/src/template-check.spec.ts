import { specification } from '@aws-cdk/cfnspec';
import type { CfnSpecification } from './template-check';
import { checkTemplate } from './template-check';

const spec = specification() as unknown as CfnSpecification;

function bucket(properties: Record<string, unknown>) {
  return { Resources: { Site: { Type: 'AWS::S3::Bucket', Properties: properties } } };
}

describe('checkTemplate', () => {
  it('accepts a well-formed resource with intrinsic functions in place of values', () => {
    const template = {
      Resources: {
        Site: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: { 'Fn::Sub': 'site-${AWS::AccountId}' },
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: 'true' },
            Tags: [{ Key: 'app', Value: 'web' }],
          },
        },
        Policy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: { Ref: 'Site' }, PolicyDocument: { Statement: [] } },
        },
      },
    };

    expect(checkTemplate(template, spec)).toEqual([]);
  });

  it('names an unknown property with its path', () => {
    expect(checkTemplate(bucket({ BucketNmae: 'x' }), spec)).toEqual([
      { path: 'Resources.Site.Properties.BucketNmae', problem: 'unknown property of AWS::S3::Bucket' },
    ]);
  });

  it('finds a missing required property inside a nested property type', () => {
    const template = {
      Resources: {
        Fn: {
          Type: 'AWS::CloudFront::Function',
          Properties: {
            Name: 'route',
            FunctionCode: 'x',
            AutoPublish: true,
            FunctionConfig: { Comment: 'c' },
          },
        },
      },
    };

    expect(checkTemplate(template, spec)).toEqual([
      { path: 'Resources.Fn.Properties.FunctionConfig.Runtime', problem: 'required property missing' },
    ]);
  });

  it('finds values of the wrong type in primitives, lists and list items', () => {
    const problems = checkTemplate(
      bucket({
        BucketName: 42,
        Tags: { Key: 'a', Value: 'b' },
        CorsConfiguration: { CorsRules: [{ AllowedMethods: [7], AllowedOrigins: ['*'], MaxAge: 'soon' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: 'yes' },
      }),
      spec,
    );

    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'Resources.Site.Properties.BucketName', problem: 'expected a string, got 42' },
        { path: 'Resources.Site.Properties.Tags', problem: 'expected a list' },
        {
          path: 'Resources.Site.Properties.CorsConfiguration.CorsRules[0].AllowedMethods[0]',
          problem: 'expected a string, got 7',
        },
        {
          path: 'Resources.Site.Properties.CorsConfiguration.CorsRules[0].MaxAge',
          problem: 'expected a number, got "soon"',
        },
        {
          path: 'Resources.Site.Properties.PublicAccessBlockConfiguration.BlockPublicAcls',
          problem: 'expected a boolean, got "yes"',
        },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('reports unknown resource types, resources without a type and non-object properties', () => {
    const template = {
      Resources: {
        Typo: { Type: 'AWS::S3::Bukket', Properties: {} },
        NoType: { Properties: {} },
        Custom: { Type: 'Custom::Anything', Properties: { Whatever: 1 } },
        Scalar: { Type: 'AWS::S3::Bucket', Properties: 'oops' },
      },
    };

    expect(checkTemplate(template, spec)).toEqual([
      { path: 'Resources.Typo', problem: 'unknown resource type AWS::S3::Bukket' },
      { path: 'Resources.NoType', problem: 'a resource needs a Type' },
      { path: 'Resources.Scalar.Properties', problem: 'expected an object, got "oops"' },
    ]);
  });

  it('checks map values against their item type', () => {
    const lambda = (variables: unknown) => ({
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Role: 'arn', Code: { ZipFile: 'x' }, Environment: { Variables: variables } },
        },
      },
    });

    expect(checkTemplate(lambda({ STAGE: 'dev' }), spec)).toEqual([]);
    expect(checkTemplate(lambda({ STAGE: 1 }), spec)).toEqual([
      { path: 'Resources.Fn.Properties.Environment.Variables[STAGE]', problem: 'expected a string, got 1' },
    ]);
    expect(checkTemplate(lambda(['STAGE']), spec)).toEqual([
      { path: 'Resources.Fn.Properties.Environment.Variables', problem: 'expected a map' },
    ]);
  });
});
