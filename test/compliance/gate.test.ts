import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnElement, CloudFormationValidatePlugin, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addAtlasStages } from '../../lib/atlas-app';
import { applyCompliance, deployabilityValidator, gatePluginNames, guardValidator, nagPacks, recordedExceptions } from '../../lib/compliance';
import { STAGE_NAMES, withEveryOptionalPart } from '../../lib/config';
import { unitTestApp } from '../support/app';
import { validationReport } from '../support/assembly';
import { cdkJsonContext } from '../support/context';

const PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321', 'Serverless'];
const GUARD = 'cdk-validator-cfnguard';
const DEPLOYABILITY = 'atlas-deployability';

/** A stack with the mistakes every pack looks for: an unencrypted, unlogged bucket and log group, a bare function. */
function carelessStack(): Stack {
  const stack = new Stack(unitTestApp(), 'Scratch', { env: { region: 'ap-northeast-2' } });
  new s3.Bucket(stack, 'Careless');
  new logs.LogGroup(stack, 'PlainLogs', { retention: logs.RetentionDays.ONE_DAY });
  new lambda.Function(stack, 'Bare', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
  return stack;
}

/** Writes a stack's template to a temporary file, for plugins that read templates. */
function templateFile(stack: Stack): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-gate-'));
  const file = path.join(dir, 'Scratch.template.json');
  fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
  return file;
}

