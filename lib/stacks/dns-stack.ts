import { CfnOutput, CfnResource, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageZone } from '../networking/dns';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/**
 * Route 53: the stage's hosted zone alone, deployed early: the certificates of every region are validated against
 * it and the `Routing` stacks of every region publish their records into it. Its name servers are an output, to
 * delegate the domain to.
 */
export class DnsStack extends AtlasStack {
  /** The hosted zone construct. */
  public readonly stageZone: StageZone;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    // Termination-protected and retained where the stage keeps its data: its name servers are what the parent domain
    // delegates to (a new zone gets new ones), and ACM's validation records, which no stack owns, stay in it.
    super(scope, id, { ...props, terminationProtection: props.config.durability.terminationProtection });
    this.stageZone = new StageZone(this, 'Dns', { domainName: props.config.dns.domainName });
    (this.stageZone.zone.node.defaultChild as CfnResource).applyRemovalPolicy(props.config.durability.removalPolicy);
    new CfnOutput(this, 'NameServers', {
      description: 'Delegate the domain to these name servers (NS records in the parent zone)',
      value: Fn.join(', ', this.stageZone.zone.hostedZoneNameServers!),
    });
  }
}
