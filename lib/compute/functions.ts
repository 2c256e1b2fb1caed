import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, HIPAA, inPacks, NIST } from '../compliance/acknowledge';
import { CROSS_STACK_SUBNETS, DEAD_LETTER_QUEUE, GRANT_POLICY } from '../compliance/common-exceptions';
import { addAlarm } from '../management/alarms';
import { Network } from '../networking/network';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { requireInteger } from '../shared/validate';

/** The study's hard limit: a Lambda invocation runs at most 15 minutes. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/** Properties of `Functions`. */
export interface FunctionsProps {
  /** The network: the function runs in the application subnets with the application security group. */
  readonly network: Network;
  /** Topic for the function's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** Bucket whose object-created events trigger the function (through EventBridge). */
  readonly sourceBucket: s3.IBucket;
  /**
   * Table the function records each event in (read/write through a grant; `TABLE_NAME` in its environment).
   *
   * @default - the function records nothing
   */
  readonly table?: dynamodb.ITableV2;
  /** Memory in MB: 128 to 10240. CPU grows with it. */
  readonly memoryMiB: number;
  /** Timeout in seconds: 1 to 900 (15 minutes, the Lambda limit). */
  readonly timeoutSeconds: number;
  /**
   * Reserved concurrency: a ceiling for this function that also shields the rest of the account. Lambda keeps 100 of
   * the account's concurrency unreserved (the whole quota when it is smaller), so this needs a quota of at least the
   * reservation plus 100; new accounts may have only 10, where any reservation fails the deploy (`npm run preflight`
   * checks it), so a stage that may land in a new account reserves nothing.
   *
   * @default - no reservation: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the log group and the dead-letter queue. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * When the scheduled run happens (UTC cron).
   *
   * @default - every day at 00:00 UTC (09:00 in Seoul)
   */
  readonly schedule?: events.Schedule;
}

/**
 * The study's Lambda: event-driven code without servers, billed per request and duration, at most 15 minutes
 * per run. One function bundled from `assets/functions/processor` by the local esbuild (never Docker), ARM64 on
 * the current Node.js runtime, traced with X-Ray, with its own encrypted log group, an encrypted dead-letter queue
 * for failed asynchronous events, reserved concurrency, and two triggers: a schedule and S3 object-created events.
 */
export class Functions extends Construct {
  /** The function. */
  public readonly processor: lambda.IFunction;
  /** Failed asynchronous invocations land here after the retries. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The function's alarms. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The function's invocations and errors, graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    requireInteger('Functions', 'memoryMiB', props.memoryMiB, 128, 10240, 'the Lambda memory range in MB');
    requireInteger('Functions', 'timeoutSeconds', props.timeoutSeconds, 1, LAMBDA_MAX_TIMEOUT_SECONDS, 'Lambda runs at most 15 minutes');
    if (props.reservedConcurrency !== undefined) {
      requireInteger('Functions', 'reservedConcurrency', props.reservedConcurrency, 1, 1000, 'the default account concurrency is 1000');
    }

    const logGroup = new EncryptedLogGroup(this, 'ProcessorLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // Encrypted by SQS itself (SSE-SQS): the EventBridge rules deliver failed events here, and EventBridge cannot
    // use the AWS-managed alias/aws/sqs key, whose policy no one can change to admit it.
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.deadLetterQueue = deadLetterQueue;
    acknowledge(deadLetterQueue, DEAD_LETTER_QUEUE);

    // The project root and lock file are named, not searched for from the working directory: a synth started from
    // anywhere (another folder, a scratch copy) bundles the same code.
    const projectRoot = path.join(__dirname, '..', '..');
    const fn = new nodejs.NodejsFunction(this, 'Processor', {
      entry: path.join(projectRoot, 'assets', 'functions', 'processor', 'index.ts'),
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMiB,
      timeout: Duration.seconds(props.timeoutSeconds),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: logGroup.logGroup,
      deadLetterQueue,
      retryAttempts: 2,
      vpc: props.network.vpc,
      vpcSubnets: props.network.applicationSubnets,
      securityGroups: [props.network.applicationSecurityGroup],
      bundling: { forceDockerBundling: false, minify: true, sourceMap: true, target: 'node24' },
      description: 'Processes scheduled runs and S3 object-created events',
      environment: props.table ? { TABLE_NAME: props.table.tableName } : undefined,
    });
    this.processor = fn;
    if (props.table) {
      props.table.grantReadWriteData(fn);
      acknowledge(fn, {
        id: ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
        reason: 'The CDK grant to read and write the encrypted table uses these KMS action groups on the table key only.',
      });
    }

    new events.Rule(this, 'ScheduleRule', {
      description: 'Runs the processor on a schedule',
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '0' }),
      targets: [new targets.LambdaFunction(fn, { deadLetterQueue, retryAttempts: 2 })],
    });
    new events.Rule(this, 'ObjectCreatedRule', {
      description: 'Runs the processor for every object created in the source bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.sourceBucket.bucketName] } },
      },
      targets: [new targets.LambdaFunction(fn, { deadLetterQueue, retryAttempts: 2 })],
    });
    // The processor only reacts to the event; it does not read the objects, so it gets no S3 permission at all.
    if (props.reservedConcurrency === undefined) {
      acknowledge(fn, {
        id: inPacks('LambdaConcurrency', NIST, HIPAA),
        reason:
          'This stage may be deployed to a new account, whose Lambda concurrency quota can be 10, and any reservation there fails the deploy; the throttles alarm and the stage config (functions.reservedConcurrency) set a ceiling where the quota allows.',
      });
    }
    acknowledge(
      fn,
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The AWS basic execution policy lets the function write its own logs; it grants nothing else.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'A function in a VPC needs to create and delete its network interfaces; this AWS-managed policy is the documented minimum for that.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions, so active tracing needs Resource *.',
      },
      GRANT_POLICY,
      CROSS_STACK_SUBNETS,
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason:
          'Failed asynchronous events already go to the dead-letter queue (DeadLetterConfig, which the NIST and HIPAA packs require); an on-failure destination as well would deliver every failure twice.',
      },
    );

    const topic = props.alarmTopic;
    this.alarms = [
      addAlarm(this, 'ErrorsAlarm', topic, {
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // no invocations, no errors
        description: 'The processor failed at least once in 5 minutes',
      }),
      addAlarm(this, 'ThrottlesAlarm', topic, {
        metric: fn.metricThrottles({ period: Duration.minutes(5) }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'The processor was throttled: it hit its reserved concurrency or the account limit',
      }),
      addAlarm(this, 'DurationNearTimeoutAlarm', topic, {
        metric: fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: props.timeoutSeconds * 1000 * 0.8,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'A run took more than 80 % of the timeout',
      }),
      addAlarm(this, 'DeadLetterQueueAlarm', topic, {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // an empty queue may report nothing
        description: 'Events are waiting in the dead-letter queue',
      }),
    ];
    this.metrics = [fn.metricInvocations(), fn.metricErrors()];
  }
}
