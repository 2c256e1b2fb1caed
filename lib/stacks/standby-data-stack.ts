import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { rotatingKey } from '../shared/rotating-key';
import { ContentReplica } from '../storage/content-replica';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** The alias of the standby region's key for the key-value table's replica, by stage. */
export function tableReplicaKeyAlias(stageName: string): string {
  return `alias/aws-service-atlas/${stageName}/key-value-replica`;
}

/**
 * The standby region's data: the content bucket's replica (with its key and log bucket) and the key that encrypts
 * the key-value table's replica there. Deployed before the primary's Data and Edge stacks, which replicate into it;
 * termination-protected like them.
 *
 * The table's replica itself is created by the primary's global table (`AWS::DynamoDB::GlobalTable` owns every
 * replica); the primary names this key by its alias ARN, a value known before deploy, so its stack (a transformed
 * template, which takes no cross-region references) needs none.
 */
export class StandbyDataStack extends AtlasStack {
  /** The content bucket's replica. */
  public readonly contentReplica: ContentReplica;
  /** The key of the key-value table's replica. */
  public readonly tableReplicaKey: kms.IKey;
  /** The alias ARN the primary's table names the replica key by. */
  public readonly tableReplicaKeyAliasArn: string;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, { ...props, placement: 'standby', terminationProtection: props.config.durability.terminationProtection });
    const { durability, stageName } = props.config;
    this.contentReplica = new ContentReplica(this, 'ContentReplica', { removalPolicy: durability.removalPolicy });
    const key = rotatingKey(this, 'TableReplicaKey', "Encrypts the key-value table's replica", durability.removalPolicy);
    const aliasName = tableReplicaKeyAlias(stageName);
    key.addAlias(aliasName);
    this.tableReplicaKey = key;
    const { partition, region, account } = Stack.of(this);
    this.tableReplicaKeyAliasArn = `arn:${partition}:kms:${region}:${account}:${aliasName}`;
    new CfnOutput(this, 'ContentReplicaBucketName', {
      description: "The content bucket's replica (CloudFront's secondary origin)",
      value: this.contentReplica.bucket.bucketName,
    });
  }
}
