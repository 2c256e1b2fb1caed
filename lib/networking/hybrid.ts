import { Stack } from 'aws-cdk-lib';
import * as directconnect from 'aws-cdk-lib/aws-directconnect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { parseIpv4Cidr } from '../shared/ipv4';
import { requireInteger, requirePattern, requireThat } from '../shared/validate';
import { Network } from './network';

/** Private BGP ASN ranges (RFC 6996), which the Amazon side of a gateway must use. */
const PRIVATE_ASNS: readonly [number, number][] = [
  [64512, 65534],
  [4200000000, 4294967294],
];
const isPrivateAsn = (asn: number) => PRIVATE_ASNS.some(([from, to]) => asn >= from && asn <= to);

/**
 * Address ranges that are not a reachable public IPv4 address: RFC 1918, loopback, link-local, CGNAT, benchmarking,
 * multicast and reserved, and the documentation ranges (RFC 5737), where no router of yours can be.
 */
const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
];

/** Whether an IPv4 address lies in a CIDR block. */
function inCidr(ip: string, cidr: string): boolean {
  const address = parseIpv4Cidr(`${ip}/32`);
  const block = parseIpv4Cidr(cidr);
  if (!address || !block) return false;
  const size = 2 ** (32 - block.prefix);
  return Math.floor(address.base / size) === Math.floor(block.base / size);
}

/** The port speeds of a dedicated Direct Connect connection. */
export const DIRECT_CONNECT_BANDWIDTHS = ['1Gbps', '10Gbps', '100Gbps', '400Gbps'] as const;

/** A port speed of a dedicated Direct Connect connection. */
export type DirectConnectBandwidth = (typeof DIRECT_CONNECT_BANDWIDTHS)[number];

/** The dedicated Direct Connect connection and its private virtual interface. */
export interface DirectConnectProps {
  /** Direct Connect location code, e.g. `KINX1` (Seoul). */
  readonly location: string;
  /** Port speed of the dedicated connection: one of `DIRECT_CONNECT_BANDWIDTHS` (checked at synth). */
  readonly bandwidth: string;
  /** VLAN of the private virtual interface: 1 to 4094. */
  readonly vlan: number;
  /** BGP ASN of the customer router: 1 to 4294967294 (usually private: 64512-65534 or 4200000000-4294967294), not the Amazon side ASN. */
  readonly customerAsn: number;
}

/** A Site-to-Site VPN to a customer gateway. */
export interface SiteToSiteVpnProps {
  /** Public IPv4 address of the customer gateway device. */
  readonly customerGatewayIp: string;
  /** BGP ASN of the customer gateway: 1 to 2147483647, not the Amazon side ASN. */
  readonly customerGatewayAsn: number;
}

/** Properties of `HybridConnectivity`. */
export interface HybridConnectivityProps {
  /** The network whose application and isolated route tables learn the on-premises routes. */
  readonly network: Network;
  /** BGP ASN of the Amazon side (virtual private gateway, Direct Connect gateway): a private ASN. */
  readonly amazonSideAsn: number;
  /**
   * The dedicated connection and a private virtual interface on it. The connection stays `requested` until a
   * cross-connect is ordered, and is billed from then: leave it off until the circuit is on its way.
   *
   * @default - none: only the attach point (gateways) exists
   */
  readonly directConnect?: DirectConnectProps;
  /**
   * A Site-to-Site VPN to a customer gateway, the usual backup of Direct Connect.
   *
   * @default - none
   */
  readonly vpn?: SiteToSiteVpnProps;
}

/**
 * The study's hybrid connectivity: the VPC's attach point for an on-premises network.
 *
 * - A virtual private gateway attached to the VPC, propagating the routes it learns into the application and
 *   isolated route tables (the public tier keeps its internet route only).
 * - A Direct Connect gateway (`AWS::DirectConnect::DirectConnectGateway`, L1: aws-cdk-lib has no Direct Connect L2)
 *   associated with the virtual private gateway: one Direct Connect gateway can serve VPCs in many regions.
 * - Optionally the dedicated connection and a private virtual interface on it. What happens by hand: AWS provisions
 *   a port and issues a Letter of Authorization (LOA-CFA); you (or your provider) order the cross-connect at the
 *   location with it; the connection stays `requested`/`ordering` until the cross-connect is up, and the port is
 *   billed from then (or 90 days after the request). That is why it is off unless configured.
 * - Optionally a Site-to-Site VPN (two IPsec tunnels, BGP) to a customer gateway: the usual backup path, up in
 *   minutes over the internet.
 */
export class HybridConnectivity extends Construct {
  /** The virtual private gateway. */
  public readonly vpnGateway: ec2.CfnVPNGateway;
  /** The Direct Connect gateway. */
  public readonly directConnectGateway: directconnect.CfnDirectConnectGateway;
  /** The dedicated connection, if configured. */
  public readonly connection?: directconnect.CfnConnection;
  /** The VPN connection, if configured. */
  public readonly vpnConnection?: ec2.CfnVPNConnection;

