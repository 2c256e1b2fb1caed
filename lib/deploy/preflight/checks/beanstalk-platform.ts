import { ListPlatformBranchesCommand, ListPlatformVersionsCommand, PlatformBranchSummary } from '@aws-sdk/client-elastic-beanstalk';
import { failedCheck } from '../aws-errors';
import { CheckResult, PreflightContext, result } from '../check';

const NAME = 'beanstalk-platform';

/** How many other branches a blocked line proposes. */
const PROPOSED_BRANCHES = 3;

/**
 * The language and the operating system of a platform branch name: `Node.js 22 running on 64bit Amazon Linux 2023`
 * → `Node.js`, `64bit Amazon Linux 2023`.
 */
export function splitPlatformBranch(branch: string): { readonly language: string; readonly os: string } {
  const [runtime, os = ''] = branch.split(' running on ');
  return { language: runtime.replace(/\s+[\d.]+$/, ''), os };
}

/**
 * The Elastic Beanstalk platform branch the stage names (only when Beanstalk is on) has a recommended platform
 * version in the stage's region: the same `ListPlatformVersions` call, with the same filters, as the deploy's
 * lookup (lib/management/beanstalk.ts). When it has none, the line proposes supported branches of the same
 * language, the newest first, on the same operating system where there are some.
 */
export async function checkBeanstalkPlatform(context: PreflightContext): Promise<CheckResult[]> {
  const { config, clients } = context;
  if (!config.beanstalk) return [];
  const branch = config.beanstalk.platformBranch;
  let versions;
  try {
    versions = await clients.elasticBeanstalk.send(
      new ListPlatformVersionsCommand({
        Filters: [
          { Type: 'PlatformBranchName', Operator: '=', Values: [branch] },
          { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
        ],
      }),
    );
  } catch (error) {
    return [failedCheck(NAME, 'elasticbeanstalk:ListPlatformVersions', error)];
  }
  const recommended = versions.PlatformSummaryList?.[0];
  if (recommended) {
    return [result('ok', NAME, `'${branch}' resolves to its recommended version ${recommended.PlatformVersion ?? ''} (${recommended.PlatformArn})`)];
  }

  const { language, os } = splitPlatformBranch(branch);
  let branches: PlatformBranchSummary[];
  try {
    const listed = await clients.elasticBeanstalk.send(
      new ListPlatformBranchesCommand({
        Filters: [
          { Attribute: 'LifecycleState', Operator: '=', Values: ['supported'] },
          { Attribute: 'BranchName', Operator: 'begins_with', Values: [`${language} `] },
        ],
      }),
    );
    branches = listed.PlatformBranchSummaryList ?? [];
  } catch (error) {
    const unlisted = failedCheck(NAME, 'elasticbeanstalk:ListPlatformBranches', error);
    return [
      result(
        'blocked',
        NAME,
        `'${branch}' has no recommended platform version in ${config.region}, and the other branches could not be listed (${unlisted.message}): set beanstalk.platformBranch in lib/config/presets.ts to a supported branch`,
      ),
    ];
  }
  const sameOs = branches.filter((b) => os !== '' && b.BranchName?.endsWith(`running on ${os}`));
  const proposed = (sameOs.length > 0 ? sameOs : branches)
    .filter((b) => b.BranchName && b.BranchName !== branch)
    .sort((a, b) => (b.BranchOrder ?? 0) - (a.BranchOrder ?? 0))
    .slice(0, PROPOSED_BRANCHES)
    .map((b) => `'${b.BranchName}'`);
  const list = `aws elasticbeanstalk list-platform-branches --region ${config.region} --filters Attribute=LifecycleState,Operator==,Values=supported`;
  return [
    result(
      'blocked',
      NAME,
      proposed.length > 0
        ? `'${branch}' has no recommended platform version in ${config.region}: set beanstalk.platformBranch in lib/config/presets.ts to one of ${proposed.join(', ')}`
        : `'${branch}' has no recommended platform version in ${config.region}, and no supported ${language} branch exists: pick one from \`${list}\` for beanstalk.platformBranch in lib/config/presets.ts`,
    ),
  ];
}
