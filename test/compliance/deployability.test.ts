import * as fs from 'fs';
import * as path from 'path';
import { App, CrossStackReferences, Duration, Fn, ReferenceStrength, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DEPLOYABILITY_CHECKS, DeployabilityCheck, Durability, StageAssembly } from '../../lib/compliance';
import { AlarmTopic } from '../../lib/management/alarm-topic';
import { cdkJsonContext, tempDir } from '../support/context';

/**
 * Synthesizes a small stage built by `build` and runs one check on its assembly: no gate, and no CloudFormation
 * validation either (the check reads the templates and staged assets; the engine would only add seconds per fixture).
 */
function findings(name: string, build: (stage: Stage) => void, durability: Durability = 'durable'): string[] {
  const outdir = tempDir('atlas-deployability');
  const app = new App({ outdir, context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const stage = new Stage(app, 'fixture', { env: { region: 'ap-northeast-2' } });
  build(stage);
  app.synth();
  const directory = path.join(outdir, stage.artifactId);
  const templates = fs
    .readdirSync(directory)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(directory, f));
  const check = DEPLOYABILITY_CHECKS.find((c) => c.name === name) as DeployabilityCheck;
  return check.check({ assembly: StageAssembly.fromTemplatePaths(directory, templates), durability }).map((f) => f.message);
}

const autoScalingRole = (stack: Stack) => `arn:aws:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

describe('deployability checks', () => {
  test('every check has a name, a description and a fix', () => {
    expect(DEPLOYABILITY_CHECKS.map((c) => c.name)).toEqual([
      'atlas-principals-exist',
      'atlas-service-writers',
      'atlas-asset-entry-points',
      'atlas-published-names',
      'atlas-durability',
      'atlas-stack-references',
      'atlas-grants-within-boundary',
    ]);
    for (const check of DEPLOYABILITY_CHECKS) expect(check.description.length * check.fix.length).toBeGreaterThan(0);
  });

  describe('principals exist', () => {
    test('fails on a key policy that names a service-linked role as principal', () => {
      expect(
        findings('atlas-principals-exist', (stage) => {
          const stack = new Stack(stage, 'Keys');
          new kms.Key(stack, 'Key').grant(new iam.ArnPrincipal(autoScalingRole(stack)), 'kms:Decrypt');
        }),
      ).toEqual([expect.stringMatching(/names the service-linked role .*AWSServiceRoleForAutoScaling.* as a principal/)]);
    });

    test('passes when the role is named in a condition (the alarm topic)', () => {
      expect(
        findings('atlas-principals-exist', (stage) => new AlarmTopic(new Stack(stage, 'Monitoring'), 'AlarmTopic', { removalPolicy: RemovalPolicy.DESTROY })),
      ).toEqual([]);
    });
  });

  describe('service writers', () => {
    const alarmOn = (stack: Stack, topic: sns.ITopic) =>
      new cloudwatch.Alarm(stack, 'Alarm', {
        metric: new cloudwatch.Metric({ namespace: 'Atlas', metricName: 'Errors' }),
        threshold: 1,
        evaluationPeriods: 1,
      }).addAlarmAction(new actions.SnsAction(topic));

    test('fails when alarms publish to a TLS-only topic whose policy does not admit CloudWatch', () => {
      expect(
        findings('atlas-service-writers', (stage) => {
          const stack = new Stack(stage, 'Monitoring');
          alarmOn(stack, new sns.Topic(stack, 'Topic', { enforceSSL: true }));
        }),
      ).toEqual([expect.stringMatching(/topic policy \(which replaces SNS's default\) does not admit cloudwatch\.amazonaws\.com to sns:Publish/)]);
    });

    test('passes for the alarm topic, read across stacks (alarm and topic in different stacks)', () => {
      expect(
        findings('atlas-service-writers', (stage) => {
          const topic = new AlarmTopic(new Stack(stage, 'Monitoring'), 'AlarmTopic', { removalPolicy: RemovalPolicy.DESTROY }).topic;
          alarmOn(new Stack(stage, 'Compute'), topic);
        }),
      ).toEqual([]);
    });

    const ruleWithDeadLetters = (encryption: sqs.QueueEncryption) => (stage: Stage) => {
      const stack = new Stack(stage, 'Compute');
      const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters', { encryption });
      const queue = new sqs.Queue(stack, 'Work', { encryption: sqs.QueueEncryption.SQS_MANAGED });
      new events.Rule(stack, 'Rule', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.SqsQueue(queue, { deadLetterQueue })] });
    };

    test('fails when an EventBridge dead-letter queue uses the AWS-managed key', () => {
      expect(findings('atlas-service-writers', ruleWithDeadLetters(sqs.QueueEncryption.KMS_MANAGED))).toEqual([
        expect.stringMatching(/queue DeadLetters.* receives from rule .* \(dead-letter queue\) but is encrypted with the AWS-managed key alias\/aws\/sqs/),
      ]);
    });

    test('passes with SSE-SQS', () => {
      expect(findings('atlas-service-writers', ruleWithDeadLetters(sqs.QueueEncryption.SQS_MANAGED))).toEqual([]);
    });
  });

  describe('asset entry points', () => {
    const beanstalkBundle = (files: Record<string, string>) => (stage: Stage) => {
      const dir = tempDir('atlas-bundle');
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
      const stack = new Stack(stage, 'Compute');
      const bundle = new s3assets.Asset(stack, 'Bundle', { path: dir });
      new elasticbeanstalk.CfnApplicationVersion(stack, 'Version', {
        applicationName: 'app',
        sourceBundle: { s3Bucket: bundle.s3BucketName, s3Key: bundle.s3ObjectKey },
      });
    };
    const pkg = JSON.stringify({ scripts: { start: 'node app.js' } });

    test('fails when the bundle lacks the file its start script runs (the clean-clone bug: app.js was git-ignored)', () => {
      expect(findings('atlas-asset-entry-points', beanstalkBundle({ 'package.json': pkg }))).toEqual([
        expect.stringMatching(/starts 'npm start' \(node app\.js\), but its asset .* has no app\.js/),
      ]);
    });

    test('passes when the bundle has it', () => {
      expect(findings('atlas-asset-entry-points', beanstalkBundle({ 'package.json': pkg, 'app.js': 'require("http")' }))).toEqual([]);
    });
  });

  describe('durability', () => {
    const bucket = (removalPolicy: RemovalPolicy, autoDeleteObjects: boolean) => (stage: Stage) =>
      new s3.Bucket(new Stack(stage, 'Data'), 'Bucket', { removalPolicy, autoDeleteObjects });

    test('fails in a disposable stage on a retained bucket that is not emptied', () => {
      expect(findings('atlas-durability', bucket(RemovalPolicy.RETAIN, false), 'disposable')).toEqual([
        expect.stringMatching(/AWS::S3::Bucket Bucket.* is kept \(DeletionPolicy Retain/),
        expect.stringMatching(/bucket Bucket.* is not emptied before deletion/),
      ]);
    });

    test('passes in a disposable stage when the bucket is destroyed and emptied', () => {
      expect(findings('atlas-durability', bucket(RemovalPolicy.DESTROY, true), 'disposable')).toEqual([]);
    });

    test('fails in a durable stage on a bucket deleted with its stack; passes when retained', () => {
      expect(findings('atlas-durability', bucket(RemovalPolicy.DESTROY, true), 'durable')).toEqual([
        expect.stringMatching(/holds data but is deleted with its stack/),
      ]);
      expect(findings('atlas-durability', bucket(RemovalPolicy.RETAIN, false), 'durable')).toEqual([]);
    });
  });

  describe('stack references', () => {
    const consumer = (use: (arn: string) => string, strength?: ReferenceStrength, transform?: string) => (stage: Stage) => {
      const producer = new s3.Bucket(new Stack(stage, 'Producer'), 'Bucket');
      const stack = new Stack(stage, 'Consumer');
      if (strength) CrossStackReferences.of(stack).consume(strength);
      if (transform) stack.addTransform(transform);
      new sns.Topic(stack, 'Topic', { displayName: use(producer.bucketArn) });
    };

    test('fails on a weak reference inside Fn::Split, and on any weak reference in a transformed template', () => {
      expect(
        findings(
          'atlas-stack-references',
          consumer((arn) => Fn.select(1, Fn.split(':', arn))),
        ),
      ).toEqual([expect.stringMatching(/inside Fn::Split, where CloudFormation does not document it/)]);
      expect(
        findings(
          'atlas-stack-references',
          consumer((arn) => arn, undefined, 'AWS::Serverless-2016-10-31'),
        ),
      ).toEqual([expect.stringMatching(/in a template with Transform/)]);
    });

    test('passes for a plain or joined weak reference, and for strong references in a transformed template', () => {
      expect(
        findings(
          'atlas-stack-references',
          consumer((arn) => Fn.join('', ['bucket ', arn])),
        ),
      ).toEqual([]);
      expect(
        findings(
          'atlas-stack-references',
          consumer((arn) => arn, ReferenceStrength.STRONG, 'AWS::Serverless-2016-10-31'),
        ),
      ).toEqual([]);
    });
  });

  describe('grants within boundary', () => {
    /** A role in one stack, bounded by a policy of another stack (as the Access stack bounds the stage). */
    const bounded = (grant: (role: iam.Role, stack: Stack) => void) => (stage: Stage) => {
      const boundary = new iam.ManagedPolicy(new Stack(stage, 'Access'), 'Boundary', {
        statements: [
          new iam.PolicyStatement({ actions: ['s3:*', 'logs:*', 'iam:PassRole'], resources: ['*'] }),
          new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:DeleteBucketPolicy'], resources: ['*'] }),
        ],
      });
      const stack = new Stack(stage, 'Workload');
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), permissionsBoundary: boundary });
      grant(role, stack);
    };

    test('fails on an action of a service the boundary leaves out, from a grant in the template', () => {
      expect(
        findings(
          'atlas-grants-within-boundary',
          bounded((role, stack) =>
            new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }).grantReadData(role),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([expect.stringMatching(/role Role\w+ is granted dynamodb:BatchGetItem \(policy RoleDefaultPolicy\w+\), outside its boundary/)]),
      );
    });

    test('fails on an action the boundary denies, on a wildcard wider than the ceiling, and on an unrecorded AWS-managed policy', () => {
      expect(
        findings(
          'atlas-grants-within-boundary',
          bounded((role) => {
            role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:DeleteBucketPolicy', 'iam:*'], resources: ['*'] }));
            role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
          }),
        ).sort(),
      ).toEqual([
        expect.stringMatching(/attaches the AWS-managed policy AmazonS3ReadOnlyAccess, whose actions are not recorded/),
        expect.stringMatching(/is granted iam:\* \(policy RoleDefaultPolicy\w+\), outside its boundary/),
        expect.stringMatching(/is granted s3:DeleteBucketPolicy \(policy RoleDefaultPolicy\w+\), which its boundary denies/),
      ]);
    });

    test("fails on a resource policy that grants the role's ARN an action outside the boundary", () => {
      expect(
        findings(
          'atlas-grants-within-boundary',
          bounded((role, stack) => {
            const key = new kms.Key(stack, 'Key');
            key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], principals: [new iam.ArnPrincipal(role.roleArn)], resources: ['*'] }));
          }),
        ),
      ).toEqual([expect.stringMatching(/is granted kms:Decrypt \(AWS::KMS::Key Key\w+\), outside its boundary/)]);
    });

    test('passes for grants inside the ceiling, a recorded AWS-managed policy and a role bounded by an AWS-managed policy', () => {
      expect(
        findings(
          'atlas-grants-within-boundary',
          bounded((role, stack) => {
            new s3.Bucket(stack, 'Bucket').grantRead(role);
            role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
            const audit = iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit');
            new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [audit], permissionsBoundary: audit });
          }),
        ),
      ).toEqual([]);
    });
  });
});
