import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { ContentDelivery, ContentDeliveryProps } from '../../lib/storage/content-delivery';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';

describe('ContentDelivery', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Edge');
    const production = stage === 'production';

    test('the content bucket is private, encrypted, versioned, access-logged and TLS-only', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: Match.anyValue(),
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'content-bucket/' },
      });
    });

    test('only CloudFront reads the bucket, through Origin Access Control scoped to this distribution', () => {
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    test('the distribution redirects to HTTPS, compresses, adds security headers, logs, and serves index.html', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          PriceClass: production ? 'PriceClass_All' : 'PriceClass_200',
          HttpVersion: 'http2and3',
          Logging: Match.objectLike({ Bucket: Match.anyValue(), Prefix: 'cloudfront/' }),
          DefaultCacheBehavior: Match.objectLike({
            ViewerProtocolPolicy: 'redirect-to-https',
            Compress: true,
            ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
          }),
        }),
      });
    });

    test('a sample site is deployed to the bucket and invalidated in CloudFront', () => {
      template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'], RetainOnDelete: production });
    });

    test(`buckets are ${production ? 'retained' : 'emptied and removed'} with the stack`, () => {
      for (const bucket of resourcesOf(template, 'AWS::S3::Bucket')) {
        expect(bucket.resource.DeletionPolicy).toBe(production ? 'Retain' : 'Delete');
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', production ? 0 : 2);
    });

    test('every bucket sends its events to EventBridge (object-created events trigger the functions), set on the bucket itself', () => {
      const buckets = resourcesOf(template, 'AWS::S3::Bucket');
      expect(buckets).toHaveLength(2);
      for (const bucket of buckets) {
        expect(bucket.props.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
      }
      // No notification custom resource (and no Lambda function behind it).
      template.resourceCountIs('Custom::S3BucketNotifications', 0);
    });

    test('the content bucket is encrypted with its own rotating key, which CloudFront may use to read', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        Description: 'Encrypts the content bucket',
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' })]) },
      });
    });

    test('old object versions expire after 30 days and incomplete uploads after 7', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })] },
      });
    });

    test('the sample-site deployment logs to an encrypted log group', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: production ? 365 : 7 });
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
    });

    test('the content bucket logical id is pinned', () => {
      expect(resourcesOf(template, 'AWS::S3::Bucket').map((b) => b.id).sort()).toEqual(['ContentDeliveryBucket1A2EE831', 'ContentDeliveryLogsCA05F721']);
    });
  });

  describe('props', () => {
    const build = (props: Partial<ContentDeliveryProps>) => {
      const stack = new Stack(unitTestApp(), 'Edge', { env: { region: 'ap-northeast-2' } });
      new ContentDelivery(stack, 'ContentDelivery', { priceClass: cloudfront.PriceClass.PRICE_CLASS_100, removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK, ...props });
      return Template.fromStack(stack);
    };

    test('a custom domain with a us-east-1 certificate enforces TLS 1.2', () => {
      build({ domainName: 'www.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234' }).hasResourceProperties(
        'AWS::CloudFront::Distribution',
        { DistributionConfig: Match.objectLike({ Aliases: ['www.example.com'], ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }) }) },
      );
    });
    test('fails on a certificate outside us-east-1', () => {
      expect(() => build({ domainName: 'www.example.com', certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd' })).toThrow(
        'ContentDelivery certificateArn must be in us-east-1 (CloudFront only uses certificates from there), got one in ap-northeast-2',
      );
    });
    test('fails on a domain without a certificate', () => {
      expect(() => build({ domainName: 'www.example.com' })).toThrow(/domainName and certificateArn go together, got domainName www\.example\.com and certificateArn unset/);
    });
    test('fails on a malformed domain name', () => {
      expect(() => build({ domainName: 'Not A Domain', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd' })).toThrow(
        /ContentDelivery domainName must be a lower-case DNS name such as www\.example\.com, got 'Not A Domain'/,
      );
    });
  });
});
