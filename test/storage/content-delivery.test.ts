import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { PRESETS } from '../../lib/config';
import { ContentDelivery, ContentDeliveryProps } from '../../lib/storage/content-delivery';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { resourcesOf } from '../support/fixtures';
import { at, expectProperties, referencedIds, referrersOf, refTarget, resourceAt, resourceOf } from '../support/select';

describe('ContentDelivery', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Edge');
    const production = stage === 'production';
    // The distribution, and the content bucket it serves (its only origin).
    const distribution = () => resourceAt(stage, 'Edge', 'ContentDelivery/Distribution', 'AWS::CloudFront::Distribution');
    const origin = () => {
      const origins = at(distribution().Properties, 'DistributionConfig', 'Origins') as { DomainName: unknown; OriginAccessControlId: unknown }[];
      expect(origins).toHaveLength(1);
      return origins[0];
    };
    const contentBucket = () => refTarget(template, origin().DomainName, 'AWS::S3::Bucket');
    const deployment = () => resourceAt(stage, 'Edge', 'ContentDelivery/SampleSite/CustomResource', 'Custom::CDKBucketDeployment');

    test('the content bucket is private, encrypted, versioned, access-logged and TLS-only', () => {
      const bucket = contentBucket();
      expectProperties(bucket, {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: Match.anyValue(),
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'content-bucket/' },
      });
      refTarget(template, at(bucket.Properties, 'LoggingConfiguration', 'DestinationBucketName'), 'AWS::S3::Bucket');
      const policies = referrersOf(template, bucket, 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    test('only CloudFront reads the bucket, through Origin Access Control scoped to this distribution', () => {
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      refTarget(template, origin().OriginAccessControlId, 'AWS::CloudFront::OriginAccessControl');
      // The content bucket's policy: CloudFront may read, only on behalf of this distribution.
      const policies = referrersOf(template, contentBucket(), 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
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
      const statements = at(policies[0].Properties, 'PolicyDocument', 'Statement') as { Principal?: { Service?: string }; Condition?: unknown }[];
      const cloudFront = statements.filter((st) => st.Principal?.Service === 'cloudfront.amazonaws.com');
      expect(cloudFront.length).toBeGreaterThan(0);
      for (const st of cloudFront) expect([...referencedIds(st.Condition)]).toEqual([distribution().id]);
    });

    test('the distribution redirects to HTTPS, compresses, adds security headers, logs, and serves index.html', () => {
      expectProperties(distribution(), {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          PriceClass: PRESETS[stage].edge.priceClass,
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
      const d = deployment();
      expectProperties(d, { DistributionPaths: ['/*'], RetainOnDelete: production });
      expect(refTarget(template, d.Properties.DestinationBucketName).id).toBe(contentBucket().id);
      expect(refTarget(template, d.Properties.DistributionId).id).toBe(distribution().id);
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
      const bucket = contentBucket();
      expectProperties(bucket, {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } },
          ],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
      });
      const key = refTarget(
        template,
        at(bucket.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'),
        'AWS::KMS::Key',
      );
      expectProperties(key, {
        Description: 'Encrypts the content bucket',
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' })]) },
      });
    });

    test('old object versions expire after 30 days and incomplete uploads after 7', () => {
      expectProperties(contentBucket(), {
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content-bucket/' }),
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })],
        },
      });
    });

    test('the sample-site deployment logs to an encrypted log group', () => {
      // Deployment → its provider function → the function's log group.
      const handler = refTarget(template, deployment().Properties.ServiceToken, 'AWS::Lambda::Function');
      const logGroup = refTarget(template, at(handler.Properties, 'LoggingConfig', 'LogGroup'), 'AWS::Logs::LogGroup');
      expectProperties(logGroup, { KmsKeyId: Match.anyValue(), RetentionInDays: PRESETS[stage].logRetention });
      refTarget(template, logGroup.Properties.KmsKeyId, 'AWS::KMS::Key');
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
    });

    test('the content bucket logical id is pinned', () => {
      expect(contentBucket().id).toBe('ContentDeliveryBucket1A2EE831');
      expect(
        resourcesOf(template, 'AWS::S3::Bucket')
          .map((b) => b.id)
          .sort(),
      ).toEqual(['ContentDeliveryBucket1A2EE831', 'ContentDeliveryLogsCA05F721']);
    });
  });

  describe('props', () => {
    const build = (props: Partial<ContentDeliveryProps>) => {
      const stack = new Stack(unitTestApp(), 'Edge', { env: { region: 'ap-northeast-2' } });
      const contentDelivery = new ContentDelivery(stack, 'ContentDelivery', {
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        removalPolicy: RemovalPolicy.DESTROY,
        logRetention: RetentionDays.ONE_WEEK,
        ...props,
      });
      return { template: Template.fromStack(stack), contentDelivery };
    };

    test('a custom domain with a us-east-1 certificate enforces TLS 1.2', () => {
      const { template, contentDelivery } = build({
        domainName: 'www.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
      });
      expectProperties(resourceOf(template, contentDelivery.distribution, 'AWS::CloudFront::Distribution'), {
        DistributionConfig: Match.objectLike({
          Aliases: ['www.example.com'],
          ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        }),
      });
    });
    test('fails on a certificate outside us-east-1', () => {
      expect(() => build({ domainName: 'www.example.com', certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/abcd' })).toThrow(
        'ContentDelivery certificateArn must be in us-east-1 (CloudFront only uses certificates from there), got one in ap-northeast-2',
      );
    });
    test('fails on a domain without a certificate', () => {
      expect(() => build({ domainName: 'www.example.com' })).toThrow(
        /domainName and certificateArn go together, got domainName www\.example\.com and certificateArn unset/,
      );
    });
    test('fails on a malformed domain name', () => {
      expect(() => build({ domainName: 'Not A Domain', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd' })).toThrow(
        /ContentDelivery domainName must be a lower-case DNS name such as www\.example\.com, got 'Not A Domain'/,
      );
    });
  });
});
