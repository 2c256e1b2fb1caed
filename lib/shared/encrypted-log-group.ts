import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, guard } from '../compliance/acknowledge';
import { rotatingKey } from './rotating-key';

/** Audit logs are kept at least this long where data is retained (Control Tower CT.CLOUDWATCH.PR.2). */
export const MIN_DURABLE_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Properties of an `EncryptedLogGroup`. */
export interface EncryptedLogGroupProps {
  /** How long log events are kept. */
  readonly retention: logs.RetentionDays;
  /** Removal policy of the log group and its key: `DESTROY` in sandbox, `RETAIN` in production. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Customer-managed key that encrypts the log events.
   *
   * @default - a new key with yearly rotation, usable only by this region's CloudWatch Logs for log groups of this account
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Physical name, only for services that find their log group by a name prefix (AWS WAF: `aws-waf-logs-`).
   *
   * @default - a name CloudFormation generates
   */
  readonly logGroupName?: string;
}

/**
 * A CloudWatch Logs group encrypted with a customer-managed KMS key and a finite retention.
 *
 * CloudWatch Logs encrypts with a KMS key only when the key policy admits the regional Logs service; the default
 * key's policy admits it only for log groups of this account and region (encryption-context condition).
 */
export class EncryptedLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The key that encrypts it. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.encryptionKey = props.encryptionKey ?? rotatingKey(this, 'Key', `Encrypts the CloudWatch Logs group ${this.node.path}`, props.removalPolicy);
    if (!props.encryptionKey) {
      this.encryptionKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchLogsOfThisAccount',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
                service: 'logs',
                resource: 'log-group',
                resourceName: '*',
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            },
          },
        }),
      );
    }
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      retention: props.retention,
      encryptionKey: this.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    if (props.retention < MIN_DURABLE_LOG_RETENTION) {
      acknowledge(this.logGroup, {
        id: guard('cloudwatch_log_group_retention_period_check'),
        reason:
          'Retention shorter than a year is a stage setting for disposable stages (sandbox) that are torn down anyway; the stage config requires at least a year wherever data is retained.',
      });
    }
  }
}
