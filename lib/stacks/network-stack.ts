import { Construct } from 'constructs';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** The stage's network: VPC, subnet tiers, NACLs, security groups, endpoints and flow logs. */
export class NetworkStack extends AtlasStack {
  /** The network, passed by props to every stack that places resources in it. */
  public readonly network: Network;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    const { network, availabilityZones, durability } = props.config;
    this.network = new Network(this, 'Network', {
      availabilityZones,
      vpcCidr: network.vpcCidr,
      natGateways: network.natGateways,
      flowLogRetention: network.flowLogRetention,
      systemsManagerEndpoints: network.systemsManagerEndpoints,
      removalPolicy: durability.removalPolicy,
    });
  }
}
