// Checks on packaged CloudFormation templates that catch, offline, the operational mistakes a deploy
// would not: alarms nobody hears or that can never fire, IAM that trusts too much, asynchronous
// functions that lose or delay events.
import type { PublishedMetric } from './emitted-metrics';
import type { TemplateProblem } from './template-check';

/** The parts of a CloudFormation template the audits read. */
export interface AuditedTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
}

const LAMBDA_FUNCTION = [['FunctionName'], ['FunctionName', 'Resource']];
const API_GATEWAY = [['ApiId'], ['ApiId', 'Stage']];
const DYNAMODB_OPERATION = [['TableName', 'Operation']];
const aws = (namespace: string, names: string[], dimensionSets: string[][]): PublishedMetric[] =>
  names.map((name) => ({ namespace, name, dimensionSets }));

/** AWS metrics the alarms may watch, with the dimension sets AWS publishes them under. */
export const AWS_PUBLISHED_METRICS: readonly PublishedMetric[] = [
  ...aws(
    'AWS/Lambda',
    [
      'Errors',
      'Throttles',
      'Invocations',
      'Duration',
      'ConcurrentExecutions',
      'AsyncEventsDropped',
      'AsyncEventAge',
      'DestinationDeliveryFailures',
    ],
    LAMBDA_FUNCTION,
  ),
  ...aws(
    'AWS/DynamoDB',
    ['ThrottledRequests', 'SystemErrors', 'SuccessfulRequestLatency'],
    DYNAMODB_OPERATION,
  ),
  ...aws(
    'AWS/DynamoDB',
    ['ReadThrottleEvents', 'WriteThrottleEvents'],
    [['TableName'], ['TableName', 'GlobalSecondaryIndexName']],
  ),
  // HTTP APIs
  ...aws('AWS/ApiGateway', ['4xx', '5xx', 'Count', 'Latency', 'DataProcessed'], API_GATEWAY),
  // WebSocket APIs
  ...aws(
    'AWS/ApiGateway',
    ['ConnectCount', 'MessageCount', 'ClientError', 'ExecutionError', 'IntegrationError'],
    [...API_GATEWAY, ['ApiId', 'Stage', 'Route']],
  ),
  ...aws('AWS/ApiGateway', ['IntegrationLatency'], API_GATEWAY),
  ...aws(
    'AWS/SQS',
    ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage', 'NumberOfMessagesSent'],
    [['QueueName']],
  ),
];

/**
 * The template's resources of one type, as `[logicalId, resource]` pairs.
 *
 * @example
 * resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id); // ['TranslateFailuresQueue']
 */
export function resourcesOfType(template: AuditedTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/**
 * The names of the template's CloudWatch alarms.
 *
 * @example
 * alarmNames(template); // ['lingocast-dev-transcribe-errors', …]
 */
export function alarmNames(template: AuditedTemplate): string[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) =>
    String(alarm.Properties?.['AlarmName']),
  );
}

/** Metrics the template's own log metric filters publish. */
export function metricFilterMetrics(template: AuditedTemplate): PublishedMetric[] {
  return resourcesOfType(template, 'AWS::Logs::MetricFilter').flatMap(([, filter]) =>
    ((filter.Properties?.['MetricTransformations'] ?? []) as Array<Record<string, unknown>>).map((t) => ({
      namespace: String(t['MetricNamespace']),
      name: String(t['MetricName']),
      dimensionSets: [((t['Dimensions'] ?? []) as Array<{ Key: string }>).map((d) => d.Key)],
    })),
  );
}

interface WatchedMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string }>;
}

function watchedMetrics(properties: Record<string, unknown>): WatchedMetric[] {
  if (properties['MetricName'] !== undefined) return [properties as WatchedMetric];
  return ((properties['Metrics'] ?? []) as Array<{ MetricStat?: { Metric: WatchedMetric } }>)
    .filter((query) => query.MetricStat)
    .map((query) => query.MetricStat?.Metric ?? {});
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name) => b.includes(name));

/**
 * What is wrong with the template's alarms: an alarm without AlarmActions or OKActions (nobody would
 * hear it), or watching a metric that is not published under the alarm's exact dimension set (it
 * could never fire). `published` lists what may be watched: AWS's metrics, the app's emitted ones.
 *
 * @example
 * alarmProblems(template, [...AWS_PUBLISHED_METRICS, ...emittedMetrics(sources)]) // []
 */
