import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyCompliance, CachedCloudFormationValidatePlugin, gatePluginNames, GUARD_NAMESPACE, guardValidator, nagPacks } from '../../lib/compliance';
import { STAGE_NAMES } from '../../lib/config';
import { unitTestApp } from '../support/app';
import { PluginReport } from '../support/assembly';
import { ROOT, tempDir } from '../support/context';
import { startGatedSynth } from '../support/gate';

const PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321', 'Serverless'];
const GUARD = 'cdk-validator-cfnguard';
const DEPLOYABILITY = 'atlas-deployability';
const CLOUDFORMATION_VALIDATE = 'CloudFormation Validate';
const CONSTRUCT_ANNOTATIONS = 'Construct Annotations';
/** Two gated synths of both stages, the CloudFormation validation and cfn-guard: a minute or more on a cold cache. */
const GATE_TIMEOUT = 300_000;

// The tests that pay for the gate (with test/pipeline/gate.test.ts): both gated apps of the stages (test/support/gate.ts)
// are synthesized once, for this file, in a child process that starts now; the tests that need no report run meanwhile.
const gate = startGatedSynth(['presets', 'everyOptionalPart']);
afterAll(() => gate.settled, GATE_TIMEOUT);

/** A stack with the mistakes every pack looks for: an unencrypted, unlogged bucket and log group, a bare function. */
function carelessStack(): Stack {
  const stack = new Stack(unitTestApp(), 'Scratch', { env: { region: 'ap-northeast-2' } });
  new s3.Bucket(stack, 'Careless');
  new logs.LogGroup(stack, 'PlainLogs', { retention: logs.RetentionDays.ONE_DAY });
  new lambda.Function(stack, 'Bare', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1;'),
  });
  return stack;
}

/** Writes a stack's template to a file of this run, for plugins that read templates. */
function templateFile(stack: Stack): string {
  const file = path.join(tempDir('atlas-gate'), 'Scratch.template.json');
  fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
  return file;
}

