import * as path from 'path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge, HIPAA, inPacks, NIST, PCI, wildcardResource } from '../compliance/acknowledge';
import { cdkAssetRead, GRANT_POLICY } from '../compliance/common-exceptions';
import { LogBucket } from '../shared/log-bucket';
import { requirePattern } from '../shared/validate';

/** Tag key that enrols instances in the stage's configuration management; the value is the stage name. */
export const CONFIGURATION_TAG = 'configuration-management';

/**
 * Installs Ansible on an Amazon Linux 2023 instance from the distribution's own repository (`ansible-core` carries
 * every `ansible.builtin` module the playbook uses). The document's `InstallDependencies` is left off: how it installs
 * Ansible on Amazon Linux 2023 is not documented, while AL2023 ships the package. Not fatal: without Ansible the
 * instance still serves, and State Manager reports the association as non-compliant.
 */
export const ANSIBLE_BOOTSTRAP_COMMANDS: readonly string[] = [
  'dnf install -y ansible-core || echo "ansible-core could not be installed: configuration management will report non-compliance" >&2',
];

/** The AWS-owned SSM document that runs Ansible playbooks. */
export const ANSIBLE_DOCUMENT = 'AWS-ApplyAnsiblePlaybooks';

/** Properties of `ConfigurationManagement`. */
export interface ConfigurationManagementProps {
  /** Instances tagged `configuration-management=<this value>` are configured: the stage name. */
  readonly targetTagValue: string;
  /** How often the playbook is applied: a State Manager `rate(…)` or `cron(…)` expression, e.g. `rate(30 minutes)`. */
  readonly schedule: string;
  /**
   * Roles of the targeted instances: they read the playbook and write the command output. Their user data must run
   * `ANSIBLE_BOOTSTRAP_COMMANDS` (the web tier's does, through `bootstrapCommands`).
   */
  readonly instanceRoles: readonly iam.IRole[];
  /** `DESTROY` empties and deletes the output bucket with the stack; `RETAIN` keeps it. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Directory that holds `playbook.yml`, shipped as an S3 asset (a zip).
   *
   * @default assets/ansible
   */
  readonly playbookDirectory?: string;
}

/**
 * Configuration management, the successor of AWS OpsWorks (end of life): a Systems Manager State Manager
 * association (L1 `CfnAssociation`; aws-cdk-lib has no L2) that applies an Ansible playbook, shipped as an S3
 * asset, to the stage's tagged instances on a schedule. Each run's compliance (severity HIGH) shows in Systems
 * Manager Compliance, and the command output lands in an encrypted, TLS-only bucket.
 *
 * The study's OpsWorks concepts map onto it: a stack is the stage (its tag), a layer is a tag value or an
 * association per role, a Chef recipe or Puppet manifest is an Ansible task, lifecycle events are the schedule
 * plus "apply on association creation".
 */
export class ConfigurationManagement extends Construct {
  /** The association. */
  public readonly association: ssm.CfnAssociation;
  /** The bucket that receives the command output. */
  public readonly outputBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ConfigurationManagementProps) {
    super(scope, id);
    requirePattern(
      'ConfigurationManagement',
      'schedule',
      props.schedule,
      /^(rate\(\d+ (minutes|hours|days)\)|rate\(1 (minute|hour|day)\)|cron\(.+\))$/,
      "a State Manager rate or cron expression such as 'rate(30 minutes)'",
    );

    const playbook = new s3assets.Asset(this, 'Playbook', { path: props.playbookDirectory ?? path.join(__dirname, '..', '..', 'assets', 'ansible') });
    const output = new LogBucket(this, 'Output', { removalPolicy: props.removalPolicy }).bucket;
    this.outputBucket = output;
    acknowledge(output, {
      id: ['AwsSolutions-S1', ...inPacks('S3BucketLoggingEnabled', NIST, HIPAA, PCI)],
      reason: 'This bucket only receives the command output of State Manager runs; logging access to it would need another log bucket without end.',
    });
    for (const role of props.instanceRoles) {
      playbook.grantRead(role);
      output.grantPut(role, 'ansible/*');
      acknowledge(role, cdkAssetRead(playbook), GRANT_POLICY, {
        id: ['AwsSolutions-IAM5[Action::s3:Abort*]', wildcardResource(role, output.arnForObjects('ansible/*'))],
        reason: 'The instances write State Manager command output under the ansible/ prefix of the output bucket only, whose keys the runs choose.',
      });
    }

    this.association = new ssm.CfnAssociation(this, 'Resource', {
      name: ANSIBLE_DOCUMENT,
      targets: [{ key: `tag:${CONFIGURATION_TAG}`, values: [props.targetTagValue] }],
      scheduleExpression: props.schedule,
      complianceSeverity: 'HIGH',
      applyOnlyAtCronInterval: false,
      maxConcurrency: '50%',
      maxErrors: '25%',
      parameters: {
        SourceType: ['S3'],
        SourceInfo: [
          Stack.of(this).toJsonString({ path: `https://s3.${Stack.of(this).region}.amazonaws.com/${playbook.s3BucketName}/${playbook.s3ObjectKey}` }),
        ],
        // Ansible comes from the instance's own package manager (ANSIBLE_BOOTSTRAP_COMMANDS in its user data).
        InstallDependencies: ['False'],
        PlaybookFile: ['playbook.yml'],
        ExtraVariables: ['SSM=True'],
        Check: ['False'],
        Verbose: ['-v'],
      },
      outputLocation: { s3Location: { outputS3BucketName: output.bucketName, outputS3KeyPrefix: 'ansible/', outputS3Region: Stack.of(this).region } },
    });
  }
}
