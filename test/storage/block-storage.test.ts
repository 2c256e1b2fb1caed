import { Stack } from 'aws-cdk-lib';
import { PRESETS } from '../../lib/config';
import { BlockStorageBackups, EBS_BACKUP_TAG } from '../../lib/storage/block-storage';
import { unitTestApp } from '../support/app';
import { stackTemplate } from '../support/assembly';
import { at, refTarget, resourceAt } from '../support/select';

describe('BlockStorageBackups', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    test(`a daily snapshot of every volume tagged ${EBS_BACKUP_TAG}=${stage}, the newest ${PRESETS[stage].blockStorage.retainSnapshots} kept`, () => {
      const policy = resourceAt(stage, 'Data', 'BlockStorage', 'AWS::DLM::LifecyclePolicy');
      expect(policy.Properties).toMatchObject({
        State: 'ENABLED',
        PolicyDetails: {
          PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
          ResourceTypes: ['VOLUME'],
          TargetTags: [{ Key: EBS_BACKUP_TAG, Value: stage }],
          Schedules: [
            {
              CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['18:00'] },
              RetainRule: { Count: PRESETS[stage].blockStorage.retainSnapshots },
              CopyTags: true,
            },
          ],
        },
      });
    });

    test("the web tier's volumes carry the tag, and stay encrypted gp3", () => {
      // The launch template of the web tier's Auto Scaling group.
      const asg = resourceAt(stage, 'Compute', 'WebTier/AutoScalingGroup/ASG', 'AWS::AutoScaling::AutoScalingGroup');
      const launchTemplate = refTarget(stackTemplate(stage, 'Compute'), at(asg.Properties, 'LaunchTemplate', 'LaunchTemplateId'), 'AWS::EC2::LaunchTemplate');
      const data = launchTemplate.Properties.LaunchTemplateData as {
        TagSpecifications: { ResourceType: string; Tags: { Key: string; Value: string }[] }[];
        BlockDeviceMappings: { Ebs: Record<string, unknown> }[];
      };
      const volumeTags = data.TagSpecifications.find((t) => t.ResourceType === 'volume')!.Tags;
      expect(volumeTags).toContainEqual({ Key: EBS_BACKUP_TAG, Value: stage });
      expect(data.BlockDeviceMappings[0].Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
    });
  });

  test('fails on keeping no snapshot', () => {
    expect(() => new BlockStorageBackups(new Stack(unitTestApp(), 'Test'), 'Backups', { targetTagValue: 'sandbox', retainSnapshots: 0 })).toThrow(
      /BlockStorageBackups retainSnapshots must be a whole number from 1 to 1000 \(Data Lifecycle Manager keeps 1 to 1000 snapshots per schedule\), got 0/,
    );
  });

  test('fails on a start time that is not HH:MM', () => {
    expect(
      () => new BlockStorageBackups(new Stack(unitTestApp(), 'Test'), 'Backups', { targetTagValue: 'sandbox', retainSnapshots: 1, startTime: '25:00' }),
    ).toThrow(/BlockStorageBackups startTime must be a UTC time HH:MM, got '25:00'/);
  });
});
