/** What an AWS-managed policy grants, as the AWS Managed Policy Reference shows it. */
export interface AwsManagedPolicyActions {
  /** The default version read, and where. */
  readonly source: string;
  /** The actions of its Allow statements that a role of this stage relies on (none of these policies has a Deny). */
  readonly allow: readonly string[];
  /**
   * Actions of its Allow statements for resource types this architecture does not have: the boundary cuts them, and
   * nothing here calls them.
   */
  readonly unusedHere?: { readonly actions: readonly string[]; readonly reason: string };
}

const REFERENCE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/';

/**
 * The AWS-managed policies roles of the stage attach, with their actions: they are not in the templates, so the
 * grants-within-boundary check reads them from here. A role attaching a policy missing here is a finding. AWS extends
 * these policies over time; recheck an entry against the reference when a service behind it starts failing with
 * "explicitly denied … by a permissions boundary".
 */
export const AWS_MANAGED_POLICY_ACTIONS: Readonly<Record<string, AwsManagedPolicyActions>> = {
  'service-role/AWSLambdaBasicExecutionRole': {
    source: `v1 (2015-04-09), ${REFERENCE}AWSLambdaBasicExecutionRole.html`,
    allow: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  },
  'service-role/AWSLambdaVPCAccessExecutionRole': {
    source: `v3 (2024-01-05), ${REFERENCE}AWSLambdaVPCAccessExecutionRole.html`,
    allow: [
      'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
      'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
    ],
  },
  AmazonSSMManagedInstanceCore: {
    source: `v2 (2019-05-23), ${REFERENCE}AmazonSSMManagedInstanceCore.html`,
    allow: [
      'ssm:DescribeAssociation', 'ssm:GetDeployablePatchSnapshotForInstance', 'ssm:GetDocument', 'ssm:DescribeDocument', 'ssm:GetManifest',
      'ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListAssociations', 'ssm:ListInstanceAssociations', 'ssm:PutInventory',
      'ssm:PutComplianceItems', 'ssm:PutConfigurePackageResult', 'ssm:UpdateAssociationStatus', 'ssm:UpdateInstanceAssociationStatus',
      'ssm:UpdateInstanceInformation',
      'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
      'ec2messages:AcknowledgeMessage', 'ec2messages:DeleteMessage', 'ec2messages:FailMessage', 'ec2messages:GetEndpoint',
      'ec2messages:GetMessages', 'ec2messages:SendReply',
    ],
  },
  'service-role/AmazonRDSEnhancedMonitoringRole': {
    source: `v1 (2015-11-11), ${REFERENCE}AmazonRDSEnhancedMonitoringRole.html`,
    allow: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
  },
  'service-role/AWSDataLifecycleManagerServiceRole': {
    source: `v8 (2024-12-16), ${REFERENCE}AWSDataLifecycleManagerServiceRole.html`,
    allow: [
      'ec2:CreateSnapshot', 'ec2:CreateSnapshots', 'ec2:DeleteSnapshot', 'ec2:DescribeInstances', 'ec2:DescribeVolumes', 'ec2:DescribeSnapshots',
      'ec2:EnableFastSnapshotRestores', 'ec2:DescribeFastSnapshotRestores', 'ec2:DisableFastSnapshotRestores', 'ec2:CopySnapshot',
      'ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute', 'ec2:DescribeSnapshotTierStatus', 'ec2:ModifySnapshotTier',
      'ec2:DescribeAvailabilityZones', 'ec2:CreateTags',
      'events:PutRule', 'events:DeleteRule', 'events:DescribeRule', 'events:EnableRule', 'events:DisableRule', 'events:ListTargetsByRule',
      'events:PutTargets', 'events:RemoveTargets',
    ],
  },
  'service-role/AWSElasticBeanstalkEnhancedHealth': {
    source: `v4 (2018-04-09), ${REFERENCE}AWSElasticBeanstalkEnhancedHealth.html`,
    allow: [
      'elasticloadbalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetHealth',
      'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus', 'ec2:GetConsoleOutput', 'ec2:AssociateAddress', 'ec2:DescribeAddresses',
      'ec2:DescribeSecurityGroups', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl',
      'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeScalingActivities',
      'autoscaling:DescribeNotificationConfigurations', 'sns:Publish', 'logs:DescribeLogStreams', 'logs:CreateLogStream', 'logs:PutLogEvents',
    ],
  },
  AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy: {
    source: `v7 (2025-02-27), ${REFERENCE}AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy.html; later versions to v12 (2026-02) add no action`,
    allow: [
      'elasticbeanstalk:*', 'iam:PassRole', 'cloudformation:*',
      'autoscaling:DescribeAccountLimits', 'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances',
      'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeLoadBalancers', 'autoscaling:DescribeNotificationConfigurations',
      'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeScheduledActions', 'autoscaling:AttachInstances',
      'autoscaling:CreateAutoScalingGroup', 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateOrUpdateTags',
      'autoscaling:DeleteLaunchConfiguration', 'autoscaling:DeleteAutoScalingGroup', 'autoscaling:DeleteScheduledAction',
      'autoscaling:DetachInstances', 'autoscaling:DeletePolicy', 'autoscaling:PutScalingPolicy', 'autoscaling:PutScheduledUpdateGroupAction',
      'autoscaling:PutNotificationConfiguration', 'autoscaling:ResumeProcesses', 'autoscaling:SetDesiredCapacity', 'autoscaling:SuspendProcesses',
      'autoscaling:TerminateInstanceInAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup',
      'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeImages',
      'ec2:DescribeInstanceAttribute', 'ec2:DescribeInstances', 'ec2:DescribeKeyPairs', 'ec2:DescribeLaunchTemplates',
      'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSnapshots', 'ec2:DescribeSpotInstanceRequests',
      'ec2:DescribeSubnets', 'ec2:DescribeVpcClassicLink', 'ec2:DescribeVpcs', 'ec2:AllocateAddress', 'ec2:AssociateAddress',
      'ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateLaunchTemplate', 'ec2:CreateLaunchTemplateVersion',
      'ec2:CreateSecurityGroup', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions', 'ec2:DeleteSecurityGroup',
      'ec2:DisassociateAddress', 'ec2:ReleaseAddress', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress',
      'ec2:RunInstances', 'ec2:TerminateInstances', 'ec2:createTags',
      'elasticloadbalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
      'elasticloadbalancing:ConfigureHealthCheck', 'elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:DeregisterInstancesFromLoadBalancer', 'elasticloadbalancing:DeregisterTargets',
      'elasticloadbalancing:RegisterInstancesWithLoadBalancer', 'elasticloadbalancing:RegisterTargets',
      'logs:DescribeLogGroups', 'logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy',
      'rds:DescribeDBEngineVersions', 'rds:DescribeDBInstances', 'rds:DescribeOrderableDBInstanceOptions',
      'sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe',
      'ecs:CreateCluster', 'ecs:DescribeClusters', 'ecs:RegisterTaskDefinition', 'ecs:DeleteCluster', 'ecs:TagResource',
      's3:DeleteObject', 's3:GetObject', 's3:GetObjectAcl', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:PutObject', 's3:PutObjectAcl',
      's3:PutObjectVersionAcl', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:ListBucket', 's3:PutBucketPolicy',
      'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'cloudwatch:PutMetricAlarm',
    ],
  },
  'service-role/AWSBackupServiceRolePolicyForBackup': {
    source: `v29 (2026-02-12; the reference page shows v22 in part, the same statements as far as it goes), ${REFERENCE}AWSBackupServiceRolePolicyForBackup.html`,
    allow: [
      'rds:AddTagsToResource', 'rds:ListTagsForResource', 'rds:DescribeDBSnapshots', 'rds:CreateDBSnapshot', 'rds:CopyDBSnapshot',
      'rds:DescribeDBInstances', 'rds:CreateDBClusterSnapshot', 'rds:DescribeDBClusters', 'rds:DescribeDBClusterSnapshots',
      'rds:CopyDBClusterSnapshot', 'rds:DescribeDBClusterAutomatedBackups', 'rds:DeleteDBInstanceAutomatedBackup', 'rds:ModifyDBCluster',
      'rds:DeleteDBClusterAutomatedBackup', 'rds:ModifyDBInstance', 'rds:DeleteDBSnapshot', 'rds:ModifyDBSnapshotAttribute',
      'rds:DeleteDBClusterSnapshot', 'rds:ModifyDBClusterSnapshotAttribute',
      'dynamodb:DescribeTable', 'dynamodb:CreateBackup', 'dynamodb:DescribeBackup', 'dynamodb:DeleteBackup', 'dynamodb:StartAwsBackupJob',
      'dynamodb:ListTagsOfResource',
      'ec2:CopySnapshot', 'ec2:CopyImage', 'ec2:CreateTags', 'ec2:DeleteSnapshot', 'ec2:CreateImage', 'ec2:DeregisterImage',
      'ec2:DescribeSnapshots', 'ec2:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceAttribute',
      'ec2:DescribeInstanceCreditSpecifications', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeElasticGpus', 'ec2:DescribeSpotInstanceRequests',
      'ec2:DescribeSnapshotTierStatus', 'ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute', 'ec2:ModifySnapshotTier',
      'ec2:CreateSnapshot', 'ec2:DescribeVolumes', 'ec2:DescribeLaunchTemplateVersions',
      'backup:DescribeBackupVault', 'backup:CopyIntoBackupVault', 'backup:CopyFromBackupVault', 'backup:TagResource',
      'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptTo',
      'kms:ReEncryptFrom', 'tag:GetResources', 'ssm:CancelCommand', 'ssm:GetCommandInvocation', 'ssm:SendCommand',
      'cloudformation:ListStacks', 'cloudformation:GetTemplate', 'cloudformation:DescribeStacks', 'cloudformation:ListStackResources',
    ],
    unusedHere: {
      actions: [
        'storagegateway:*', 'elasticfilesystem:*', 'fsx:*', 'backup-gateway:*', 'redshift:*', 'redshift-serverless:*', 'timestream:*',
        'ssm-sap:*', 'dsql:*', 'eks:*', 'guardduty:*', 'iam:PassRole',
      ],
      reason:
        'AWS Backup protects only the production RDS instance here (RelationalDatabase); these statements serve file systems, gateways, warehouses, SAP HANA, DSQL, EKS and malware scans, none of which the stage has.',
    },
  },
};
