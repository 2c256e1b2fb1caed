import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeSingleton, guard, HIPAA, inPacks, NIST, PCI, wildcardResource } from '../compliance/acknowledge';
import {
  CDK_PROVIDER_BASIC_EXECUTION,
  CDK_PROVIDER_OUTSIDE_VPC_EVERY_PACK,
  CDK_PROVIDER_SYNCHRONOUS,
  GRANT_POLICY,
  NO_OBJECT_LOCK,
} from '../compliance/common-exceptions';
import { addAlarm } from '../management/alarms';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge, privateBucketProps } from '../shared/buckets';
import { DOMAIN_NAME_PATTERN } from '../shared/domain';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { rotatingKey } from '../shared/rotating-key';
import { LogBucket } from '../shared/log-bucket';
import { arnRegion, requireCertificateArn, requirePattern, requireThat } from '../shared/validate';

/** CloudFront only accepts viewer certificates from this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * The status codes of the primary origin on which CloudFront retries a request at the secondary: server errors, and
 * the 403 and 404 a bucket answers for an object it does not hold (OAC reads without s3:ListBucket, so a missing
 * object is a 403).
 */
export const ORIGIN_FAILOVER_STATUS_CODES = [500, 502, 503, 504, 403, 404];

/** The id of the content bucket's replication rule (the `RuleId` of its replication metrics). */
export const REPLICATION_RULE_ID = 'content-to-standby';

/** The standby region's copy of the content bucket (`ContentReplica`). */
export interface ContentReplicaTarget {
  /** The replica bucket (versioned, in the standby region). */
  readonly bucket: s3.IBucket;
  /** The key the replica bucket encrypts with (in the standby region). */
  readonly key: kms.IKey;
}

/** Properties of `ContentDelivery`. */
export interface ContentDeliveryProps {
  /** CloudFront price class: which edge locations serve the site (cost against reach). */
  readonly priceClass: cloudfront.PriceClass;
  /** `DESTROY` empties and deletes the buckets with the stack; `RETAIN` keeps them. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Custom domain name; needs `certificateArn`.
   *
   * @default - the distribution's *.cloudfront.net name
   */
  readonly domainName?: string;
  /**
   * More names the distribution answers besides `domainName`, e.g. the DNS records that route part of their traffic
   * here. Needs `domainName` and `certificateArn`; the certificate must cover every name (a wildcard does).
   *
   * @default - none
   */
  readonly additionalDomainNames?: readonly string[];
  /**
   * ACM certificate for `domainName` (and `additionalDomainNames`), in us-east-1 (CloudFront takes certificates from
   * there only).
   *
   * @default - none
   */
  readonly certificateArn?: string;
  /** Retention of the sample-site deployment function's logs. */
  readonly logRetention: logs.RetentionDays;
  /**
   * The standby region's copy of the bucket: every new object version (and delete marker) is replicated to it, with
   * a replication role of its own, and the distribution reads from it when the bucket fails (an origin group).
   *
   * @default - none: one region, one origin
   */
  readonly replica?: ContentReplicaTarget;
  /**
   * Topic for the replication alarm (failed replications, which S3 never retries); needed with `replica`.
   *
   * @default - none
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Directory deployed to the bucket as the sample site.
   *
   * @default assets/site
   */
  readonly siteDirectory?: string;
}

/**
 * The study's S3 + CloudFront: a private bucket (no public access, TLS only, versioned, access-logged, encrypted
 * with a rotating customer-managed key, old versions expired) that only CloudFront can read, through Origin Access
 * Control (which may use the key to decrypt). The distribution redirects HTTP to HTTPS, compresses, adds
 * security headers and logs to a log bucket. A sample site is deployed so the sandbox serves a real page.
 */
export class ContentDelivery extends Construct {
  /** The private content bucket; object-created events also go to EventBridge. */
  public readonly bucket: s3.IBucket;
  /** The distribution. */
  public readonly distribution: cloudfront.IDistribution;
  /** Bucket that receives CloudFront and S3 access logs. */
  public readonly logBucket: s3.IBucket;
  /** The alternate domain names the distribution answers (none without a custom domain). */
  public readonly domainNames: readonly string[];

