import { metricAlarm } from './alarms';
import { appDashboard } from './dashboard';

describe('appDashboard', () => {
  it('shows the state of every alarm, then a graph per alarm, in the stack region', () => {
    // Prepare
    const metric = { namespace: 'N', metricName: 'M', dimensions: {}, statistic: 'Sum' };
    const resources = {
      A: metricAlarm('dev', { name: 'a', description: 'a', threshold: 1 }, metric),
      B: metricAlarm('dev', { name: 'b', description: 'b', threshold: 1 }, metric),
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    };

    // Act
    const dashboard = appDashboard('dev', 'x', resources)['Dashboard'];

    // Assess
    expect(dashboard?.Properties['DashboardName']).toBe('lingocast-dev-x');
    const body = JSON.parse((dashboard?.Properties['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']) as {
      widgets: Array<{ type: string; properties: Record<string, unknown> }>;
    };
    expect(body.widgets.map((w) => w.type)).toEqual(['alarm', 'metric', 'metric']);
    expect(body.widgets[0]?.properties['alarms']).toEqual([
      'arn:aws:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:lingocast-dev-a',
      'arn:aws:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:lingocast-dev-b',
    ]);
    expect(body.widgets[2]?.properties).toMatchObject({ title: 'b', region: '${AWS::Region}' });
  });
});
