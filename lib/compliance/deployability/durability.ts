import { DeployabilityCheck, findingsCollector } from './check';
import { isObject, list } from './model';

/** Resource types that hold data (or keys and logs that data depends on). */
export const STATEFUL_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::CloudTrail::EventDataStore',
  'AWS::EFS::FileSystem',
];

const KEPT = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];

/** Properties that make a resource refuse deletion, by type. */
const PROTECTION: Readonly<Record<string, (props: Record<string, unknown>) => boolean>> = {
  'AWS::RDS::DBInstance': (p) => p.DeletionProtection === true,
  'AWS::RDS::DBCluster': (p) => p.DeletionProtection === true,
  'AWS::DocDB::DBCluster': (p) => p.DeletionProtection === true,
  'AWS::DynamoDB::Table': (p) => p.DeletionProtectionEnabled === true,
  'AWS::DynamoDB::GlobalTable': (p) => list(p.Replicas).some((r) => isObject(r) && r.DeletionProtectionEnabled === true),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (p) =>
    list(p.LoadBalancerAttributes).some((a) => isObject(a) && a.Key === 'deletion_protection.enabled' && a.Value === 'true'),
  // CloudTrail turns termination protection on unless told otherwise.
  'AWS::CloudTrail::EventDataStore': (p) => p.TerminationProtectionEnabled !== false,
};

/**
 * Stage-wide durability, across every template of the stage. A disposable stage (sandbox) leaves nothing after
 * `cdk destroy`: no resource is retained or snapshotted, none refuses deletion, no stack is termination-protected,
 * and every bucket is emptied first (a bucket with objects cannot be deleted). A durable stage (production) keeps
 * every stateful resource when its stack is deleted or the resource replaced. (Stack termination protection is not
 * in a template but in the assembly manifest: `test/stacks/stage.test.ts` checks it.)
 */
export const durability: DeployabilityCheck = {
  name: 'atlas-durability',
  description: 'Sandbox: nothing retained or protected, every bucket auto-emptied. Production: every stateful resource retained or snapshotted.',
  fix: "Pass the stage's durability.removalPolicy to the construct (and through it to every stateful resource it creates).",
  check: ({ assembly, durability: kind }) => {
    const { findings, report } = findingsCollector();
    if (kind === undefined) return findings;
    if (kind === 'disposable') {
      const emptied = new Set(
        assembly.resources('Custom::S3AutoDeleteObjects').map((c) => {
          const bucket = assembly.follow(c.stack, c.resource.Properties?.BucketName);
          return bucket && `${bucket.stack.stackName}/${bucket.logicalId}`;
        }),
      );
      for (const at of assembly.resources()) {
        const { Type: type, DeletionPolicy: deletion, UpdateReplacePolicy: replace, Properties: props = {} } = at.resource;
        if (KEPT.includes(deletion ?? '') || KEPT.includes(replace ?? '')) {
          report(
            at,
            `${type} ${at.logicalId} is kept (DeletionPolicy ${deletion ?? 'Delete'}, UpdateReplacePolicy ${replace ?? 'Delete'}) in a disposable stage: cdk destroy leaves it behind`,
          );
        }
        if (PROTECTION[type]?.(props)) report(at, `${type} ${at.logicalId} has deletion protection in a disposable stage: cdk destroy fails on it`);
        if (type === 'AWS::S3::Bucket' && !emptied.has(`${at.stack.stackName}/${at.logicalId}`)) {
          report(
            at,
            `bucket ${at.logicalId} is not emptied before deletion (autoDeleteObjects) in a disposable stage: deleting it fails once it holds objects`,
          );
        }
      }
    } else {
      for (const at of assembly.resources().filter((r) => STATEFUL_TYPES.includes(r.resource.Type))) {
        if (!KEPT.includes(at.resource.DeletionPolicy ?? '')) {
          report(
            at,
            `${at.resource.Type} ${at.logicalId} holds data but is deleted with its stack (DeletionPolicy ${at.resource.DeletionPolicy ?? 'Delete'}) in a durable stage`,
          );
        }
      }
    }
    return findings;
  },
};
