import { CheckResult, PreflightContext, result } from '../check';

/**
 * What no API shows, as `manual` lines with what to do (none of them fails the preflight):
 * - CloudFront: a new account may have to be verified by AWS Support before it may create a distribution; the Edge
 *   stack then fails with "Your account must be verified before you can add new CloudFront resources" (reported e.g.
 *   in https://github.com/aws-samples/aws-cdk-examples/issues/279). No API tells whether an account is verified.
 * - Alarm e-mail: without `-c alarmEmail` the alarms notify nobody (the deploy works).
 * - CloudTrail Lake, when the config switches it on: closed to new customers since 31 May 2026
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-lake-service-availability-change.html);
 *   an account that never used it is refused.
 */
export function checkAccountState(context: PreflightContext): Promise<CheckResult[]> {
  const { config } = context;
  const lines = [
    result(
      'manual',
      'cloudfront-account',
      'no API shows whether this account may create CloudFront distributions: if the Edge stack fails with "Your account must be verified before you can add new CloudFront resources",' +
        ' open a case in the AWS Support console (https://console.aws.amazon.com/support/home#/) with that message, then deploy again',
    ),
    config.monitoring.alarmEmail
      ? result('ok', 'alarm-email', `alarms notify ${config.monitoring.alarmEmail}: confirm the subscription in the mail AWS sends after the deploy`)
      : result('manual', 'alarm-email', 'no -c alarmEmail: the alarms will notify nobody; add -c alarmEmail=<address> to the deploy (and to this preflight)'),
  ];
  if (config.cloudTrailLake) {
    lines.push(
      result(
        'manual',
        'cloudtrail-lake',
        'CloudTrail Lake is closed to new customers since 31 May 2026: the Audit stack fails in an account that has not used Lake;' +
          ' remove cloudTrailLake from the stage in lib/config/presets.ts unless this account already uses it (CloudTrail console → Lake)',
      ),
    );
  }
  return Promise.resolve(lines);
}