describe('compliance gate', () => {
  test('registers the five cdk-nag packs, the Control Tower guard rules, the deployability checks and the (cached) CloudFormation validation on the app', () => {
    const added: string[] = [];
    const spy = jest.spyOn(Validations.prototype, 'addPlugins').mockImplementation((...plugins) => {
      added.push(...plugins.map((p) => p.name));
    });
    try {
      applyCompliance(new App());
    } finally {
      spy.mockRestore();
    }
    // The CloudFormation validation is registered too: our caching subclass replaces the CDK's default instance.
    expect(added).toEqual([...PACKS, GUARD, DEPLOYABILITY, 'CloudFormation Validate']);
    expect(gatePluginNames()).toEqual([...PACKS, GUARD, DEPLOYABILITY, 'CloudFormation Validate', 'Construct Annotations']);
  });

  test('the CloudFormation validation is strict: findings fail the synth (cdk.json)', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    expect(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  test('the shared synth ran the template plugins (CloudFormation Validate, cfn-guard) and they acknowledged real findings', () => {
    const report = validationReport();
    for (const name of ['CloudFormation Validate', GUARD]) {
      const section = report.find((r) => r.pluginName === name);
      expect({ name, suppressed: (section?.suppressedViolations ?? []).length > 0 }).toEqual({ name, suppressed: true });
    }
  });

  // One test per pack and plugin per stage: a failure lists the rule ids and resource paths to fix.
  describe.each(STAGE_NAMES)('%s stage', (stage) => {
    test.each(gatePluginNames())('%s: zero unacknowledged errors and warnings', (plugin) => {
      const section = validationReport().find((r) => r.pluginName === plugin);
      // cdk-nag packs drop acknowledged findings themselves and appear in the report only when something is left.
      const findings = (section?.violations ?? []).flatMap((v) =>
        v.violatingConstructs
          .filter((c) => !c.constructPath || c.constructPath.startsWith(`${stage}/`))
          .map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath || '(no construct path)'}: ${v.description.split('\n')[0]}`),
      );
      expect(findings).toEqual([]);
    });
  });

  describe('can fail', () => {
    const stack = carelessStack();

    test.each<[string, string[]]>([
      ['AwsSolutions', ['AwsSolutions-S1', 'AwsSolutions-S10', 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]']],
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
        expect.arrayContaining(['s3_bucket_logging_enabled_check', 'lambda_inside_vpc_check', 'cloudwatch_log_group_retention_period_check', 'atlas_log_group_encrypted']),
      );
    });

    test('the CloudFormation validation reports a template that breaks the resource schema', () => {
      const bad = new Stack(unitTestApp(), 'Scratch');
      // 4 days is no retention CloudWatch Logs offers (3 and 5 are).
      new logs.CfnLogGroup(bad, 'Bad', { retentionInDays: 4 });
      const plugin = new CloudFormationValidatePlugin();
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
});

describe('compliance gate with every optional part switched on, synthesized for an account as a deploy does', () => {
  // The presets leave certificates, the custom domain, the circuit and the costly parts off in places; the gate must
  // hold with them too. And a deploy synthesizes with a known account, which changes how ARNs in findings render:
  // the exceptions must still match (offline synth alone would not notice).
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-full-'));
  // Assets are bundled (local esbuild) so that the deployability checks see the code they check.
  const app = new App({ outdir, context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const stages = addAtlasStages(app, { compliance: false, account: '123456789012', domain: 'atlas.corp-lab.net', configure: withEveryOptionalPart });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each(PACKS)('%s: zero unacknowledged findings on both stages', (name) => {
    const pack = nagPacks().find((p) => p.name === name)!;
    const findings = stages.flatMap((stage) => pack.validateScope(stage).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)));
    expect(findings).toEqual([]);
  });

  // The template plugins report logical ids of templates; map them back to construct paths and the recorded exceptions.
  const templatesOnce = (() => {
    let templates: string[] | undefined;
    return () => {
      if (templates) return templates;
      app.synth();
      templates = stages.flatMap((stage) => {
        const dir = path.join(outdir, `assembly-${stage.stageName}`);
        return fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(dir, f));
      });
      return templates;
    };
  })();
  const unacknowledged = (violations: { ruleName: string; violatingResources: { templatePath: string; resourceLogicalId: string }[] }[], namespace: string) => {
    const acknowledged = stages.flatMap((stage) => recordedExceptions(stage));
    const stacks = stages.flatMap((s) => s.node.children).filter((c): c is Stack => Stack.isStack(c));
    const pathOf = (templatePath: string, logicalId: string) => {
      const stack = stacks.find((c) => templatePath.endsWith(`${c.artifactId}.template.json`));
      if (!stack) return `${templatePath}#${logicalId}`;
      const element = stack.node.findAll().find((c) => CfnElement.isCfnElement(c) && stack.resolve(c.logicalId) === logicalId);
      return element?.node.path ?? stack.node.path; // template-level findings (mappings, outputs) belong to the stack
    };
    return violations.flatMap((v) =>
      v.violatingResources
        .map((r) => pathOf(r.templatePath, r.resourceLogicalId))
        .filter((p) => !acknowledged.some((e) => e.id === `${namespace}::${v.ruleName}` && (p === e.path || p.startsWith(`${e.path}/`))))
        .map((p) => `${v.ruleName} at ${p}`),
    );
  };

  test('cfn-guard: every finding of the Control Tower controls and our rules is acknowledged', () => {
    const report = guardValidator().validate({ templatePaths: templatesOnce(), appConstruct: app });
    expect(report.violations.length).toBeGreaterThan(0); // it ran, and the exceptions below cover real findings
    expect(unacknowledged(report.violations, 'cdk-validator-cfnguard')).toEqual([]);
  });

  test('deployability checks: zero findings on both stages, durability and asset entry points included', () => {
    const validator = deployabilityValidator(stages.map((stage) => ({ stage, removalPolicy: stage.config.durability.removalPolicy })));
    const report = validator.validate({ templatePaths: templatesOnce(), appConstruct: app });
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${path.basename(r.templatePath ?? '')}#${r.resourceLogicalId}: ${v.description}`));
    expect(findings).toEqual([]);
  });

  test('CloudFormation validation: every finding is acknowledged', () => {
    const templates = templatesOnce();
    const plugin = new CloudFormationValidatePlugin();
    try {
      const stackTemplates = templates.map((templatePath) => ({ stackConstructPath: '', templatePath, accountId: '123456789012', region: 'ap-northeast-2' }));
      const report = plugin.validate({ templatePaths: templates, stackTemplates, appConstruct: app });
      expect(report.violations.length).toBeGreaterThan(0); // the pinned availability zones (W3010), acknowledged
      const violations = report.violations.map((v) => ({
        ruleName: v.ruleName,
        violatingResources: v.violatingResources.map((r) => ({ templatePath: r.templatePath ?? '(no template)', resourceLogicalId: r.resourceLogicalId ?? '' })),
      }));
      expect(unacknowledged(violations, 'CloudFormation-Validate')).toEqual([]);
    } finally {
      plugin._dispose();
    }
  });

  test('no unacknowledged construct warning (annotation) anywhere in the tree', () => {
    const warnings = stages.flatMap((stage) =>
      stage.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => `${c.node.path}: ${String(m.data).split('\n')[0]}`)),
    );
    expect(warnings).toEqual([]);
  });

  test('switching the optional parts on removes the exceptions that only their absence caused', () => {
    const ids = stages.flatMap((stage) => recordedExceptions(stage).map((e) => e.id));
    for (const gone of ['AwsSolutions-CFR4', 'NIST.800.53.R5-ALBHttpToHttpsRedirection', 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check']) {
      expect(ids).not.toContain(gone);
    }
  });
});
