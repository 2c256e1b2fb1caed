import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Functions, FunctionsProps, LAMBDA_MAX_TIMEOUT_SECONDS } from '../../lib/compute/functions';
import { PRESETS } from '../../lib/config';
import { handler, itemFor } from '../../assets/functions/processor';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import { at, expectProperties, expectSomeProperties, referrersOf, refTarget, resourceAt, text } from '../support/select';

describe('Functions', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Compute');
    const config = PRESETS[stage].functions;
    const fn = resourceAt(stage, 'Compute', 'Functions/Processor', 'AWS::Lambda::Function');

    test('an ARM64 function on the current Node.js runtime with X-Ray, sized from config, in the application subnets', () => {
      expectProperties(fn, {
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
      expect(JSON.stringify(at(fn.Properties, 'VpcConfig', 'SubnetIds'))).toMatch(/ApplicationSubnet/);
    });

    test('its own log group is KMS-encrypted with a retention', () => {
      const logGroup = refTarget(template, at(fn.Properties, 'LoggingConfig', 'LogGroup'), 'AWS::Logs::LogGroup');
      expectProperties(logGroup, { RetentionInDays: Match.anyValue() });
      refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key');
    });

    test("the function's dead-letter queue is encrypted by SQS (EventBridge cannot use alias/aws/sqs), TLS-only, and admits the rules that use it", () => {
      const queue = refTarget(template, at(fn.Properties, 'DeadLetterConfig', 'TargetArn'), 'AWS::SQS::Queue');
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      expect(queue.Properties.KmsMasterKeyId).toBeUndefined();
      const policies = referrersOf(template, queue, 'AWS::SQS::QueuePolicy', 'Queues');
      expect(policies).toHaveLength(1);
      const statements = at(policies[0].Properties, 'PolicyDocument', 'Statement') as Record<string, unknown>[];
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      // Both rules target this function and dead-letter here: each may send, and only from its own ARN.
      const rules = referrersOf(template, fn, 'AWS::Events::Rule', 'Targets');
      expect(rules).toHaveLength(2);
      for (const { id: ruleId } of rules) {
        expect(statements).toContainEqual(
          expect.objectContaining({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        );
      }
    });

    test('triggers: an EventBridge schedule and S3 object-created events of the content bucket', () => {
      // The rules that target this function, and the permissions on this function that admit them.
      const rules = referrersOf(template, fn, 'AWS::Events::Rule', 'Targets');
      expectSomeProperties(rules, { ScheduleExpression: 'cron(0 0 * * ? *)', State: 'ENABLED' });
      expectSomeProperties(rules, {
        EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [Match.anyValue()] } } },
      });
      const permissions = referrersOf(template, fn, 'AWS::Lambda::Permission', 'FunctionName');
      expect(permissions.filter((p) => p.Properties.Principal === 'events.amazonaws.com')).toHaveLength(2);
    });

    test('least privilege: the function gets no S3 permissions (it only reacts to the event)', () => {
      const role = refTarget(template, fn.Properties.Role, 'AWS::IAM::Role');
      const policies = referrersOf(template, role, 'AWS::IAM::Policy', 'Roles');
      expect(policies.length).toBeGreaterThan(0);
      expect(JSON.stringify(policies.map((p) => p.Properties))).not.toMatch(/"s3:/);
    });

    test('alarms: errors, throttles, duration near the timeout and dead-letter depth', () => {
      // The alarms on this function's metrics and on its dead-letter queue, not any alarm of the stack.
      const queue = refTarget(template, at(fn.Properties, 'DeadLetterConfig', 'TargetArn'), 'AWS::SQS::Queue');
      const alarms = referrersOf(template, [fn, queue], 'AWS::CloudWatch::Alarm', 'Dimensions');
      expect(alarms.map((a) => `${text(a.Properties.Namespace)}/${text(a.Properties.MetricName)}`).sort()).toEqual([
        'AWS/Lambda/Duration',
        'AWS/Lambda/Errors',
        'AWS/Lambda/Throttles',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
      ]);
      expectProperties(
        alarms.find((a) => a.Properties.MetricName === 'Duration')!,
        { Threshold: config.timeoutSeconds * 800 },
      );
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
        network,
        alarmTopic: topic,
        sourceBucket: new s3.Bucket(stack, 'Source'),
        memoryMiB: 256,
        timeoutSeconds: 30,
        reservedConcurrency: 5,
        logRetention: RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
        ...props,
      });
    };

    test(`Lambda runs at most 15 minutes: fails on a timeout above ${LAMBDA_MAX_TIMEOUT_SECONDS} s`, () => {
      expect(() => build({ timeoutSeconds: 901 })).toThrow(
        'Functions timeoutSeconds must be a whole number from 1 to 900 (Lambda runs at most 15 minutes), got 901',
      );
    });
    test('fails on a zero timeout', () => {
      expect(() => build({ timeoutSeconds: 0 })).toThrow(/timeoutSeconds must be a whole number from 1 to 900.*got 0/);
    });
    test.each([64, 10241])('fails on %s MB of memory', (memoryMiB) => {
      expect(() => build({ memoryMiB })).toThrow(
        `Functions memoryMiB must be a whole number from 128 to 10240 (the Lambda memory range in MB), got ${memoryMiB}`,
      );
    });
    test('fails on zero reserved concurrency', () => {
      expect(() => build({ reservedConcurrency: 0 })).toThrow(/reservedConcurrency must be a whole number from 1 to 1000.*got 0/);
    });
  });
});