/** A plugin's unacknowledged findings in a report, one line each (optionally only those of one stage). */
function findings(report: PluginReport[], plugin: string, stage?: string): string[] {
  const section = report.find((r) => r.pluginName === plugin);
  return (section?.violations ?? []).flatMap((v) =>
    v.violatingConstructs
      .filter((c) => !stage || !c.constructPath || c.constructPath.startsWith(`${stage}/`))
      .map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath || '(no construct path)'}: ${v.description.split('\n')[0]}`),
  );
}

/** How many findings of a plugin the report shows as acknowledged. */
const acknowledgedCount = (report: PluginReport[], plugin: string) => (report.find((r) => r.pluginName === plugin)?.suppressedViolations ?? []).length;

describe('compliance gate', () => {
  test('registers the five cdk-nag packs, the Control Tower guard rules, the deployability checks and the (cached) CloudFormation validation on the app', () => {
    const added: string[] = [];
    const spy = jest.spyOn(Validations.prototype, 'addPlugins').mockImplementation((...plugins) => {
      added.push(...plugins.map((p) => p.name));
    });
    try {
      applyCompliance(unitTestApp());
    } finally {
      spy.mockRestore();
    }
    // The CloudFormation validation is registered too: our caching subclass replaces the CDK's default instance.
    expect(added).toEqual([...PACKS, GUARD, DEPLOYABILITY, CLOUDFORMATION_VALIDATE]);
    expect(gatePluginNames()).toEqual([...PACKS, GUARD, DEPLOYABILITY, CLOUDFORMATION_VALIDATE, CONSTRUCT_ANNOTATIONS]);
  });

  test('the CloudFormation validation is strict: findings fail the synth (cdk.json)', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    expect(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  describe('can fail', () => {
    const stack = carelessStack();

    test.each<[string, string[]]>([
      [
        'AwsSolutions',
        ['AwsSolutions-S1', 'AwsSolutions-S10', 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
      ],
      ['NIST.800.53.R5', ['NIST.800.53.R5-S3DefaultEncryptionKMS', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-LambdaInsideVPC']],
      ['HIPAA.Security', ['HIPAA.Security-S3BucketLoggingEnabled', 'HIPAA.Security-CloudWatchLogGroupEncrypted', 'HIPAA.Security-LambdaDLQ']],
      ['PCI.DSS.321', ['PCI.DSS.321-S3BucketLoggingEnabled', 'PCI.DSS.321-CloudWatchLogGroupEncrypted', 'PCI.DSS.321-LambdaInsideVPC']],
      ['Serverless', ['Serverless-LambdaDLQ', 'Serverless-LambdaTracing']],
    ])('%s reports the careless stack', (name, expected) => {
      const pack = nagPacks().find((p) => p.name === name)!;
      const report = pack.validateScope(stack);
      expect(report.success).toBe(false);
      expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(expected));
    });

    test('the Control Tower controls and our own guard rules report the careless stack', () => {
      const report = guardValidator().validate({ templatePaths: [templateFile(stack)], appConstruct: stack.node.root });
      expect(report.success).toBe(false);
      expect(report.violations.map((v) => v.ruleName)).toEqual(
        expect.arrayContaining([
          's3_bucket_logging_enabled_check',
          'lambda_inside_vpc_check',
          'cloudwatch_log_group_retention_period_check',
          'atlas_log_group_encrypted',
        ]),
      );
    });

    test('the CloudFormation validation reports a template that breaks the resource schema', () => {
      const bad = new Stack(unitTestApp(), 'Scratch');
      // 4 days is no retention CloudWatch Logs offers (3 and 5 are).
      new logs.CfnLogGroup(bad, 'Bad', { retentionInDays: 4 });
      // The gate's instance of the CDK's plugin: the engine runs once per engine version for this template (a few
      // seconds to load its schemas), later runs replay what it reported (lib/compliance/validation-cache.ts).
      const plugin = new CachedCloudFormationValidatePlugin();
      try {
        const file = templateFile(bad);
        const report = plugin.validate({
          templatePaths: [file],
          stackTemplates: [{ stackConstructPath: 'Scratch', templatePath: file, accountId: undefined, region: undefined }],
          appConstruct: bad.node.root,
        });
        expect(report.violations.length).toBeGreaterThan(0);
        expect(JSON.stringify(report.violations)).toMatch(/RetentionInDays/);
      } finally {
        plugin._dispose();
      }
    });
  });

  describe('as npm run synth runs it, on every stage of the presets', () => {
    let report: PluginReport[];
    let exceptions: { id: string; path: string }[];
    beforeAll(async () => {
      ({ report, exceptions } = (await gate.apps).presets);
    }, GATE_TIMEOUT);

    test('the gated synth ran the template plugins (CloudFormation Validate, cfn-guard) and they acknowledged real findings', () => {
      for (const name of [CLOUDFORMATION_VALIDATE, GUARD]) {
        expect({ name, suppressed: acknowledgedCount(report, name) > 0 }).toEqual({ name, suppressed: true });
      }
    });

    // One test per pack and plugin per stage: a failure lists the rule ids and resource paths to fix.
    describe.each(STAGE_NAMES)('%s stage', (stage) => {
      test.each(gatePluginNames())('%s: zero unacknowledged errors and warnings', (plugin) => {
        // cdk-nag packs drop acknowledged findings themselves and appear in the report only when something is left.
        expect(findings(report, plugin, stage)).toEqual([]);
      });
    });

    test('the README shows the summary line npm run synth prints for the sandbox, and says where acknowledged findings are', () => {
      const sandbox = exceptions.filter((e) => e.path === 'sandbox' || e.path.startsWith('sandbox/')).length;
      const line = `compliance sandbox: unacknowledged findings: ${gatePluginNames()
        .map((plugin) => `${plugin} 0`)
        .join(', ')}; ${sandbox} acknowledged (docs/compliance.md); report cdk.out/validation-report.json`;
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      expect(readme.split('\n')).toContain(line);
      // What the README says the report holds: the template plugins keep their acknowledged findings in it, the
      // cdk-nag packs drop theirs (they are listed, with their reasons, in docs/compliance.md).
      expect(PACKS.map((pack) => [pack, acknowledgedCount(report, pack)])).toEqual(PACKS.map((pack) => [pack, 0]));
      expect(exceptions.some((e) => e.id.startsWith('AwsSolutions-'))).toBe(true);
      expect(readme).toMatch(/validation-report\.json +unacknowledged findings of every pack and plugin; acknowledged ones: see below/);
    });

    test('each template-plugin exception (cfn-guard, CloudFormation Validate) suppressed a finding in the gated synth', () => {
      const suppressed = report.flatMap((r) => (r.suppressedViolations ?? []).map((v) => ({ id: v.acknowledgedId, at: v.acknowledgedAt })));
      const templateExceptions = exceptions.filter((e) => e.id.startsWith(`${GUARD_NAMESPACE}::`) || e.id.startsWith('CloudFormation-Validate::'));
      expect(templateExceptions.length).toBeGreaterThan(0);
      const stale = templateExceptions.filter((e) => !suppressed.some((s) => s.id === e.id && s.at === e.path));
      expect(stale.map((e) => `${e.id} on ${e.path}`)).toEqual([]);
    });
  });
});

describe('compliance gate with every optional part switched on, synthesized for an account as a deploy does', () => {
  // The presets leave certificates, the custom domain, the circuit and the costly parts off in places; the gate must
  // hold with them too. And a deploy synthesizes with a known account, which changes how ARNs in findings render:
  // the exceptions must still match (offline synth alone would not notice).
  let report: PluginReport[];
  let exceptions: { id: string; path: string; reason: string }[];
  beforeAll(async () => {
    ({ report, exceptions } = (await gate.apps).everyOptionalPart);
  }, GATE_TIMEOUT);

  test.each(PACKS)('%s: zero unacknowledged findings on both stages', (name) => {
    expect(findings(report, name)).toEqual([]);
  });

  test('cfn-guard: every finding of the Control Tower controls and our rules is acknowledged', () => {
    expect(acknowledgedCount(report, GUARD)).toBeGreaterThan(0); // it ran, and the exceptions cover real findings
    expect(findings(report, GUARD)).toEqual([]);
  });

  test('deployability checks: zero findings on both stages, durability and asset entry points included', () => {
    // Zero, not zero unacknowledged: no deployability finding may be acknowledged away.
    expect({ findings: findings(report, DEPLOYABILITY), acknowledged: acknowledgedCount(report, DEPLOYABILITY) }).toEqual({ findings: [], acknowledged: 0 });
  });

  test('CloudFormation validation: every finding is acknowledged', () => {
    expect(acknowledgedCount(report, CLOUDFORMATION_VALIDATE)).toBeGreaterThan(0); // the pinned availability zones (W3010), acknowledged
    expect(findings(report, CLOUDFORMATION_VALIDATE)).toEqual([]);
  });

  test('no unacknowledged construct warning (annotation) anywhere in the tree', () => {
    expect(findings(report, CONSTRUCT_ANNOTATIONS)).toEqual([]);
  });

  test('switching the optional parts on removes the exceptions that only their absence caused', () => {
    const ids = exceptions.map((e) => e.id);
    for (const gone of ['AwsSolutions-CFR4', 'NIST.800.53.R5-ALBHttpToHttpsRedirection']) {
      expect(ids).not.toContain(gone);
    }
    // The custom-certificate rule stays acknowledged only where the certificate is the stage's own, issued in us-east-1
    // and read across regions (which the rule cannot follow), never for a missing certificate.
    const certificateRule = exceptions.filter((e) => e.id === 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check');
    expect(certificateRule.map((e) => e.path)).toEqual(['production/Edge/ContentDelivery/Distribution']);
    expect(certificateRule.map((e) => e.reason)).toEqual([expect.stringContaining("this app's own ACM certificate in us-east-1")]);
  });
});