export function alarmProblems(
  template: AuditedTemplate,
  published: readonly PublishedMetric[],
): TemplateProblem[] {
  const known = [...published, ...metricFilterMetrics(template)];
  const problems: TemplateProblem[] = [];
  for (const [logicalId, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
    const path = `Resources.${logicalId}`;
    const properties = alarm.Properties ?? {};
    for (const key of ['AlarmActions', 'OKActions']) {
      const actions = properties[key];
      if (!Array.isArray(actions) || actions.length === 0) problems.push({ path, problem: `no ${key}` });
    }
    const metrics = watchedMetrics(properties);
    if (metrics.length === 0) problems.push({ path, problem: 'watches no metric' });
    for (const metric of metrics) {
      const dimensions = (metric.Dimensions ?? []).map((d) => d.Name);
      const candidates = known.filter(
        (m) => m.namespace === metric.Namespace && m.name === metric.MetricName,
      );
      if (candidates.length === 0)
        problems.push({ path, problem: `${metric.Namespace}/${metric.MetricName} is never published` });
      else if (!candidates.some((m) => m.dimensionSets.some((set) => sameSet(set, dimensions))))
        problems.push({
          path,
          problem: `${metric.Namespace}/${metric.MetricName} is not published with dimensions [${dimensions.join(', ')}]`,
        });
    }
  }
  return problems;
}

/** An IAM statement found in the template, with where it is. */
export interface FoundStatement {
  path: string;
  actions: string[];
  resources: unknown[];
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every IAM statement of the template's roles, policies and managed policies. */
export function iamStatements(template: AuditedTemplate): FoundStatement[] {
  const found: FoundStatement[] = [];
  const collect = (path: string, document: unknown) => {
    const statements = asList((document as { Statement?: unknown } | undefined)?.Statement);
    statements.forEach((statement, index) => {
      const s = statement as { Effect?: string; Action?: unknown; Resource?: unknown };
      if (s.Effect !== 'Allow') return;
      found.push({
        path: `${path}.Statement[${index}]`,
        actions: asList(s.Action).map(String),
        resources: asList(s.Resource),
      });
    });
  };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      asList(properties['Policies']).forEach((policy, index) =>
        collect(
          `Resources.${logicalId}.Policies[${index}]`,
          (policy as { PolicyDocument?: unknown }).PolicyDocument,
        ),
      );
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy')
      collect(`Resources.${logicalId}`, properties['PolicyDocument']);
  }
  return found;
}

/** An ARN as text: intrinsic parts become `${…}` placeholders, so only literal wildcards remain. */
export function arnText(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  if (typeof resource !== 'object' || resource === null) return String(resource);
  const record = resource as Record<string, unknown>;
  if ('Fn::Sub' in record) {
    const sub = record['Fn::Sub'];
    return Array.isArray(sub) ? String(sub[0]) : String(sub);
  }
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(arnText).join(separator);
  }
  if ('Ref' in record) return `\${${String(record['Ref'])}}`;
  if ('Fn::GetAtt' in record) return `\${${asList(record['Fn::GetAtt']).join('.')}}`;
  if ('Fn::ImportValue' in record) return `\${Import:${arnText(record['Fn::ImportValue'])}}`;
  return JSON.stringify(record);
}

/**
 * IAM grants that trust too much: a resource `*` for an action not in `resourceStarAllowed` (actions
 * AWS only authorises on `*`, each with its reason), or an ARN whose account, region or — for
 * `execute-api` — API id or stage is a wildcard.
 *
 * @example
 * iamWildcardProblems(template, { 'xray:PutTraceSegments': 'X-Ray has no resource-level permissions' }) // []
 */
