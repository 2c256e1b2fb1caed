import { Template } from 'aws-cdk-lib/assertions';
import { PRESETS } from '../../lib/config';
import { HybridConnectivity, HybridConnectivityProps } from '../../lib/networking/hybrid';
import { stackTemplate } from '../support/assembly';
import { networkFixture } from '../support/fixtures';
import { expectProperties, logicalIdOf, referrersOf, refTarget, resourceAt, resourceOf } from '../support/select';

describe('HybridConnectivity', () => {
  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = stackTemplate(stage, 'Network');
    const azCount = PRESETS[stage].availabilityZones.length;
    const vpnGateway = () => resourceAt(stage, 'Network', 'Hybrid/VpnGateway', 'AWS::EC2::VPNGateway');

    test('a virtual private gateway with the Amazon side ASN, attached to the VPC', () => {
      const gateway = vpnGateway();
      expectProperties(gateway, { Type: 'ipsec.1', AmazonSideAsn: PRESETS[stage].hybrid.amazonSideAsn });
      template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 2); // the internet gateway's and this one
      const attachments = referrersOf(template, gateway, 'AWS::EC2::VPCGatewayAttachment', 'VpnGatewayId');
      expect(attachments).toHaveLength(1);
      refTarget(template, attachments[0].Properties.VpcId, 'AWS::EC2::VPC');
    });

    test('on-premises routes propagate into the application and isolated route tables only', () => {
      const propagations = referrersOf(template, vpnGateway(), 'AWS::EC2::VPNGatewayRoutePropagation', 'VpnGatewayId');
      expect(propagations).toHaveLength(1);
      const tables = (propagations[0].Properties.RouteTableIds as { Ref: string }[]).map((t) => t.Ref);
      expect(tables).toHaveLength(2 * azCount);
      expect(tables.every((t) => /(Application|Isolated)Subnet\d+RouteTable/.test(t))).toBe(true);
    });

    test('a Direct Connect gateway associated with the virtual private gateway, advertising the VPC CIDR', () => {
      const dxGateway = resourceAt(stage, 'Network', 'Hybrid/DirectConnectGateway', 'AWS::DirectConnect::DirectConnectGateway');
      expectProperties(dxGateway, { AmazonSideAsn: String(PRESETS[stage].hybrid.amazonSideAsn) });
      const associations = referrersOf(template, dxGateway, 'AWS::DirectConnect::DirectConnectGatewayAssociation', 'DirectConnectGatewayId');
      expect(associations).toHaveLength(1);
      const [association] = associations;
      expect(JSON.stringify(association.Properties.AssociatedGatewayId)).toMatch(/HybridVpnGateway/);
      expect(refTarget(template, association.Properties.AssociatedGatewayId).id).toBe(vpnGateway().id);
      expect(JSON.stringify(association.Properties.AllowedPrefixesToDirectConnectGateway)).toMatch(/CidrBlock/);
      // The CIDR block of the VPC the virtual private gateway is attached to.
      const [attachment] = referrersOf(template, vpnGateway(), 'AWS::EC2::VPCGatewayAttachment', 'VpnGatewayId');
      const vpc = refTarget(template, attachment.Properties.VpcId, 'AWS::EC2::VPC');
      expect(association.Properties.AllowedPrefixesToDirectConnectGateway).toEqual([{ 'Fn::GetAtt': [vpc.id, 'CidrBlock'] }]);
    });

    test('no Direct Connect connection in the presets: it needs a cross-connect ordered by hand', () => {
      template.resourceCountIs('AWS::DirectConnect::Connection', 0);
      template.resourceCountIs('AWS::DirectConnect::PrivateVirtualInterface', 0);
    });

    test(
      PRESETS[stage].hybrid.vpn
        ? 'a BGP Site-to-Site VPN to the configured customer gateway'
        : 'no VPN unless a customer gateway is configured (billed from creation, useless without your router)',
      () => {
        const vpn = PRESETS[stage].hybrid.vpn;
        template.resourceCountIs('AWS::EC2::VPNConnection', vpn ? 1 : 0);
        template.resourceCountIs('AWS::EC2::CustomerGateway', vpn ? 1 : 0);
        if (!vpn) return;
        const connection = resourceAt(stage, 'Network', 'Hybrid/VpnConnection', 'AWS::EC2::VPNConnection');
        expectProperties(connection, { Type: 'ipsec.1', StaticRoutesOnly: false });
        expect(refTarget(template, connection.Properties.VpnGatewayId).id).toBe(vpnGateway().id);
        const customerGateway = refTarget(template, connection.Properties.CustomerGatewayId, 'AWS::EC2::CustomerGateway');
        expectProperties(customerGateway, { Type: 'ipsec.1', IpAddress: vpn.customerGatewayIp, BgpAsn: vpn.customerGatewayAsn });
      },
    );
  });

  describe('props', () => {
    const build = (props: Partial<HybridConnectivityProps>) => {
      const { stack, network } = networkFixture();
      const hybrid = new HybridConnectivity(stack, 'Hybrid', { network, amazonSideAsn: 64512, ...props });
      return { template: Template.fromStack(stack), hybrid };
    };
    const directConnect = { location: 'KINX1', bandwidth: '10Gbps', vlan: 101, customerAsn: 65020 };

    test('with a customer gateway: a BGP Site-to-Site VPN to it', () => {
      const { template, hybrid } = build({ vpn: { customerGatewayIp: '1.2.3.4', customerGatewayAsn: 65010 } });
      const connection = resourceOf(template, hybrid.vpnConnection!, 'AWS::EC2::VPNConnection');
      expectProperties(connection, { Type: 'ipsec.1', StaticRoutesOnly: false });
      expect(refTarget(template, connection.Properties.VpnGatewayId).id).toBe(logicalIdOf(hybrid.vpnGateway));
      const customerGateway = refTarget(template, connection.Properties.CustomerGatewayId, 'AWS::EC2::CustomerGateway');
      expectProperties(customerGateway, { Type: 'ipsec.1', IpAddress: '1.2.3.4', BgpAsn: 65010 });
    });

    test('with a Direct Connect circuit: the dedicated connection and a private virtual interface on the gateway', () => {
      const { template, hybrid } = build({ directConnect });
      const connection = resourceOf(template, hybrid.connection!, 'AWS::DirectConnect::Connection');
      expectProperties(connection, { Location: 'KINX1', Bandwidth: '10Gbps' });
      // The virtual interface on this connection, attached to this construct's Direct Connect gateway.
      const interfaces = referrersOf(template, connection, 'AWS::DirectConnect::PrivateVirtualInterface', 'ConnectionId');
      expect(interfaces).toHaveLength(1);
      expectProperties(interfaces[0], { Vlan: 101, BgpPeers: [{ AddressFamily: 'ipv4', Asn: '65020' }] });
      expect(refTarget(template, interfaces[0].Properties.DirectConnectGatewayId).id).toBe(logicalIdOf(hybrid.directConnectGateway));
    });

    test.each<[string, Partial<HybridConnectivityProps>, RegExp]>([
      [
        'a public Amazon side ASN',
        { amazonSideAsn: 7224 },
        /HybridConnectivity amazonSideAsn must be a private BGP ASN \(64512-65534 or 4200000000-4294967294\), got 7224/,
      ],
      [
        'a private customer gateway address',
        { vpn: { customerGatewayIp: '10.1.2.3', customerGatewayAsn: 65010 } },
        /HybridConnectivity vpn\.customerGatewayIp must be a public IPv4 address.*got '10\.1\.2\.3'/,
      ],
      [
        'a documentation address (RFC 5737) for the customer gateway',
        { vpn: { customerGatewayIp: '203.0.113.10', customerGatewayAsn: 65010 } },
        /HybridConnectivity vpn\.customerGatewayIp must be a public IPv4 address.*got '203\.0\.113\.10'/,
      ],
      [
        'a customer gateway address that is not IPv4',
        { vpn: { customerGatewayIp: 'router.example.com', customerGatewayAsn: 65010 } },
        /HybridConnectivity vpn\.customerGatewayIp must be an IPv4 address such as 203\.0\.113\.10, got 'router\.example\.com'/,
      ],
      [
        'the customer ASN equal to the Amazon side',
        { vpn: { customerGatewayIp: '1.2.3.4', customerGatewayAsn: 64512 } },
        /HybridConnectivity vpn\.customerGatewayAsn must be a BGP ASN from 1 to 2147483647 other than the Amazon side ASN 64512, got 64512/,
      ],
      [
        'a VLAN outside 1-4094',
        { directConnect: { ...directConnect, vlan: 4095 } },
        /HybridConnectivity directConnect\.vlan must be a whole number from 1 to 4094 \(802\.1Q VLAN ids\), got 4095/,
      ],
      [
        'a port speed Direct Connect does not sell',
        { directConnect: { ...directConnect, bandwidth: '5Gbps' } },
        /HybridConnectivity directConnect\.bandwidth must be one of 1Gbps, 10Gbps, 100Gbps, 400Gbps.*got '5Gbps'/,
      ],
    ])('fails on %s', (_what, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
