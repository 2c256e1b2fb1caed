import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Functions, FunctionsProps, LAMBDA_MAX_TIMEOUT_SECONDS } from '../../lib/compute/functions';
import { PRESETS } from '../../lib/config';
import { handler, itemFor } from '../../assets/functions/processor';
import { stackTemplate } from '../support/assembly';
import { networkFixture, resourcesOf } from '../support/fixtures';

describe('Functions', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const config = PRESETS[stage].functions;

    test('an ARM64 function on the current Node.js runtime with X-Ray, sized from config, in the application subnets', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: config.memoryMiB,
        Timeout: config.timeoutSeconds,
        // No reservation where the config sets none (a new account's quota of 10 would refuse any).
        ReservedConcurrentExecutions: config.reservedConcurrency ?? Match.absent(),
        TracingConfig: { Mode: 'Active' },
        DeadLetterConfig: { TargetArn: Match.anyValue() },
        LoggingConfig: { LogGroup: Match.anyValue() },
        VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
      });
      const [fn] = resourcesOf(template, 'AWS::Lambda::Function').filter((f) => f.id.startsWith('FunctionsProcessor'));
      expect(JSON.stringify((fn.props.VpcConfig as { SubnetIds: unknown }).SubnetIds)).toMatch(/ApplicationSubnet/);
    });

    test('its own log group is KMS-encrypted with a retention', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: Match.anyValue() });
    });

    test("the function's dead-letter queue is encrypted by SQS (EventBridge cannot use alias/aws/sqs), TLS-only, and admits the rules that use it", () => {
      const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
      const [functionId, fn] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('FunctionsProcessor'))!;
      const queueId = fn.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0] as string;
      expect(resources[queueId].Type).toBe('AWS::SQS::Queue');
      expect(resources[queueId].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      expect(resources[queueId].Properties.KmsMasterKeyId).toBeUndefined();
      const policies = Object.values(resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r.Properties.Queues).includes(queueId));
      expect(policies).toHaveLength(1);
      const statements = policies[0].Properties.PolicyDocument.Statement as Record<string, any>[];
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      // Both rules target this function and dead-letter here: each may send, and only from its own ARN.
      const rules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets).includes(functionId));
      expect(rules).toHaveLength(2);
      for (const [ruleId] of rules) {
        expect(statements).toContainEqual(
          expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } } }),
        );
      }
    });

    test('triggers: an EventBridge schedule and S3 object-created events of the content bucket', () => {
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 0 * * ? *)', State: 'ENABLED' });
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [Match.anyValue()] } } },
      });
      template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' }, 2);
    });

    test('least privilege: the function gets no S3 permissions (it only reacts to the event)', () => {
      const policies = JSON.stringify(resourcesOf(template, 'AWS::IAM::Policy').filter((p) => p.id.startsWith('FunctionsProcessor')).map((p) => p.props));
      expect(policies).not.toMatch(/"s3:/);
    });

    test('alarms: errors, throttles, duration near the timeout and dead-letter depth', () => {
      const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map((a) => `${a.props.Namespace}/${a.props.MetricName}`);
      expect(alarms).toEqual(expect.arrayContaining(['AWS/Lambda/Errors', 'AWS/Lambda/Throttles', 'AWS/Lambda/Duration', 'AWS/SQS/ApproximateNumberOfMessagesVisible']));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: config.timeoutSeconds * 800 });
    });
  });

  test('the handler tells a schedule from an object-created event', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: 't' })).resolves.toEqual({ kind: 'schedule' });
    await expect(
      handler({ source: 'aws.s3', 'detail-type': 'Object Created', time: 't', detail: { bucket: { name: 'b' }, object: { key: 'k' } } }),
    ).resolves.toEqual({ kind: 'object-created', bucket: 'b', key: 'k' });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"kind":"object-created"'));
    log.mockRestore();
  });

  test('each event becomes a table item: partitioned by what it concerns, sorted by time, expiring after 90 days', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(itemFor({ kind: 'object-created', bucket: 'b', key: 'site/index.html' }, '2026-01-01T00:00:00Z', now)).toEqual({
      pk: { S: 'OBJECT#b/site/index.html' },
      sk: { S: 'EVENT#2026-01-01T00:00:00Z' },
      kind: { S: 'object-created' },
      expiresAt: { N: String(now / 1000 + 90 * 24 * 3600) },
    });
    expect(itemFor({ kind: 'schedule' }, '2026-01-02T00:00:00Z', now).pk).toEqual({ S: 'RUN#2026-01-02' });
  });

  describe('props', () => {
    const build = (props: Partial<FunctionsProps>) => {
      const { stack, network, topic } = networkFixture();
      new Functions(stack, 'Functions', {
        network, alarmTopic: topic, sourceBucket: new s3.Bucket(stack, 'Source'),
        memoryMiB: 256, timeoutSeconds: 30, reservedConcurrency: 5, logRetention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY,
        ...props,
      });
    };

    test(`Lambda runs at most 15 minutes: fails on a timeout above ${LAMBDA_MAX_TIMEOUT_SECONDS} s`, () => {
      expect(() => build({ timeoutSeconds: 901 })).toThrow('Functions timeoutSeconds must be a whole number from 1 to 900 (Lambda runs at most 15 minutes), got 901');
    });
    test('fails on a zero timeout', () => {
      expect(() => build({ timeoutSeconds: 0 })).toThrow(/timeoutSeconds must be a whole number from 1 to 900.*got 0/);
    });
    test.each([64, 10241])('fails on %s MB of memory', (memoryMiB) => {
      expect(() => build({ memoryMiB })).toThrow(`Functions memoryMiB must be a whole number from 128 to 10240 (the Lambda memory range in MB), got ${memoryMiB}`);
    });
    test('fails on zero reserved concurrency', () => {
      expect(() => build({ reservedConcurrency: 0 })).toThrow(/reservedConcurrency must be a whole number from 1 to 1000.*got 0/);
    });
  });
});