  constructor(scope: Construct, id: string, props: ContentDeliveryProps) {
    super(scope, id);
    const owner = 'ContentDelivery';
    requireThat(
      (props.domainName === undefined) === (props.certificateArn === undefined),
      owner,
      `domainName and certificateArn go together, got domainName ${props.domainName ?? 'unset'} and certificateArn ${props.certificateArn ?? 'unset'}`,
    );
    if (props.domainName) {
      requirePattern(owner, 'domainName', props.domainName, DOMAIN_NAME_PATTERN, 'a lower-case DNS name such as www.example.com');
    }
    requireThat(
      props.additionalDomainNames === undefined || props.domainName !== undefined,
      owner,
      `additionalDomainNames needs domainName and certificateArn, got ${(props.additionalDomainNames ?? []).join(', ')} without them`,
    );
    for (const name of props.additionalDomainNames ?? []) {
      requirePattern(owner, 'additionalDomainNames', name, DOMAIN_NAME_PATTERN, 'lower-case DNS names such as geo.example.com');
    }
    // A certificate of the app (a token, from a us-east-1 stack) is checked where it is created; a configured ARN here.
    if (props.certificateArn && !Token.isUnresolved(props.certificateArn)) {
      requireCertificateArn(owner, 'certificateArn', props.certificateArn);
      requireThat(
        arnRegion(props.certificateArn) === CLOUDFRONT_CERTIFICATE_REGION,
        owner,
        `certificateArn must be in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront only uses certificates from there), got one in ${arnRegion(props.certificateArn)}`,
      );
    }
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const replica = props.replica;

    const logBucket = new LogBucket(this, 'Logs', { removalPolicy: props.removalPolicy }).bucket;
    this.logBucket = logBucket;
    const key = rotatingKey(this, 'Key', 'Encrypts the content bucket', props.removalPolicy);
    requireThat(replica === undefined || props.alarmTopic !== undefined, owner, 'replica needs alarmTopic, for the alarm on failed replications, got none');
    const replication = replica && new ContentReplication(this, 'Replication', { replica, sourceKey: key });
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(key, logBucket, 'content-bucket/'),
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      replicationRole: replication?.role,
      replicationRules: replication && [
        {
          id: REPLICATION_RULE_ID,
          destination: replication.destination,
          kmsKey: replication.destinationKey,
          sseKmsEncryptedObjects: true,
          deleteMarkerReplication: true,
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);
    acknowledge(bucket, NO_OBJECT_LOCK);
    if (replication) {
      replication.grantSource(bucket);
      replication.watch(bucket, props.alarmTopic!);
    } else
      acknowledge(bucket, {
        id: inPacks('S3BucketReplicationEnabled', NIST, HIPAA, PCI),
        reason:
          'This stage has no standby region (the sandbox lives in one region to stay cheap); a stage with one (production) replicates this bucket to it, and versioning protects the objects here.',
      });
    this.bucket = bucket;

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    this.domainNames = props.domainName ? [...new Set([props.domainName, ...(props.additionalDomainNames ?? [])])] : [];
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'aws-service-atlas content delivery',
      defaultBehavior: {
        // GET and HEAD only (the default): CloudFront fails over to a group's secondary for these methods only, and
        // refuses an origin group on a behaviour that allows writes.
        origin: replication
          ? new origins.OriginGroup({
              primaryOrigin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
              fallbackOrigin: origins.S3BucketOrigin.withOriginAccessControl(replication.destination),
              fallbackStatusCodes: ORIGIN_FAILOVER_STATUS_CODES,
            })
          : origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      defaultRootObject: 'index.html',
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/error.html' }],
      priceClass: props.priceClass,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Only a custom certificate can raise the viewer TLS floor; the default certificate ignores the setting.
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      domainNames: this.domainNames.length > 0 ? [...this.domainNames] : undefined,
      certificate,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.distribution = distribution;
    acknowledge(this, {
      id: '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      reason:
        'The key policy admits CloudFront for any distribution of this account (naming this one would be a circular dependency); the key encrypts this bucket only, and the bucket policy names the exact distribution.',
    });
    acknowledge(
      distribution,
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The sample site is public content for every country; a geo restriction would only be needed for licensing or sanctions, which do not apply.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static, public files from a private bucket with no forms or APIs behind it; a WAF web ACL (us-east-1, billed per rule) is left to the user who adds dynamic origins.',
      },
    );
    if (replication) {
      // The warning is on the fallback origin's scope: the distribution's second origin (the group's members in order).
      const fallbackOrigin = distribution.node.tryFindChild('Origin2');
      if (!fallbackOrigin) throw new Error(`ContentDelivery: no second origin under ${distribution.node.path} to acknowledge the imported replica on`);
      acknowledge(fallbackOrigin, {
        id: '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        reason:
          "The replica bucket's policy and key policy live in the standby region's stack (ContentReplica), which admits CloudFront for this account's distributions; naming this distribution there would be a dependency cycle between the regions.",
      });
    } else {
      acknowledge(distribution, {
        id: guard('cloudfront_origin_failover_enabled_check'),
        reason:
          'An origin group needs a second copy of the bucket in another region; this stage has none (the sandbox lives in one region to stay cheap), and S3 itself stores objects across several availability zones. Production fails over to its standby region.',
      });
    }
    if (props.certificateArn && Token.isUnresolved(props.certificateArn)) {
      acknowledge(distribution, {
        id: [guard('cloudfront_custom_ssl_certificate_check'), guard('cloudfront_sni_enabled_check')],
        reason:
          "The viewer certificate is this app's own ACM certificate in us-east-1 (the EdgeCertificate stack), read through a cross-region Fn::GetStackOutput that the rules do not recognise as a certificate; TLS 1.2 (TLSv1.2_2021) and sni-only are set on it.",
      });
    }
    if (!certificate) {
      acknowledge(distribution, {
        id: [
          'AwsSolutions-CFR4',
          guard('cloudfront_custom_ssl_certificate_check'),
          guard('cloudfront_security_policy_check'),
          guard('cloudfront_sni_enabled_check'),
        ],
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum TLS version cannot be set; configure domainName and certificateArn to enforce TLS 1.2.',
      });
    }

    const deployment = new s3deploy.BucketDeployment(this, 'SampleSite', {
      sources: [s3deploy.Source.asset(props.siteDirectory ?? path.join(__dirname, '..', '..', 'assets', 'site'))],
      destinationBucket: bucket,
      distribution,
      distributionPaths: ['/*'],
      retainOnDelete: !destroy,
      logGroup: new EncryptedLogGroup(this, 'SampleSiteLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy }).logGroup,
    });
    // The sample site replicates only if the role may read and write when it is uploaded: a failed replication is
    // never retried (the object would have to be uploaded again).
    if (replication) deployment.node.addDependency(replication.role, replication.policy!);
    const stack = Stack.of(this);
    const siteArchive = deployment.node.findAll().find((c): c is s3assets.Asset => c instanceof s3assets.Asset)!;
    acknowledgeSingleton(
      stack,
      'Custom::CDKBucketDeployment',
      CDK_PROVIDER_BASIC_EXECUTION,
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CloudFront invalidations cannot be scoped to a distribution ARN in the CDK-generated policy; the function runs only during deploys.',
      },
      {
        id: ['AwsSolutions-IAM5[Action::s3:GetBucket*]', 'AwsSolutions-IAM5[Action::s3:GetObject*]', 'AwsSolutions-IAM5[Action::s3:List*]'],
        reason: 'The CDK grant to read the asset bucket and write the content bucket uses these action groups; both resources are named.',
      },
      {
        id: ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
        reason: 'The CDK grant to write the encrypted content bucket uses these KMS action groups on the content bucket key only.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: 'The CDK grant to write the content bucket includes aborting multipart uploads; only the content bucket is named.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'The deployment prunes files that left the sample site; only objects of the content bucket are named.',
      },
      {
        id: wildcardResource(deployment, siteArchive.bucket.arnForObjects('*')),
        reason: 'The deployment reads the uploaded site archive from the CDK bootstrap asset bucket of this account and region only.',
      },
      {
        id: wildcardResource(deployment, bucket.arnForObjects('*')),
        reason: 'The deployment writes objects of the content bucket only: every key under that one bucket.',
      },
      {
        id: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'],
        reason: 'The CDK pins the runtime of its bucket-deployment provider to one it tests with the bundled AWS CLI layer; it runs only during deploys.',
      },
      GRANT_POLICY,
      CDK_PROVIDER_OUTSIDE_VPC_EVERY_PACK,
      CDK_PROVIDER_SYNCHRONOUS,
    );
  }
}

/** Properties of `ContentReplication`. */
interface ContentReplicationProps {
  /** Where the objects go. */
  readonly replica: ContentReplicaTarget;
  /** The key of the source bucket. */
  readonly sourceKey: kms.IKey;
}

/**
 * The content bucket's cross-region replication: a role of its own for S3 that reads the source's object versions,
 * decrypts them with the source key (through S3 in the source region only), and writes replicas encrypted with the
 * replica key (through S3 in the replica's region only; kms:Decrypt there too, which S3 Bucket Keys need). Written
 * by hand: the CDK's own replication role grants the replica key's actions on every key (`*`) and misses that
 * kms:Decrypt.
 *
 * The replica is read through references the CDK resolves with CloudFormation's Fn::GetStackOutput (the replica's
 * stack deploys first); it is imported here so that Origin Access Control does not write this distribution into the
 * replica's policies (a cycle between the regions).
 */
class ContentReplication extends Construct {
  /** The role S3 replicates with. */
  public readonly role: iam.Role;
  /** The replica bucket, as this stack sees it. */
  public readonly destination: s3.IBucket;
  /** The replica key, as this stack sees it. */
  public readonly destinationKey: kms.IKey;
  private readonly sourceKey: kms.IKey;
  private readonly destinationRegion: string;
  private readonly destinationBucketName: string;

