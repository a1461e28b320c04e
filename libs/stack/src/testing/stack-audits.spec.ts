import { join } from 'node:path';
import type { CfnResource } from '../alarms';
import { importedAlarmTopicArn, lambdaErrorAlarms, withAlarmActions } from '../alarms';
import { postToStageWebsocketStatement } from '../apis';
import { appDashboard } from '../dashboard';
import type { AuditedTemplate } from '../template-audit';
import type { PackagedTemplates } from './packaged-templates';
import { usePackagedTemplates } from './packaged-templates';
import {
  alarmMetricProblems,
  dashboardBody,
  itPassesTheImportedTopicAudits,
  lambdaErrorAlarmTargets,
  specificationProblems,
} from './stack-audits';

// A template made by the lib's own builders, as an app that imports the alarm topic deploys it.
const alarms = withAlarmActions(
  lambdaErrorAlarms('dev', 'lingocast-translation-pipeline', ['translateUtterance']),
  importedAlarmTopicArn('dev'),
);
const compliant: AuditedTemplate = {
  Resources: {
    TranslateUtteranceLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'lingocast-translation-pipeline-dev-translateUtterance',
        Code: { ZipFile: 'exports.handler = async () => undefined;' },
        Role: { 'Fn::GetAtt': ['FanOutRole', 'Arn'] },
      },
    },
    FanOutRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [
          {
            PolicyName: 'fan-out',
            PolicyDocument: {
              Statement: [
                postToStageWebsocketStatement('dev'),
                {
                  Effect: 'Allow',
                  Action: ['sqs:SendMessage'],
                  Resource: [{ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] }],
                },
              ],
            },
          },
        ],
      },
    },
    TranslateUtteranceLambdaEvConf: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'TranslateUtteranceLambdaFunction' },
        Qualifier: '$LATEST',
        MaximumEventAgeInSeconds: 60,
        MaximumRetryAttempts: 0,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] } },
        },
      },
    },
    ...(alarms as Record<string, CfnResource>),
    ...appDashboard('dev', 'translation-pipeline', alarms),
  },
};
const FIXTURE_APP_DIR = join(__dirname, 'minimal-app');
const both: PackagedTemplates = { appDir: FIXTURE_APP_DIR, dev: compliant, prod: compliant };

describe('the stack audits on a template the builders made', () => {
  itPassesTheImportedTopicAudits(both, {
    starOnlyActions: {},
    minFunctions: 1,
    asyncFunctions: ['TranslateUtteranceLambdaFunction'],
  });
});

describe('the audit helpers on a template that breaks the rules', () => {
  const broken: AuditedTemplate = {
    Resources: {
      Orphan: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'lingocast-x-dev-orphan' } },
      Deaf: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { AlarmName: 'lingocast-dev-deaf', Namespace: 'LingoCast', MetricName: 'Nothing' },
      },
    },
  };

  it('finds the missing required properties and the alarm nobody hears on a metric nobody publishes', () => {
    // Act
    const specification = specificationProblems([broken]);
    const alarming = alarmMetricProblems(FIXTURE_APP_DIR, [broken]).map((p) => p.problem);

    // Assess
    expect(specification.map((p) => p.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Resources\.Orphan/)]),
    );
    expect(alarming).toEqual(['no AlarmActions', 'no OKActions', 'LingoCast/Nothing is never published']);
  });

  it('lists a function no errors alarm watches, and reads no dashboard where there is none', () => {
    // Act
    const { functions, watched } = lambdaErrorAlarmTargets(broken);

    // Assess
    expect(functions).toEqual(['lingocast-x-dev-orphan']);
    expect(watched).toEqual([]);
    expect(() => dashboardBody(broken)).toThrow(/^DASHBOARD_MISSING: /);
  });
});

describe('usePackagedTemplates', () => {
  const templates = usePackagedTemplates(FIXTURE_APP_DIR);

  it('packages the dev and the prod template of the app once, before the tests', () => {
    // Assess
    expect(templates.dev.Resources['FixtureQueue']?.Properties).toEqual({
      QueueName: 'lingocast-dev-fixture',
    });
    expect(templates.prod.Resources['FixtureQueue']?.Properties).toEqual({
      QueueName: 'lingocast-prod-fixture',
    });
  });
});
