import type { CfnResource } from './alarms';

const WIDGET_WIDTH = 8;
const WIDGET_HEIGHT = 6;

function alarmArn(alarmName: string): string {
  return `arn:aws:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${alarmName}`;
}

/**
 * A CloudWatch dashboard for an app: the state of all its alarms at the top, then one graph per
 * alarm (CloudWatch draws an alarm's own metric or expression with its threshold line).
 *
 * @example
 * resources: { ...appDashboard('dev', 'translation-pipeline', alarms) }
 */
export function appDashboard(
  stage: string,
  app: string,
  resources: Record<string, unknown>,
): Record<string, CfnResource> {
  const alarmNames = Object.values(resources)
    .map((resource) => resource as CfnResource)
    .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .map((alarm) => String(alarm.Properties['AlarmName']));
  const status = {
    type: 'alarm',
    x: 0,
    y: 0,
    width: 24,
    height: 2 + Math.ceil(alarmNames.length / 4),
    properties: { title: `LingoCast ${stage} ${app}: alarms`, alarms: alarmNames.map(alarmArn) },
  };
  const graphs = alarmNames.map((name, index) => ({
    type: 'metric',
    x: (index % 3) * WIDGET_WIDTH,
    y: status.height + Math.floor(index / 3) * WIDGET_HEIGHT,
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
    properties: {
      title: name.replace(`lingocast-${stage}-`, ''),
      region: '${AWS::Region}',
      annotations: { alarms: [alarmArn(name)] },
      view: 'timeSeries',
      stacked: false,
    },
  }));
  return {
    Dashboard: {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardName: `lingocast-${stage}-${app}`,
        DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets: [status, ...graphs] }) },
      },
    },
  };
}
