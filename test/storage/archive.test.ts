import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PRESETS } from '../../lib/config';
import { ArchiveBucket, archiveLifecycleProblems, MINIMUM_STORAGE_DAYS } from '../../lib/storage/archive';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { at, expectProperties, referrersOf, refTarget, resourceAt, resourceOf } from '../support/select';

describe('ArchiveBucket', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Data');
    const config = PRESETS[stage].archive;
    const archive = resourceAt(stage, 'Data', 'Archive/Resource', 'AWS::S3::Bucket');
    const rule = (archive.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules[0];

    test('objects move through Standard-IA, Glacier Flexible Retrieval and Deep Archive at the configured ages', () => {
      expect(rule.Transitions).toEqual([
        { StorageClass: 'STANDARD_IA', TransitionInDays: config.infrequentAccessAfterDays },
        { StorageClass: 'GLACIER', TransitionInDays: config.glacierAfterDays },
        { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: config.deepArchiveAfterDays },
      ]);
      expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: config.noncurrentExpireAfterDays });
      expect(rule.ExpirationInDays).toBe(config.expireAfterDays);
    });

    test('private, TLS-only, versioned, access-logged and encrypted with its own rotating key', () => {
      expect(archive.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { LogFilePrefix: 'archive-bucket/' },
      });
      refTarget(template, at(archive.Properties, 'LoggingConfiguration', 'DestinationBucketName'), 'AWS::S3::Bucket');
      expect(JSON.stringify(archive.Properties.BucketEncryption)).toMatch(/aws:kms/);
      // The bucket's own key, and the bucket's own policy.
      const [encryption] = at(archive.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration') as {
        ServerSideEncryptionByDefault: { KMSMasterKeyID: unknown };
      }[];
      const key = refTarget(template, encryption.ServerSideEncryptionByDefault.KMSMasterKeyID, 'AWS::KMS::Key');
      expectProperties(key, { Description: 'Encrypts the archive bucket', EnableKeyRotation: true });
      const policies = referrersOf(template, archive, 'AWS::S3::BucketPolicy', 'Bucket');
      expect(policies).toHaveLength(1);
      expectProperties(policies[0], {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    test('the stateful logical id is pinned', () => {
      expect(archive.id).toBe('ArchiveEFD34886');
    });
  });

  describe('the study: an object deleted before its class minimum is still billed for it', () => {
    const good = { infrequentAccessAfterDays: 30, glacierAfterDays: 60, deepArchiveAfterDays: 150, expireAfterDays: 330, noncurrentExpireAfterDays: 30 };

    test('the tightest valid lifecycle honours every minimum: 30 days in Standard-IA, 90 in Glacier, 180 in Deep Archive', () => {
      expect(archiveLifecycleProblems('ArchiveBucket', good)).toEqual([]);
      expect(MINIMUM_STORAGE_DAYS).toEqual({ infrequentAccess: 30, glacier: 90, deepArchive: 180 });
    });

    test.each<[string, Partial<typeof good>, RegExp]>([
      [
        'Standard-IA before 30 days',
        { infrequentAccessAfterDays: 29 },
        /ArchiveBucket infrequentAccessAfterDays must be a whole number from 30 to 36500 \(S3 moves objects to Standard-IA at 30 days at the earliest\), got 29/,
      ],
      [
        'transitions out of order',
        { glacierAfterDays: 20 },
        /ArchiveBucket glacierAfterDays must be at least infrequentAccessAfterDays \+ 30.*got 20 after 30/,
      ],
      [
        "Deep Archive before Glacier's 90 days are over",
        { deepArchiveAfterDays: 149 },
        /ArchiveBucket deepArchiveAfterDays must be at least glacierAfterDays \+ 90 \(Glacier Flexible Retrieval bills 90 days minimum: deleted before 90 days is still billed for 90 days\), got 149 after 60/,
      ],
      [
        "an expiration inside Deep Archive's 180 days",
        { expireAfterDays: 329 },
        /ArchiveBucket expireAfterDays must be at least deepArchiveAfterDays \+ 180 \(Deep Archive bills 180 days minimum\), got 329 after 150/,
      ],
      [
        'noncurrent versions expiring at 0 days',
        { noncurrentExpireAfterDays: 0 },
        /ArchiveBucket noncurrentExpireAfterDays must be a whole number from 1 to 36500, got 0/,
      ],
    ])('fails on %s', (_what, change, message) => {
      const build = () => new ArchiveBucket(new Stack(unitTestApp(), 'Test'), 'Archive', { ...good, ...change, removalPolicy: RemovalPolicy.DESTROY });
      expect(build).toThrow(message);
    });

    test('without an expiration, objects are kept in Deep Archive', () => {
      const stack = new Stack(unitTestApp(), 'Test');
      const archive = new ArchiveBucket(stack, 'Archive', { ...good, expireAfterDays: undefined, removalPolicy: RemovalPolicy.DESTROY });
      const bucket = resourceOf(Template.fromStack(stack), archive.bucket, 'AWS::S3::Bucket');
      expect((bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules[0].ExpirationInDays).toBeUndefined();
    });
  });
});
