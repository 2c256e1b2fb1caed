import { CfnOutput, CrossStackReferences, ReferenceStrength } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Cache } from '../database/cache';
import { DocumentDatabase } from '../database/document';
import { KeyValueTable, TableReplica } from '../database/key-value';
import { RelationalDatabase } from '../database/relational';
import { Network } from '../networking/network';
import { ArchiveBucket } from '../storage/archive';
import { BlockStorageBackups } from '../storage/block-storage';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** Properties of the `DataStack`. */
export interface DataStackProps extends AtlasStackProps {
  readonly network: Network;
  readonly alarmTopic: sns.ITopic;
  /**
   * Regions that hold a replica of the key-value table, each with its key there (by an ARN known before deploy:
   * this transformed template takes no cross-region reference).
   *
   * @default - none
   */
  readonly tableReplicas?: readonly TableReplica[];
}

/** Stateful resources apart from stateless ones: termination-protected in production. */
export class DataStack extends AtlasStack {
  /** The PostgreSQL database. */
  public readonly relational: RelationalDatabase;
  /** The DynamoDB table. */
  public readonly keyValue: KeyValueTable;
  /** The archive bucket. */
  public readonly archive: ArchiveBucket;
  /** The EBS snapshot policy. */
  public readonly blockStorage: BlockStorageBackups;
  /** The ElastiCache replication group, where the stage switches it on. */
  public readonly cache?: Cache;
  /** The DocumentDB cluster, where the stage switches it on. */
  public readonly document?: DocumentDatabase;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    // The hosted rotation makes this a transformed template (AWS::SecretsManager-2024-09-16), where CloudFormation does
    // not document weak references (Fn::GetStackOutput): this stack imports the network and the topic through
    // exports instead. Set before any child exists, as context must be.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { relational, durability, logRetention, archive, blockStorage, cache, document, stageName } = props.config;
    const { network, alarmTopic } = props;
    const removalPolicy = durability.removalPolicy;
    this.relational = new RelationalDatabase(this, 'Relational', {
      network,
      alarmTopic,
      instanceType: relational.instanceType,
      multiAz: relational.multiAz,
      allocatedStorageGiB: relational.allocatedStorageGiB,
      maxAllocatedStorageGiB: relational.maxAllocatedStorageGiB,
      backupRetentionDays: relational.backupRetentionDays,
      removalPolicy,
      logRetention,
    });
    this.keyValue = new KeyValueTable(this, 'KeyValue', { alarmTopic, removalPolicy, replicas: props.tableReplicas });
    this.archive = new ArchiveBucket(this, 'Archive', {
      infrequentAccessAfterDays: archive.infrequentAccessAfterDays,
      glacierAfterDays: archive.glacierAfterDays,
      deepArchiveAfterDays: archive.deepArchiveAfterDays,
      expireAfterDays: archive.expireAfterDays,
      noncurrentExpireAfterDays: archive.noncurrentExpireAfterDays,
      removalPolicy,
    });
    this.blockStorage = new BlockStorageBackups(this, 'BlockStorage', { targetTagValue: stageName, retainSnapshots: blockStorage.retainSnapshots });
    if (cache) {
      this.cache = new Cache(this, 'Cache', {
        network,
        alarmTopic,
        nodeType: cache.nodeType,
        nodes: cache.nodes,
        multiAz: cache.multiAz,
        snapshotRetentionDays: cache.snapshotRetentionDays,
        removalPolicy,
        logRetention,
      });
    }
    if (document) {
      this.document = new DocumentDatabase(this, 'Document', {
        network,
        alarmTopic,
        instanceType: document.instanceType,
        instances: document.instances,
        backupRetentionDays: document.backupRetentionDays,
        removalPolicy,
        logRetention,
      });
    }

    new CfnOutput(this, 'DatabaseEndpoint', {
      description: 'PostgreSQL endpoint (isolated subnets: reach it from the application tier)',
      value: this.relational.instance.dbInstanceEndpointAddress,
    });
    new CfnOutput(this, 'TableName', { description: 'DynamoDB table', value: this.keyValue.table.tableName });
    new CfnOutput(this, 'ArchiveBucketName', { description: 'Archive bucket', value: this.archive.bucket.bucketName });
    if (this.cache)
      new CfnOutput(this, 'CacheEndpoint', {
        description: 'Cache primary endpoint (TLS, AUTH token in Secrets Manager)',
        value: this.cache.replicationGroup.attrPrimaryEndPointAddress,
      });
    if (this.document)
      new CfnOutput(this, 'DocumentEndpoint', { description: 'DocumentDB cluster endpoint (TLS)', value: this.document.cluster.clusterEndpoint.hostname });
  }
}
