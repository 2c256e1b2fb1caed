import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { requireInteger } from '../shared/validate';

/** AWS WAF only delivers logs to log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** AWS managed rule groups the web ACL evaluates, in this order, before the rate limit. */
export const MANAGED_RULE_GROUPS: readonly string[] = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/** Properties of a `WebFirewall`. */
export interface WebFirewallProps {
  /** ARN of the regional resource to protect (an Application Load Balancer). */
  readonly resourceArn: string;
  /** Retention of the WAF logs. */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the log group and its key. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Requests one client IP may send in 5 minutes before it is blocked (AWS allows 10 to 2 000 000 000).
   *
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
}

/**
 * AWS WAF in front of the load balancer: a regional web ACL (L1 `CfnWebACL`; aws-cdk-lib has no L2 for WAFv2) with
 * the AWS managed rule groups for IP reputation, common web exploits (OWASP Top 10) and known bad inputs, plus a
 * per-IP rate limit. Every request is logged to an encrypted log group, with the Authorization and Cookie headers
 * redacted.
 */
export class WebFirewall extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The log group that receives the WAF logs. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Minutes ?? 2000;
    requireInteger('WebFirewall', 'rateLimitPer5Minutes', rateLimit, 10, 2_000_000_000, 'the AWS WAF rate-based rule range');

    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Managed rule groups and a per-IP rate limit in front of the web tier',
      visibilityConfig: metric('WebTier'),
      rules: [
        ...MANAGED_RULE_GROUPS.map((name, i) => ({
          name,
          priority: i,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: metric(name),
        })),
        {
          name: 'RateLimitPerIp',
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP' } },
          visibilityConfig: metric('RateLimitPerIp'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.resourceArn, webAclArn: this.webAcl.attrArn });

    const stack = Stack.of(this);
    // WAF finds its log destination by this prefix; the stack name keeps the name unique per stage.
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${stack.stackName}`;
    const logGroup = new EncryptedLogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup.logGroup;
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ':*' suffix that the log group's Arn attribute carries.
      logDestinationConfigs: [
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    }).node.addDependency(logGroup);
  }
}