export function iamWildcardProblems(
  template: AuditedTemplate,
  resourceStarAllowed: Readonly<Record<string, string>>,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const statement of iamStatements(template)) {
    for (const resource of statement.resources) {
      const text = arnText(resource);
      if (text === '*') {
        const refused = statement.actions.filter((action) => !(action in resourceStarAllowed));
        if (refused.length > 0)
          problems.push({ path: statement.path, problem: `Resource "*" for ${refused.join(', ')}` });
        continue;
      }
      // Placeholders (`${AWS::Region}`) are values CloudFormation fills in, never wildcards.
      const filled = text.replace(/\$\{[^}]*\}/g, '<value>');
      if (filled === '<value>') continue; // the ARN of a resource of the stack (Fn::GetAtt, Ref)
      const [prefix, , service, region, account, ...rest] = filled.split(':');
      if (prefix !== 'arn') {
        problems.push({ path: statement.path, problem: `not an ARN: ${text}` });
        continue;
      }
      if (region?.includes('*'))
        problems.push({ path: statement.path, problem: `wildcard region in ${text}` });
      if (account?.includes('*'))
        problems.push({ path: statement.path, problem: `wildcard account in ${text}` });
      if (service === 'execute-api') {
        const [apiId, stage] = rest.join(':').split('/');
        if (!apiId || apiId.includes('*'))
          problems.push({ path: statement.path, problem: `wildcard API in ${text}` });
        if (!stage || stage.includes('*') || stage.startsWith('@'))
          problems.push({ path: statement.path, problem: `wildcard stage in ${text}` });
      }
    }
  }
  return problems;
}

/** A function's asynchronous-invocation settings as the template configures them. */
export interface AsyncInvokeConfig {
  onFailure?: unknown;
  maximumEventAgeInSeconds?: number;
  maximumRetryAttempts?: number;
}

/**
 * The EventInvokeConfig of each function, by the function's logical id (`TranslateUtteranceLambdaFunction`).
 *
 * @example
 * asyncInvokeConfigs(template)['TranslateUtteranceLambdaFunction']?.onFailure
 */
export function asyncInvokeConfigs(template: AuditedTemplate): Record<string, AsyncInvokeConfig> {
  const configs: Record<string, AsyncInvokeConfig> = {};
  for (const [, config] of resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig')) {
    const properties = config.Properties ?? {};
    const fn =
      (properties['FunctionName'] as { Ref?: string } | undefined)?.Ref ?? String(properties['FunctionName']);
    const destination = properties['DestinationConfig'] as
      { OnFailure?: { Destination?: unknown } } | undefined;
    configs[fn] = {
      onFailure: destination?.OnFailure?.Destination,
      maximumEventAgeInSeconds: properties['MaximumEventAgeInSeconds'] as number | undefined,
      maximumRetryAttempts: properties['MaximumRetryAttempts'] as number | undefined,
    };
  }
  return configs;
}

/**
 * Asynchronously invoked functions without a failure destination, with an event age above
 * `maxEventAgeSeconds` (Lambda's default is six hours) or with more than one retry.
 *
 * @example
 * asyncInvokeProblems(template, ['TranslateUtteranceLambdaFunction'], 60) // []
 */
export function asyncInvokeProblems(
  template: AuditedTemplate,
  asyncFunctions: readonly string[],
  maxEventAgeSeconds: number,
): TemplateProblem[] {
  const configs = asyncInvokeConfigs(template);
  return asyncFunctions.flatMap((fn) => {
    const path = `Resources.${fn}`;
    if (!template.Resources[fn]) return [{ path, problem: 'no such function' }];
    const config = configs[fn];
    if (!config)
      return [{ path, problem: 'no EventInvokeConfig (no destination, six-hour event age, two retries)' }];
    const problems: TemplateProblem[] = [];
    if (config.onFailure === undefined) problems.push({ path, problem: 'no on-failure destination' });
    if (config.maximumEventAgeInSeconds === undefined || config.maximumEventAgeInSeconds > maxEventAgeSeconds)
      problems.push({
        path,
        problem: `event age ${config.maximumEventAgeInSeconds ?? 21600} s > ${maxEventAgeSeconds} s`,
      });
    if (config.maximumRetryAttempts === undefined || config.maximumRetryAttempts > 1)
      problems.push({ path, problem: `${config.maximumRetryAttempts ?? 2} retries > 1` });
    return problems;
  });
}

/**
 * Reserved concurrency of every function that has one, by logical id.
 *
 * @example
 * reservedConcurrencies(template) // { WsConnectLambdaFunction: 100, … }
 */
export function reservedConcurrencies(template: AuditedTemplate): Record<string, number> {
  return Object.fromEntries(
    resourcesOfType(template, 'AWS::Lambda::Function')
      .filter(([, fn]) => fn.Properties?.['ReservedConcurrentExecutions'] !== undefined)
      .map(([logicalId, fn]) => [logicalId, Number(fn.Properties?.['ReservedConcurrentExecutions'])]),
  );
}
