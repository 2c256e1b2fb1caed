import * as path from 'path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeSingleton } from '../compliance/acknowledge';
import { LogBucket } from '../shared/log-bucket';
import { arnRegion, requireCertificateArn, requirePattern, requireThat } from '../shared/validate';

/** CloudFront only accepts viewer certificates from this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/** Properties of `ContentDelivery`. */
export interface ContentDeliveryProps {
  /** Which edge locations serve the site (cost against reach). */
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
   * ACM certificate for `domainName`, in us-east-1.
   *
   * @default - none
   */
  readonly certificateArn?: string;
  /**
   * Directory deployed to the bucket as the sample site.
   *
   * @default assets/site
   */
  readonly siteDirectory?: string;
}

/**
 * The study's S3 + CloudFront: a private bucket (no public access, TLS only, versioned, access-logged) that only
 * CloudFront can read, through Origin Access Control. The distribution redirects HTTP to HTTPS, compresses, adds
 * security headers and logs to a log bucket. A sample site is deployed so the sandbox serves a real page.
 */
export class ContentDelivery extends Construct {
  /** The private content bucket; object-created events also go to EventBridge. */
  public readonly bucket: s3.IBucket;
  /** The distribution. */
  public readonly distribution: cloudfront.IDistribution;
  /** Bucket that receives CloudFront and S3 access logs. */
  public readonly logBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ContentDeliveryProps) {
    super(scope, id);
    const owner = 'ContentDelivery';
    requireThat((props.domainName === undefined) === (props.certificateArn === undefined), owner,
      `domainName and certificateArn go together, got domainName ${props.domainName ?? 'unset'} and certificateArn ${props.certificateArn ?? 'unset'}`);
    if (props.domainName) {
      requirePattern(owner, 'domainName', props.domainName, /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name such as www.example.com');
    }
    if (props.certificateArn) {
      requireCertificateArn(owner, 'certificateArn', props.certificateArn);
      requireThat(arnRegion(props.certificateArn) === CLOUDFRONT_CERTIFICATE_REGION, owner,
        `certificateArn must be in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront only uses certificates from there), got one in ${arnRegion(props.certificateArn)}`);
    }
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    const logBucket = new LogBucket(this, 'Logs', { removalPolicy: props.removalPolicy }).bucket;
    this.logBucket = logBucket;
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'content-bucket/',
      eventBridgeEnabled: true,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    this.bucket = bucket;

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
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
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.distribution = distribution;
    acknowledge(distribution,
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The sample site is public content for every country; a geo restriction would only be needed for licensing or sanctions, which do not apply.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The distribution serves static, public files from a private bucket with no forms or APIs behind it; a WAF web ACL (us-east-1, billed per rule) is left to the user who adds dynamic origins.',
      },
    );
    if (!certificate) {
      acknowledge(distribution, {
        id: 'AwsSolutions-CFR4',
        reason: 'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum TLS version cannot be set; configure domainName and certificateArn to enforce TLS 1.2.',
      });
    }

    new s3deploy.BucketDeployment(this, 'SampleSite', {
      sources: [s3deploy.Source.asset(props.siteDirectory ?? path.join(__dirname, '..', '..', 'assets', 'site'))],
      destinationBucket: bucket,
      distribution,
      distributionPaths: ['/*'],
      retainOnDelete: !destroy,
    });
    const stack = Stack.of(this);
    acknowledgeSingleton(stack, 'Custom::CDKBucketDeployment',
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK-managed deployment function only writes its own logs with the AWS basic execution policy; it runs once per deploy.',
      },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'CloudFront invalidations cannot be scoped to a distribution ARN in the CDK-generated policy; the function runs only during deploys.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'The CDK grant to read the asset bucket and write the content bucket uses these action groups; both resources are named.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'The CDK grant to read the asset bucket and write the content bucket uses these action groups; both resources are named.' },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'The CDK grant to read the asset bucket and write the content bucket uses these action groups; both resources are named.' },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'The CDK grant to write the content bucket includes aborting multipart uploads; only the content bucket is named.' },
      { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: 'The deployment prunes files that left the sample site; only objects of the content bucket are named.' },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
        reason: 'The deployment reads the uploaded site archive from the CDK bootstrap asset bucket of this account and region only.',
      },
      { id: 'AwsSolutions-IAM5[Resource::<ContentDeliveryBucket1A2EE831.Arn>/*]', reason: 'The deployment writes objects of the content bucket only: every key under that one bucket.' },
      { id: 'AwsSolutions-L1', reason: 'The CDK pins the runtime of its bucket-deployment provider to one it tests with the bundled AWS CLI layer; it runs only during deploys.' },
    );
    acknowledgeSingleton(stack, 'BucketNotificationsHandler', {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The CDK-managed handler that turns on EventBridge notifications only writes its own logs with the AWS basic execution policy.',
    });
  }
}
