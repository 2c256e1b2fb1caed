import { Construct } from 'constructs';
import { HybridConnectivity } from '../networking/hybrid';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** The stage's network: VPC, subnet tiers, NACLs, security groups, endpoints, flow logs and hybrid connectivity. */
export class NetworkStack extends AtlasStack {
  /** The network, passed by props to every stack that places resources in it. */
  public readonly network: Network;
  /** The attach point for on-premises networks. */
  public readonly hybrid: HybridConnectivity;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    const { network, availabilityZones, durability, hybrid } = props.config;
    this.network = new Network(this, 'Network', {
      availabilityZones,
      vpcCidr: network.vpcCidr,
      natGateways: network.natGateways,
      flowLogRetention: network.flowLogRetention,
      systemsManagerEndpoints: network.systemsManagerEndpoints,
      removalPolicy: durability.removalPolicy,
    });
    const { directConnect, vpn } = hybrid;
    this.hybrid = new HybridConnectivity(this, 'Hybrid', {
      network: this.network,
      amazonSideAsn: hybrid.amazonSideAsn,
      directConnect: directConnect && {
        location: directConnect.location,
        bandwidth: directConnect.bandwidth,
        vlan: directConnect.vlan,
        customerAsn: directConnect.customerAsn,
      },
      vpn: vpn && { customerGatewayIp: vpn.customerGatewayIp, customerGatewayAsn: vpn.customerGatewayAsn },
    });
  }
}
