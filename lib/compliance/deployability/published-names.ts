import { DeployabilityCheck, findingsCollector } from './check';
import { isObject, list, Located, prop } from './model';

/**
 * Every DNS name the app publishes points at a target that answers that name. CloudFront answers only the alternate
 * domain names its distribution carries, with a certificate for them, and returns 403 for any other Host; a load
 * balancer answers on the ports it has listeners for, and a health check probes one of them.
 */
export const publishedNames: DeployabilityCheck = {
  name: 'atlas-published-names',
  description: 'Every DNS name the app publishes points at a target that answers that name (CloudFront aliases and certificate, load balancer listeners).',
  fix: "Add the record's name to the distribution's domain names with a certificate that covers it, or point the record elsewhere.",
  check: ({ assembly }) => {
    const { findings, report } = findingsCollector();
    const listenerPorts = (lb: Located) =>
      assembly
        .resources('AWS::ElasticLoadBalancingV2::Listener')
        .filter((l) => {
          const target = assembly.follow(l.stack, l.resource.Properties?.LoadBalancerArn);
          return target?.logicalId === lb.logicalId && target.stack === lb.stack;
        })
        .map((l) => Number(l.resource.Properties?.Port));

    for (const record of assembly.resources('AWS::Route53::RecordSet')) {
      const props = record.resource.Properties ?? {};
      const name = typeof props.Name === 'string' ? props.Name.replace(/\.$/, '') : JSON.stringify(props.Name);
      const targetValue = prop(props.AliasTarget, 'DNSName') ?? list(props.ResourceRecords)[0];
      const target = targetValue === undefined ? undefined : assembly.follow(record.stack, targetValue);
      if (target?.resource.Type === 'AWS::CloudFront::Distribution') {
        const config = prop(target.resource.Properties, 'DistributionConfig');
        const aliases = list(prop(config, 'Aliases'));
        const certificate = prop(config, 'ViewerCertificate');
        if (!aliases.includes(name)) {
          report(
            record,
            `record ${name} points at distribution ${target.logicalId}, which carries ${aliases.length ? aliases.join(', ') : 'no alternate domain names'}: CloudFront answers ${name} with 403`,
          );
        } else if (!isObject(certificate) || (!certificate.AcmCertificateArn && !certificate.IamCertificateId)) {
          report(record, `record ${name} points at distribution ${target.logicalId}, which has no certificate for it`);
        }
      }
      if (target?.resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
        const ports = listenerPorts(target);
        if (ports.length === 0) report(record, `record ${name} points at load balancer ${target.logicalId}, which has no listener`);
      }
    }

    for (const check of assembly.resources('AWS::Route53::HealthCheck')) {
      const config = prop(check.resource.Properties, 'HealthCheckConfig');
      const domainName = prop(config, 'FullyQualifiedDomainName');
      const port = prop(config, 'Port');
      const target = domainName === undefined ? undefined : assembly.follow(check.stack, domainName);
      if (target?.resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
        const ports = listenerPorts(target);
        if (!ports.includes(Number(port))) {
          report(
            check,
            `health check ${check.logicalId} probes port ${String(port)} of load balancer ${target.logicalId}, which listens on ${ports.join(', ') || 'nothing'}: it never passes`,
          );
        }
      }
    }
    return findings;
  },
};
