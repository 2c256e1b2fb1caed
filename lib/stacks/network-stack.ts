import { Construct } from 'constructs';
import { HybridConnectivity } from '../networking/hybrid';
import { Network } from '../networking/network';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** The network of the stage's region (the primary's, or the standby's with `placement: 'standby'`): VPC, subnet tiers, NACLs, security groups, endpoints, flow logs and hybrid connectivity. */
export class NetworkStack extends AtlasStack {
  /** The network, passed by props to every stack that places resources in it. */
  public readonly network: Network;
  /** The attach point for on-premises networks (the primary region's only). */
  public readonly hybrid?: HybridConnectivity;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    const { durability, hybrid } = props.config;
    const network = this.placement === 'standby' ? props.config.standby!.network : props.config.network;
    this.network = new Network(this, 'Network', {
      availabilityZones: this.availabilityZones,
      vpcCidr: network.vpcCidr,
      natGateways: network.natGateways,
      flowLogRetention: network.flowLogRetention,
      systemsManagerEndpoints: network.systemsManagerEndpoints,
      removalPolicy: durability.removalPolicy,
    });
    // On-premises networks attach in the primary region only (one path per site; hybrid traffic fails over with it).
    if (this.placement === 'standby') return;
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