  constructor(scope: Construct, id: string, props: HybridConnectivityProps) {
    super(scope, id);
    const owner = 'HybridConnectivity';
    requireThat(
      Number.isInteger(props.amazonSideAsn) && isPrivateAsn(props.amazonSideAsn),
      owner,
      `amazonSideAsn must be a private BGP ASN (64512-65534 or 4200000000-4294967294), got ${props.amazonSideAsn}`,
    );
    if (props.directConnect) validateDirectConnect(props.directConnect, props.amazonSideAsn);
    if (props.vpn) validateVpn(props.vpn, props.amazonSideAsn);
    const { network } = props;
    const stackName = Stack.of(this).stackName;

    // L1: the VPC L2 creates a VPN gateway only from inside `new Vpc()`; here it is a part of its own.
    this.vpnGateway = new ec2.CfnVPNGateway(this, 'VpnGateway', { type: 'ipsec.1', amazonSideAsn: props.amazonSideAsn });
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'Attachment', { vpcId: network.vpc.vpcId, vpnGatewayId: this.vpnGateway.ref });
    const routeTables = [network.applicationSubnets, network.isolatedSubnets].flatMap((selection) =>
      network.vpc.selectSubnets(selection).subnets.map((subnet) => subnet.routeTable.routeTableId),
    );
    const propagation = new ec2.CfnVPNGatewayRoutePropagation(this, 'RoutePropagation', {
      routeTableIds: [...new Set(routeTables)],
      vpnGatewayId: this.vpnGateway.ref,
    });
    propagation.addResourceDependency(attachment);

    this.directConnectGateway = new directconnect.CfnDirectConnectGateway(this, 'DirectConnectGateway', {
      directConnectGatewayName: `${stackName}-gateway`,
      amazonSideAsn: String(props.amazonSideAsn),
    });
    new directconnect.CfnDirectConnectGatewayAssociation(this, 'DirectConnectGatewayAssociation', {
      directConnectGatewayId: this.directConnectGateway.attrDirectConnectGatewayId,
      associatedGatewayId: this.vpnGateway.ref,
      allowedPrefixesToDirectConnectGateway: [network.vpc.vpcCidrBlock],
    }).addResourceDependency(attachment);

    if (props.directConnect) {
      this.connection = new directconnect.CfnConnection(this, 'Connection', {
        connectionName: `${stackName}-connection`,
        location: props.directConnect.location,
        bandwidth: props.directConnect.bandwidth,
      });
      new directconnect.CfnPrivateVirtualInterface(this, 'PrivateVirtualInterface', {
        virtualInterfaceName: `${stackName}-private`,
        connectionId: this.connection.attrConnectionId,
        vlan: props.directConnect.vlan,
        directConnectGatewayId: this.directConnectGateway.attrDirectConnectGatewayId,
        bgpPeers: [{ addressFamily: 'ipv4', asn: String(props.directConnect.customerAsn) }],
      });
    }

    if (props.vpn) {
      const customerGateway = new ec2.CfnCustomerGateway(this, 'CustomerGateway', {
        type: 'ipsec.1',
        ipAddress: props.vpn.customerGatewayIp,
        bgpAsn: props.vpn.customerGatewayAsn,
      });
      this.vpnConnection = new ec2.CfnVPNConnection(this, 'VpnConnection', {
        type: 'ipsec.1',
        customerGatewayId: customerGateway.ref,
        vpnGatewayId: this.vpnGateway.ref,
        staticRoutesOnly: false, // BGP: routes follow the tunnels that are up
      });
      this.vpnConnection.addResourceDependency(attachment);
    }
  }
}

function validateDirectConnect(dx: DirectConnectProps, amazonSideAsn: number): void {
  const owner = 'HybridConnectivity';
  requirePattern(owner, 'directConnect.location', dx.location, /^[A-Za-z0-9]{3,16}$/, 'a Direct Connect location code such as KINX1');
  requireThat(
    (DIRECT_CONNECT_BANDWIDTHS as readonly string[]).includes(dx.bandwidth),
    owner,
    `directConnect.bandwidth must be one of ${DIRECT_CONNECT_BANDWIDTHS.join(', ')} (dedicated port speeds), got '${dx.bandwidth}'`,
  );
  requireInteger(owner, 'directConnect.vlan', dx.vlan, 1, 4094, '802.1Q VLAN ids');
  requireThat(
    Number.isInteger(dx.customerAsn) && dx.customerAsn >= 1 && dx.customerAsn <= 4294967294 && dx.customerAsn !== amazonSideAsn,
    owner,
    `directConnect.customerAsn must be a BGP ASN from 1 to 4294967294 other than the Amazon side ASN ${amazonSideAsn}, got ${dx.customerAsn}`,
  );
}

function validateVpn(vpn: SiteToSiteVpnProps, amazonSideAsn: number): void {
  const owner = 'HybridConnectivity';
  requirePattern(owner, 'vpn.customerGatewayIp', vpn.customerGatewayIp, /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'an IPv4 address such as 203.0.113.10');
  requireThat(
    parseIpv4Cidr(`${vpn.customerGatewayIp}/32`) !== undefined && !NON_PUBLIC.some((cidr) => inCidr(vpn.customerGatewayIp, cidr)),
    owner,
    `vpn.customerGatewayIp must be a public IPv4 address (the customer gateway is reached over the internet; not ${NON_PUBLIC.join(', ')}), got '${vpn.customerGatewayIp}'`,
  );
  requireThat(
    Number.isInteger(vpn.customerGatewayAsn) && vpn.customerGatewayAsn >= 1 && vpn.customerGatewayAsn <= 2147483647 && vpn.customerGatewayAsn !== amazonSideAsn,
    owner,
    `vpn.customerGatewayAsn must be a BGP ASN from 1 to 2147483647 other than the Amazon side ASN ${amazonSideAsn}, got ${vpn.customerGatewayAsn}`,
  );
}
