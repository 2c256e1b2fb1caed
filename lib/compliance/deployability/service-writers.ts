import { DeployabilityCheck, findingsCollector } from './check';
import { actionMatches, admitsService, isObject, list, Located, prop, StageAssembly, StackTemplate, statements } from './model';

/**
 * Every queue, topic, bucket and log group that an AWS service writes to can be written by that service: its
 * encryption is one the service may use (never an AWS-managed key, whose policy admits no service; SSE-S3 where log
 * delivery needs it) and its key and resource policies admit the service. Otherwise the deploy succeeds and the
 * service drops what it should deliver: alarms notify nobody, failed events vanish, logs never arrive.
 *
 * Writers checked: CloudWatch alarms → SNS; EventBridge rule targets and dead-letter queues → SQS/SNS; Auto Scaling
 * notifications → SNS; CloudWatch Logs → its KMS key; CloudTrail → its bucket and key; load balancer, CloudFront and
 * S3 server access logs → SSE-S3 buckets.
 */
export const serviceWriters: DeployabilityCheck = {
  name: 'atlas-service-writers',
  description: 'Every queue, topic, bucket and log group an AWS service writes to uses encryption the service may use, and its policies admit the service.',
  fix: 'Use a customer-managed key (or SSE-SQS / SSE-S3) whose policy admits the service, and admit the service in the resource policy.',
  check: ({ assembly }) => {
    const { findings, report } = findingsCollector();

    for (const alarm of assembly.resources('AWS::CloudWatch::Alarm')) {
      const props = alarm.resource.Properties ?? {};
      for (const action of [...list(props.AlarmActions), ...list(props.OKActions), ...list(props.InsufficientDataActions)]) {
        const topic = assembly.follow(alarm.stack, action);
        if (topic?.resource.Type === 'AWS::SNS::Topic') checkTopic(assembly, topic, 'cloudwatch.amazonaws.com', `alarm ${alarm.logicalId}`, report);
      }
    }

    for (const rule of assembly.resources('AWS::Events::Rule')) {
      for (const target of list(rule.resource.Properties?.Targets).filter(isObject)) {
        for (const [what, arn] of [
          ['target', target.Arn],
          ['dead-letter queue', prop(target.DeadLetterConfig, 'Arn')],
        ] as const) {
          const destination = arn === undefined ? undefined : assembly.follow(rule.stack, arn);
          if (destination?.resource.Type === 'AWS::SQS::Queue')
            checkQueue(assembly, destination, 'events.amazonaws.com', `rule ${rule.logicalId} (${what})`, report);
          if (destination?.resource.Type === 'AWS::SNS::Topic')
            checkTopic(assembly, destination, 'events.amazonaws.com', `rule ${rule.logicalId} (${what})`, report);
        }
      }
    }

    for (const group of assembly.resources('AWS::AutoScaling::AutoScalingGroup')) {
      for (const notification of list(group.resource.Properties?.NotificationConfigurations).filter(isObject)) {
        const topic = assembly.follow(group.stack, notification.TopicARN);
        const key = topic && assembly.follow(topic.stack, topic.resource.Properties?.KmsMasterKeyId);
        if (topic && isManagedKey(topic.resource.Properties?.KmsMasterKeyId)) {
          report(
            topic,
            `topic ${topic.logicalId} receives Auto Scaling notifications from ${group.logicalId} but is encrypted with the AWS-managed key, which the Auto Scaling role may not use`,
          );
        } else if (key && !admitsRole(key.resource.Properties?.KeyPolicy, 'AWSServiceRoleForAutoScaling', 'kms:GenerateDataKey')) {
          report(
            key,
            `key ${key.logicalId} encrypts topic ${topic.logicalId}, which receives Auto Scaling notifications from ${group.logicalId}, but its policy does not admit the Auto Scaling service-linked role`,
          );
        }
      }
    }

    for (const logGroup of assembly.resources('AWS::Logs::LogGroup')) {
      const key = assembly.follow(logGroup.stack, logGroup.resource.Properties?.KmsKeyId);
      if (key && !admitsService(key.resource.Properties?.KeyPolicy, /^logs\.([a-z0-9-]+\.)?amazonaws\.com$/, 'kms:GenerateDataKey')) {
        report(
          key,
          `key ${key.logicalId} encrypts log group ${logGroup.logicalId}, but its policy does not admit CloudWatch Logs (logs.<region>.amazonaws.com): creating the log group fails`,
        );
      }
    }

    for (const trail of assembly.resources('AWS::CloudTrail::Trail')) {
      const key = assembly.follow(trail.stack, trail.resource.Properties?.KMSKeyId);
      if (key && !admitsService(key.resource.Properties?.KeyPolicy, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey')) {
        report(key, `key ${key.logicalId} encrypts trail ${trail.logicalId}, but its policy does not admit cloudtrail.amazonaws.com: creating the trail fails`);
      }
      const bucket = assembly.follow(trail.stack, trail.resource.Properties?.S3BucketName);
      if (
        bucket &&
        !policiesOf(assembly, 'AWS::S3::BucketPolicy', 'Bucket', bucket).some((p) => admitsService(p, 'cloudtrail.amazonaws.com', 's3:PutObject'))
      ) {
        report(bucket, `bucket ${bucket.logicalId} receives trail ${trail.logicalId}, but no bucket policy admits cloudtrail.amazonaws.com to s3:PutObject`);
      }
    }

    const logBuckets: [Located, string][] = [];
    for (const lb of assembly.resources('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const attribute = list(lb.resource.Properties?.LoadBalancerAttributes)
        .filter(isObject)
        .find((a) => a.Key === 'access_logs.s3.bucket');
      const bucket = attribute && assembly.follow(lb.stack, attribute.Value);
      if (bucket) logBuckets.push([bucket, `load balancer ${lb.logicalId} access logs`]);
    }
    for (const source of assembly.resources('AWS::S3::Bucket')) {
      const bucket = assembly.follow(source.stack, prop(source.resource.Properties, 'LoggingConfiguration', 'DestinationBucketName'));
      if (bucket) logBuckets.push([bucket, `server access logs of bucket ${source.logicalId}`]);
    }
    for (const distribution of assembly.resources('AWS::CloudFront::Distribution')) {
      const bucket = assembly.follow(distribution.stack, prop(distribution.resource.Properties, 'DistributionConfig', 'Logging', 'Bucket'));
      if (bucket) {
        logBuckets.push([bucket, `standard logs of distribution ${distribution.logicalId}`]);
        const ownership = list(prop(bucket.resource.Properties, 'OwnershipControls', 'Rules'))
          .filter(isObject)
          .map((r) => r.ObjectOwnership);
        if (ownership.includes('BucketOwnerEnforced')) {
          report(
            bucket,
            `bucket ${bucket.logicalId} receives CloudFront standard logs, which are written with ACLs, but its ACLs are disabled (BucketOwnerEnforced)`,
          );
        }
      }
    }
    for (const [bucket, what] of logBuckets) {
      const encryption = list(prop(bucket.resource.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration')).filter(isObject);
      const algorithms = encryption.map((e) => prop(e, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'));
      if (algorithms.some((a) => a !== 'AES256')) {
        report(
          bucket,
          `bucket ${bucket.logicalId} receives ${what}, which are delivered only to SSE-S3 (AES256) buckets, but it uses ${algorithms.join(', ')}`,
        );
      }
    }
    return findings;
  },
};

type Report = (at: Located, message: string) => void;

function isManagedKey(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('alias/aws/');
}

/** The policy documents of the resource policies (`type`) whose `property` (one reference or a list) names `target`. */
function policiesOf(assembly: StageAssembly, type: string, listProperty: string, target: Located): unknown[] {
  return assembly
    .resources(type)
    .filter((p) => list(p.resource.Properties?.[listProperty]).some((ref) => sameResource(assembly.follow(p.stack, ref), target)))
    .map((p) => p.resource.Properties?.PolicyDocument);
}

function sameResource(a: Located | undefined, b: Located): boolean {
  return a !== undefined && a.stack === b.stack && a.logicalId === b.logicalId;
}

function checkKey(
  assembly: StageAssembly,
  stack: StackTemplate,
  keyRef: unknown,
  service: string,
  what: string,
  writer: string,
  at: Located,
  report: Report,
): void {
  if (isManagedKey(keyRef)) {
    report(at, `${what} receives from ${writer} but is encrypted with the AWS-managed key ${String(keyRef)}, whose policy cannot admit ${service}`);
    return;
  }
  const key = assembly.follow(stack, keyRef);
  if (key && !admitsService(key.resource.Properties?.KeyPolicy, service, 'kms:GenerateDataKey')) {
    report(key, `key ${key.logicalId} encrypts ${what}, which receives from ${writer}, but its policy does not admit ${service} to kms:GenerateDataKey`);
  }
}

function checkTopic(assembly: StageAssembly, topic: Located, service: string, writer: string, report: Report): void {
  checkKey(assembly, topic.stack, topic.resource.Properties?.KmsMasterKeyId, service, `topic ${topic.logicalId}`, writer, topic, report);
  // Without a topic policy SNS's default one admits the account's services; a topic policy replaces it.
  const policies = policiesOf(assembly, 'AWS::SNS::TopicPolicy', 'Topics', topic);
  if (policies.length > 0 && !policies.some((p) => admitsService(p, service, 'sns:Publish'))) {
    report(
      topic,
      `topic ${topic.logicalId} receives from ${writer}, but its topic policy (which replaces SNS's default) does not admit ${service} to sns:Publish`,
    );
  }
}

function checkQueue(assembly: StageAssembly, queue: Located, service: string, writer: string, report: Report): void {
  checkKey(assembly, queue.stack, queue.resource.Properties?.KmsMasterKeyId, service, `queue ${queue.logicalId}`, writer, queue, report);
  const policies = policiesOf(assembly, 'AWS::SQS::QueuePolicy', 'Queues', queue);
  if (!policies.some((p) => admitsService(p, service, 'sqs:SendMessage'))) {
    report(queue, `queue ${queue.logicalId} receives from ${writer}, but no queue policy admits ${service} to sqs:SendMessage`);
  }
}

/** Does an allow statement admit this role of the account, by principal or by an `aws:PrincipalArn` condition? */
function admitsRole(document: unknown, roleName: string, action: string): boolean {
  return statements(document).some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => typeof a === 'string' && actionMatches(a, action)) &&
      (JSON.stringify(s.Principal ?? '').includes(roleName) ||
        Object.values(isObject(s.Condition) ? s.Condition : {}).some((c) => isObject(c) && JSON.stringify(c['aws:PrincipalArn'] ?? '').includes(roleName))),
  );
}
