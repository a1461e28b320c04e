import { join } from 'node:path';
import { specification } from '@aws-cdk/cfnspec';
import { emittedMetrics } from '../emitted-metrics';
import { MAX_ASYNC_EVENT_AGE_SECONDS } from '../async-invoke';
import { shippedSources } from '../packaging';
import type { AuditedTemplate } from '../template-audit';
import {
  alarmNames,
  alarmProblems,
  asyncInvokeProblems,
  AWS_PUBLISHED_METRICS,
  iamStatements,
  iamWildcardProblems,
  resourcesOfType,
} from '../template-audit';
import type { CfnSpecification, TemplateProblem } from '../template-check';
import { checkTemplate } from '../template-check';
import type { PackagedTemplates } from './packaged-templates';

/**
 * What is wrong with the templates against the CloudFormation resource specification.
 *
 * @example
 * expect(specificationProblems([templates.dev, templates.prod])).toEqual([]);
 */
export function specificationProblems(templates: readonly AuditedTemplate[]): TemplateProblem[] {
  return templates.flatMap((template) =>
    checkTemplate(template, specification() as unknown as CfnSpecification),
  );
}

/**
 * What is wrong with the templates' alarms (see alarmProblems), against AWS's metrics and the metrics
 * the app's shipped sources under `<appDir>/src` emit.
 *
 * @example
 * expect(alarmMetricProblems(APP_DIR, [templates.dev, templates.prod])).toEqual([]);
 */
export function alarmMetricProblems(
  appDir: string,
  templates: readonly AuditedTemplate[],
): TemplateProblem[] {
  const published = [...AWS_PUBLISHED_METRICS, ...emittedMetrics(shippedSources(join(appDir, 'src')))];
  return templates.flatMap((template) => alarmProblems(template, published));
}

/**
 * The names of the template's Lambda functions, and the functions its AWS/Lambda alarms watch.
 *
 * @example
 * const { functions, watched } = lambdaErrorAlarmTargets(templates.dev);
 */
export function lambdaErrorAlarmTargets(template: AuditedTemplate): {
  functions: unknown[];
  watched: unknown[];
} {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function').map(
    ([, fn]) => fn.Properties?.['FunctionName'],
  );
  const watched = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
    .filter(([, alarm]) => alarm.Properties?.['Namespace'] === 'AWS/Lambda')
    .map(([, alarm]) => (alarm.Properties?.['Dimensions'] as Array<{ Value: unknown }>)[0]?.Value);
  return { functions, watched };
}

/**
 * The body of the template's dashboard (the text of its `Fn::Sub`).
 *
 * @example
 * expect(dashboardBody(templates.dev)).toContain(':alarm:lingocast-dev-fan-out-failures"');
 */
export function dashboardBody(template: AuditedTemplate): string {
  const [[, dashboard] = ['', undefined]] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
  if (dashboard === undefined)
    throw new Error('DASHBOARD_MISSING: the template has no AWS::CloudWatch::Dashboard');
  return String((dashboard.Properties?.['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']);
}

/** Actions every app's functions need on `Resource: "*"`: baseServerlessConfig traces them with X-Ray. */
export const TRACING_STAR_ONLY_ACTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
};

/** What the stack audits of one app need to know about it. */
export interface StackAuditOptions {
  /** The fewest Lambda functions the template deploys. */
  minFunctions: number;
}

/**
 * Defines the tests every app's packaged templates pass: valid against the CloudFormation resource
 * specification, and an alarm on the errors of every function. Call it inside the app's `describe`.
 *
 * @example
 * itPassesTheStackAudits(templates, { minFunctions: 13 });
 */
export function itPassesTheStackAudits(templates: PackagedTemplates, options: StackAuditOptions): void {
  it('are valid against the CloudFormation resource specification', () => {
    // Act
    const problems = specificationProblems([templates.dev, templates.prod]);

    // Assess
    expect(problems).toEqual([]);
  });

  it('alarms on the errors of every function the template deploys', () => {
    // Act
    const { functions, watched } = lambdaErrorAlarmTargets(templates.dev);

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(options.minFunctions);
    expect([...watched].sort()).toEqual([...functions].sort());
  });
}

/** What the audits of an app that imports the stage's alarm topic and posts to clients need to know. */
export interface ImportedTopicAuditOptions extends StackAuditOptions {
  /** Logical ids of the functions invoked asynchronously (`TranslateUtteranceLambdaFunction`). */
  asyncFunctions: readonly string[];
  /** Actions AWS authorises only on `Resource: "*"`, each with why. */
  starOnlyActions: Readonly<Record<string, string>>;
}

/**
 * Defines the tests of an app whose alarms go to the stage's topic (imported from session-management)
 * and that posts to the stage's WebSocket API (audio-transcription, translation-pipeline): the stack
 * audits, every alarm has the topic as action and watches a published metric, every alarm is on the
 * dashboard, IAM grants posting to this stage's API only and `*` only where AWS requires it, and the
 * asynchronous functions' failures go to the app's failure queue. Tested on dev's names.
 *
 * @example
 * itPassesTheImportedTopicAudits(templates, { starOnlyActions, minFunctions: 1, asyncFunctions: ['TranslateUtteranceLambdaFunction'] });
 */
export function itPassesTheImportedTopicAudits(
  templates: PackagedTemplates,
  options: ImportedTopicAuditOptions,
): void {
  itPassesTheStackAudits(templates, options);

  it("gives every alarm the stage's topic as action and a metric published with the dimensions it watches", () => {
    // Act
    const problems = alarmMetricProblems(templates.appDir, [templates.dev, templates.prod]);
    const actions = resourcesOfType(templates.dev, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties?.['AlarmActions'],
    );

    // Assess
    expect(problems).toEqual([]);
    for (const action of actions)
      expect(action).toEqual([{ 'Fn::ImportValue': 'lingocast-dev-alarm-topic-arn' }]);
  });

  it('draws every alarm on a dashboard', () => {
    // Act
    const body = dashboardBody(templates.dev);

    // Assess
    for (const name of alarmNames(templates.dev)) expect(body).toContain(`:alarm:${name}"`);
  });

  it('posts only to this stage\'s WebSocket API, and grants Resource "*" only where AWS requires it', () => {
    // Act
    const problems = [templates.dev, templates.prod].flatMap((template) =>
      iamWildcardProblems(template, options.starOnlyActions),
    );
    const [manage] = iamStatements(templates.dev).filter((s) =>
      s.actions.includes('execute-api:ManageConnections'),
    );

    // Assess
    expect(problems).toEqual([]);
    expect(JSON.stringify(manage?.resources)).toContain('lingocast-dev-websocket-api-id');
    expect(JSON.stringify(manage?.resources)).toContain('}/dev/POST/@connections/*');
  });

  it(`sends failed or expired invocations of ${options.asyncFunctions.join(', ')} to the failure queue within a bounded event age`, () => {
    // Act
    const problems = asyncInvokeProblems(templates.dev, options.asyncFunctions, MAX_ASYNC_EVENT_AGE_SECONDS);
    const queueWriters = iamStatements(templates.dev).filter((s) => s.actions.includes('sqs:SendMessage'));

    // Assess
    expect(problems).toEqual([]);
    expect(queueWriters.length).toBeGreaterThan(0);
    for (const statement of queueWriters)
      expect(statement.resources).toEqual([{ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] }]);
  });
}
