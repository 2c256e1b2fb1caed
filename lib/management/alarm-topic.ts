import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { DEAD_LETTER_QUEUE } from '../compliance/common-exceptions';
import { EMAIL_PATTERN, requirePattern } from '../shared/validate';
import { rotatingKey } from '../shared/rotating-key';

/** The Auto Scaling service-linked role, which sends Auto Scaling notifications. */
export const AUTO_SCALING_SERVICE_LINKED_ROLE = 'AWSServiceRoleForAutoScaling';

/** Properties of an `AlarmTopic`. */
export interface AlarmTopicProps {
  /**
   * E-mail address subscribed to the topic (AWS sends a confirmation mail first).
   *
   * @default - no subscription
   */
  readonly email?: string;
  /** Removal policy of the topic's key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The stage's alarm topic: every alarm and Auto Scaling notification goes here.
 * Encrypted with a customer-managed key that CloudWatch and Auto Scaling may use; TLS-only publishing.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    if (props.email !== undefined) {
      requirePattern('AlarmTopic', 'email', props.email, EMAIL_PATTERN, 'an e-mail address');
    }
    const stack = Stack.of(this);
    const key = rotatingKey(this, 'Key', 'Encrypts the alarm topic', props.removalPolicy);
    // CloudWatch alarms publish to an encrypted topic only if the service may use its key.
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    // Auto Scaling notifications are sent by the Auto Scaling service-linked role, which needs the same. That role
    // exists only once the account has used Auto Scaling, and KMS refuses a key policy that names a principal that
    // does not exist (MalformedPolicyDocumentException): so the role is named in a condition, which KMS does not
    // resolve, and the statement admits exactly that role of this account.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAutoScalingNotifications',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:PrincipalAccount': stack.account,
            'aws:PrincipalArn': stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: `aws-service-role/autoscaling.amazonaws.com/${AUTO_SCALING_SERVICE_LINKED_ROLE}`,
            }),
          },
        },
      }),
    );
    const topic = new sns.Topic(this, 'Resource', { masterKey: key, enforceSSL: true });
    // A topic policy replaces SNS's default one (which let this account's services publish): `enforceSSL` writes one,
    // so the alarms of this account and region must be admitted explicitly.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }),
    );
    if (props.email) {
      // Messages SNS could not deliver to the address (after its retries) wait here instead of being dropped.
      const undelivered = new sqs.Queue(this, 'UndeliveredAlarms', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: props.removalPolicy,
      });
      acknowledge(undelivered, DEAD_LETTER_QUEUE, {
        id: 'AwsSolutions-SQS3',
        reason:
          'SNS uses this queue as the dead-letter queue of the e-mail subscription (RedrivePolicy on the subscription), which the rule does not recognise: it only knows queue-to-queue redrive.',
      });
      topic.addSubscription(new subscriptions.EmailSubscription(props.email, { deadLetterQueue: undelivered }));
    }
    this.topic = topic;
  }
}