  constructor(scope: Construct, id: string, props: ContentReplicationProps) {
    super(scope, id);
    const { replica } = props;
    this.destinationRegion = replica.bucket.env.region;
    requireThat(
      !Token.isUnresolved(this.destinationRegion) && this.destinationRegion !== Stack.of(this).region,
      'ContentDelivery',
      `replica must be a bucket of another region than ${Stack.of(this).region}, got one in ${this.destinationRegion}`,
    );
    this.destination = s3.Bucket.fromBucketAttributes(this, 'Replica', {
      bucketArn: replica.bucket.bucketArn,
      bucketRegionalDomainName: replica.bucket.bucketRegionalDomainName,
      region: this.destinationRegion,
    });
    this.destinationKey = kms.Key.fromKeyArn(this, 'ReplicaKey', replica.key.keyArn);
    // Its name as the replica's own reference gives it (the imported bucket would split it out of the ARN).
    this.destinationBucketName = replica.bucket.bucketName;
    this.sourceKey = props.sourceKey;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: 'S3 cross-region replication of the content bucket to its standby-region replica',
    });
  }

  /**
   * Turns on the rule's replication metrics and alarms on failed replications. S3 never retries a failed one (the
   * object must be uploaded again), and it reports failures only with metrics on. Written as an override: the CDK
   * renders metrics with an event threshold, which S3 refuses without Replication Time Control ("Metrics cannot
   * contain an event threshold when ReplicationTime is not specified or Disabled"), and RTC is billed per GB.
   */
  public watch(source: s3.Bucket, alarmTopic: sns.ITopic): void {
    (source.node.defaultChild as s3.CfnBucket).addPropertyOverride('ReplicationConfiguration.Rules.0.Destination.Metrics', { Status: 'Enabled' });
    this.failedReplicationAlarm = addAlarm(this, 'FailedAlarm', alarmTopic, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/S3',
        metricName: 'OperationsFailedReplication',
        dimensionsMap: { SourceBucket: source.bucketName, DestinationBucket: this.destinationBucketName, RuleId: REPLICATION_RULE_ID },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'S3 failed to replicate objects of the content bucket to its standby-region replica (never retried: upload them again)',
    });
  }

  /** The role's policy (after `grantSource`). */
  public policy?: iam.Policy;
  /** The alarm on failed replications (after `watch`). */
  public failedReplicationAlarm?: cloudwatch.IAlarm;

  /** Grants the role what replication needs on the source bucket, its key, the replica and its key. */
  public grantSource(source: s3.IBucket): void {
    const sourceRegion = Stack.of(this).region;
    const policy = (this.policy = new iam.Policy(this, 'Policy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadReplicationConfiguration',
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [source.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadSourceVersions',
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [source.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'WriteReplicas',
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [this.destination.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptSourceThroughS3',
          actions: ['kms:Decrypt'],
          resources: [this.sourceKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${sourceRegion}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({
          sid: 'EncryptReplicasThroughS3',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.destinationKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${this.destinationRegion}.amazonaws.com` } },
        }),
      ],
    }));
    this.role.attachInlinePolicy(policy);
    acknowledge(
      policy,
      {
        id: wildcardResource(this, source.arnForObjects('*')),
        reason: 'Replication reads every object version of the content bucket, and only of that bucket.',
      },
      {
        id: GRANT_POLICY.id,
        reason:
          'The replication role has this one policy, written for it alone and naming exactly the two buckets and the two keys (each usable only through S3 in its region); a standalone managed policy could be attached to other roles, which least privilege avoids.',
      },
    );
    // The replica's ARN renders as a Fn::GetStackOutput only once the app resolves its cross-stack references (before
    // validation), and the finding id is that rendering: acknowledged then.
    this.node.addValidation({
      validate: () => {
        acknowledge(policy, {
          id: wildcardResource(this, this.destination.arnForObjects('*')),
          reason: 'Replication writes every object of the replica bucket, and only of that bucket.',
        });
        return [];
      },
    });
  }
}
