import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmTopic } from '../../lib/management/alarm-topic';
import { OperationsDashboard } from '../../lib/management/dashboard';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('Monitoring', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    test('the alarm topic is KMS-encrypted and TLS-only', () => {
      const template = stackTemplate(stage, 'Monitoring');
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
      });
      // Auto Scaling notifications are published by the Auto Scaling service-linked role.
      expect(JSON.stringify(template.toJSON())).toContain(':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
    });

    test('every alarm of the stage notifies the alarm topic, on alarm and on recovery (except the scaling alarms)', () => {
      for (const stack of ['Compute', 'Data']) {
        const alarms = resourcesOf(stackTemplate(stage, stack), 'AWS::CloudWatch::Alarm');
        const notifying = alarms.filter((a) => JSON.stringify(a.props.AlarmActions).includes('Monitoring'));
        const scaling = alarms.filter(
          (a) => JSON.stringify(a.props.AlarmActions).includes('ScalingPolicy') || JSON.stringify(a.props.AlarmActions).includes('StepScaling'),
        );
        expect(notifying.length + scaling.length).toBe(alarms.length);
        for (const a of notifying) expect(JSON.stringify(a.props.OKActions)).toContain('Monitoring');
      }
    });

    test('a dashboard with a row per tier', () => {
      const template = stackTemplate(stage, 'Dashboard');
      const [dashboard] = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
      const body = JSON.stringify(dashboard.props.DashboardBody);
      for (const row of ['## Web tier', '## Containers', '## Functions', '## Database', '## Key-value table']) expect(body).toContain(row);
      // The costly parts have rows only where they exist.
      for (const row of ['## Cache', '## Document database']) expect(body.includes(row)).toBe(stage === 'production');
    });
  });

  test('each dashboard row: a status widget of exactly its alarms beside a graph of exactly its metrics', () => {
    const stack = new Stack(unitTestApp(), 'Test');
    const alarm = (name: string) => cloudwatch.Alarm.fromAlarmArn(stack, name, `arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${name}`);
    const metric = (metricName: string) => new cloudwatch.Metric({ namespace: 'Atlas/Test', metricName });
    const rows = [
      { title: 'First', alarms: [alarm('first-a'), alarm('first-b')], metrics: [metric('FirstOne')] },
      { title: 'Second', alarms: [alarm('second-a')], metrics: [metric('SecondOne'), metric('SecondTwo')] },
    ];
    const dashboard = new OperationsDashboard(stack, 'Dashboard', { rows });
    expect(dashboard.rows).toEqual(rows);

    // The body joins JSON around the region token; with the token replaced, it parses.
    const [resource] = resourcesOf(Template.fromStack(stack), 'AWS::CloudWatch::Dashboard');
    const join = (resource.props.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const body = join[1].map((part) => (typeof part === 'string' ? part : 'REGION')).join(join[0]);
    const widgets = (JSON.parse(body) as { widgets: { type: string; properties: Record<string, unknown> }[] }).widgets;
    expect(widgets.map((w) => `${w.type}: ${String(w.properties.title ?? w.properties.markdown)}`)).toEqual([
      'text: ## First',
      'alarm: First alarms',
      'metric: First',
      'text: ## Second',
      'alarm: Second alarms',
      'metric: Second',
    ]);
    for (const row of rows) {
      const widget = (type: string, title: string) => widgets.find((w) => w.type === type && w.properties.title === title)!.properties;
      expect(widget('alarm', `${row.title} alarms`).alarms).toEqual(row.alarms.map((a) => a.alarmArn));
      expect(widget('metric', row.title).metrics).toEqual(row.metrics.map((m) => ['Atlas/Test', m.metricName]));
    }
  });

  test('an e-mail subscription when configured, whose undeliverable messages wait in an encrypted dead-letter queue', () => {
    const stack = new Stack(unitTestApp(), 'Test');
    new AlarmTopic(stack, 'AlarmTopic', { email: 'ops@example.com', removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.values(queues).map((q) => (q as { Properties: Record<string, unknown> }).Properties)).toEqual([
      { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
    ]);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Object.keys(queues)[0], 'Arn'] } },
    });
  });

  test('no e-mail, no subscription and no queue', () => {
    const stack = new Stack(unitTestApp(), 'Test');
    new AlarmTopic(stack, 'AlarmTopic', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
  });

  test('fails on a malformed e-mail address', () => {
    const stack = new Stack(unitTestApp(), 'Test');
    expect(() => new AlarmTopic(stack, 'AlarmTopic', { email: 'ops', removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      "AlarmTopic email must be an e-mail address, got 'ops'",
    );
  });
});
