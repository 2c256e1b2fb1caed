import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeSingleton, guard, wildcardResource } from '../compliance/acknowledge';
import {
  CDK_PROVIDER_BASIC_EXECUTION,
  CDK_PROVIDER_OUTSIDE_VPC_EVERY_PACK,
  CDK_PROVIDER_SYNCHRONOUS,
  GRANT_POLICY,
  NO_OBJECT_LOCK,
  SINGLE_REGION_BUCKET,
} from '../compliance/common-exceptions';
import { acknowledgeAutoDeleteProvider, sendEventsToEventBridge } from '../shared/buckets';
import { DOMAIN_NAME_PATTERN } from '../shared/domain';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { rotatingKey } from '../shared/rotating-key';
import { LogBucket } from '../shared/log-bucket';
import { arnRegion, requireCertificateArn, requirePattern, requireThat } from '../shared/validate';

/** CloudFront only accepts viewer certificates from this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

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
    if (props.certificateArn) {
      requireCertificateArn(owner, 'certificateArn', props.certificateArn);
      requireThat(
        arnRegion(props.certificateArn) === CLOUDFRONT_CERTIFICATE_REGION,
        owner,
        `certificateArn must be in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront only uses certificates from there), got one in ${arnRegion(props.certificateArn)}`,
      );
    }
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    const logBucket = new LogBucket(this, 'Logs', { removalPolicy: props.removalPolicy }).bucket;
    this.logBucket = logBucket;
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: rotatingKey(this, 'Key', 'Encrypts the content bucket', props.removalPolicy),
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'content-bucket/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    sendEventsToEventBridge(bucket);
    acknowledgeAutoDeleteProvider(bucket);
    acknowledge(bucket, SINGLE_REGION_BUCKET, NO_OBJECT_LOCK);
    this.bucket = bucket;

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    this.domainNames = props.domainName ? [...new Set([props.domainName, ...(props.additionalDomainNames ?? [])])] : [];
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'aws-service-atlas content delivery',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
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
      {
        id: guard('cloudfront_origin_failover_enabled_check'),
        reason:
          'An origin group needs a second copy of the bucket in another region; the reference architecture is single-region, and S3 itself stores objects across several availability zones.',
      },
    );
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
