import { CfnResource } from './assembly';

/**
 * Names for CloudFormation resource types, so labels read as architecture ("2 NAT gateways") rather than as type
 * names. Vocabulary only: which resources exist, and how many, always comes from the templates. A type missing here
 * still counts in a stack's total; add it when a new construct brings one worth naming.
 */
const HEADLINE_TYPES: readonly (readonly [type: string, singular: string, plural: string])[] = [
  ['AWS::EC2::VPC', 'VPC', 'VPCs'],
  ['AWS::EC2::Subnet', 'subnet', 'subnets'],
  ['AWS::EC2::InternetGateway', 'internet gateway', 'internet gateways'],
  ['AWS::EC2::NatGateway', 'NAT gateway', 'NAT gateways'],
  ['AWS::EC2::NetworkAcl', 'network ACL', 'network ACLs'],
  ['AWS::EC2::SecurityGroup', 'security group', 'security groups'],
  ['AWS::EC2::VPCEndpoint', 'VPC endpoint', 'VPC endpoints'],
  ['AWS::EC2::FlowLog', 'flow log', 'flow logs'],
  ['AWS::EC2::VPNGateway', 'virtual private gateway', 'virtual private gateways'],
  ['AWS::EC2::CustomerGateway', 'customer gateway', 'customer gateways'],
  ['AWS::EC2::VPNConnection', 'Site-to-Site VPN', 'Site-to-Site VPNs'],
  ['AWS::DirectConnect::DirectConnectGateway', 'Direct Connect gateway', 'Direct Connect gateways'],
  ['AWS::DirectConnect::Connection', 'Direct Connect connection', 'Direct Connect connections'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'load balancer', 'load balancers'],
  ['AWS::WAFv2::WebACL', 'WAF web ACL', 'WAF web ACLs'],
  ['AWS::AutoScaling::AutoScalingGroup', 'Auto Scaling group', 'Auto Scaling groups'],
  ['AWS::EC2::Instance', 'EC2 instance', 'EC2 instances'],
  ['AWS::ECS::Service', 'ECS service', 'ECS services'],
  ['AWS::Lambda::Function', 'Lambda function', 'Lambda functions'],
  ['AWS::Events::Rule', 'EventBridge rule', 'EventBridge rules'],
  ['AWS::SQS::Queue', 'SQS queue', 'SQS queues'],
  ['AWS::ElasticBeanstalk::Environment', 'Beanstalk environment', 'Beanstalk environments'],
  ['AWS::SSM::Association', 'State Manager association', 'State Manager associations'],
  ['AWS::RDS::DBInstance', 'RDS instance', 'RDS instances'],
  ['AWS::RDS::DBCluster', 'RDS cluster', 'RDS clusters'],
  ['AWS::DynamoDB::GlobalTable', 'DynamoDB table', 'DynamoDB tables'],
  ['AWS::DynamoDB::Table', 'DynamoDB table', 'DynamoDB tables'],
  ['AWS::ElastiCache::ReplicationGroup', 'ElastiCache replication group', 'ElastiCache replication groups'],
  ['AWS::DocDB::DBCluster', 'DocumentDB cluster', 'DocumentDB clusters'],
  ['AWS::DocDB::DBInstance', 'DocumentDB instance', 'DocumentDB instances'],
  ['AWS::S3::Bucket', 'S3 bucket', 'S3 buckets'],
  ['AWS::DLM::LifecyclePolicy', 'EBS snapshot policy', 'EBS snapshot policies'],
  ['AWS::Backup::BackupPlan', 'backup plan', 'backup plans'],
  ['AWS::SecretsManager::Secret', 'secret', 'secrets'],
  ['AWS::CloudFront::Distribution', 'CloudFront distribution', 'CloudFront distributions'],
  ['AWS::Route53::HostedZone', 'hosted zone', 'hosted zones'],
  ['AWS::Route53::RecordSet', 'record', 'records'],
  ['AWS::Route53::HealthCheck', 'health check', 'health checks'],
  ['AWS::CloudTrail::Trail', 'CloudTrail trail', 'CloudTrail trails'],
  ['AWS::CloudTrail::EventDataStore', 'CloudTrail Lake store', 'CloudTrail Lake stores'],
  ['AWS::SNS::Topic', 'SNS topic', 'SNS topics'],
  ['AWS::SNS::Subscription', 'subscription', 'subscriptions'],
  ['AWS::CloudWatch::Alarm', 'alarm', 'alarms'],
  ['AWS::CloudWatch::Dashboard', 'dashboard', 'dashboards'],
  ['AWS::Logs::LogGroup', 'log group', 'log groups'],
  ['AWS::KMS::Key', 'KMS key', 'KMS keys'],
  ['AWS::IAM::Role', 'IAM role', 'IAM roles'],
  ['AWS::IAM::ManagedPolicy', 'managed policy', 'managed policies'],
];

/** `1 NAT gateway`, `3 NAT gateways`. */
export function counted(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Types that support the others (keys, roles, log groups): named only in a stack that holds nothing else. */
const SUPPORTING_TYPES = new Set(['AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::SecretsManager::Secret']);

/**
 * What a set of resources holds, headline types in a fixed order, each with its count (`1 VPC`, `6 subnets`, …);
 * supporting types (keys, roles, log groups, …) only where there is nothing else to name. Lambda functions that
 * only back custom resources (deploy-time helpers) are passed as `helperFunctions` and left out, so a stack's own
 * functions are not confused with the CDK's.
 */
export function holdings(resources: readonly CfnResource[], helperFunctions = 0): string[] {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  const named = (supporting: boolean) => {
    const items: string[] = [];
    for (const [type, singular, plural] of HEADLINE_TYPES) {
      if (SUPPORTING_TYPES.has(type) !== supporting) continue;
      const count = (counts.get(type) ?? 0) - (type === 'AWS::Lambda::Function' ? helperFunctions : 0);
      if (count > 0) items.push(counted(count, singular, plural));
    }
    return items;
  };
  const primary = named(false);
  return primary.length > 0 ? primary : named(true);
}

/** `AWS::ElastiCache::ReplicationGroup` → `ElastiCache ReplicationGroup`: the fallback name of an unnamed type. */
export function typeName(type: string): string {
  return type.replace(/^AWS::/, '').replace('::', ' ');
}

/** Items joined with ` · `, at most `perLine` to a line, so labels stay narrow. */
export function wrapItems(items: readonly string[], perLine = 3): string[] {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(' · '));
  return lines;
}
