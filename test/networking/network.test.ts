import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PRESETS, StageConfig, StageName } from '../../lib/config';
import { CACHE_PORT } from '../../lib/database/cache';
import { DOCUMENT_PORT } from '../../lib/database/document';
import { POSTGRES_PORT } from '../../lib/database/relational';
import { Network, RDP_PORT } from '../../lib/networking/network';
import { parseIpv4Cidr } from '../../lib/shared/ipv4';
import { unitTestApp } from '../support/app';
import { networkFixture } from '../support/fixtures';
import { logicalIdOf, resourcesOfType, text } from '../support/select';
import { stackTemplate } from '../support/assembly';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
const TIERS = ['Public', 'Application', 'Isolated'] as const;
type Tier = (typeof TIERS)[number];

interface AclEntry {
  acl: Tier;
  rule: number;
  direction: 'in' | 'out';
  cidr: string;
  ports: string;
}

/** Subnets of a template by tier (from the `aws-cdk:subnet-name` tag), with logical id, AZ and CIDR. */
function subnetsByTier(template: Template): Record<Tier, { id: string; az: string; cidr: string }[]> {
  const subnets = template.findResources('AWS::EC2::Subnet') as Resources;
  const result: Record<Tier, { id: string; az: string; cidr: string }[]> = { Public: [], Application: [], Isolated: [] };
  for (const [id, subnet] of Object.entries(subnets)) {
    const tags = subnet.Properties.Tags as { Key: string; Value: string }[];
    const tier = tags.find((t) => t.Key === 'aws-cdk:subnet-name')!.Value as Tier;
    result[tier].push({ id, az: subnet.Properties.AvailabilityZone as string, cidr: subnet.Properties.CidrBlock as string });
  }
  return result;
}

/** Every NACL entry of a template, readable: which tier's ACL, rule number, direction, CIDR and ports. */
function aclEntries(template: Template): AclEntry[] {
  const acls = template.findResources('AWS::EC2::NetworkAcl') as Resources;
  const tierOfAcl = (id: string): Tier => TIERS.find((t) => id.startsWith(`Network${t}Acl`))!;
  expect(Object.keys(acls).map(tierOfAcl).sort()).toEqual(['Application', 'Isolated', 'Public']);
  const entries = template.findResources('AWS::EC2::NetworkAclEntry') as Resources;
  return Object.values(entries).map((e) => {
    const p = e.Properties;
    expect(p.RuleAction).toBe('allow');
    expect(p.Protocol).toBe(6);
    const range = p.PortRange as { From: number; To: number };
    return {
      acl: tierOfAcl((p.NetworkAclId as { Ref: string }).Ref),
      rule: p.RuleNumber as number,
      direction: p.Egress ? 'out' : 'in',
      cidr: p.CidrBlock as string,
      ports: range.From === range.To ? `${range.From}` : `${range.From}-${range.To}`,
    };
  });
}

/**
 * The CIDRs of a tier's subnets, by AZ, as the VPC cuts its CIDR (CDK's even split): one equal block per subnet, the
 * largest power of two that fits (three tiers over two AZs of a /16: six /19s), allocated tier after tier.
 */
function subnetCidrs(config: StageConfig, tier: Tier): string[] {
  const vpc = parseIpv4Cidr(config.network.vpcCidr)!;
  const azs = config.availabilityZones.length;
  const prefix = 32 - Math.floor(Math.log2(2 ** (32 - vpc.prefix) / (TIERS.length * azs)));
  const first = TIERS.indexOf(tier) * azs;
  return config.availabilityZones.map((_, i) => {
    const base = vpc.base + (first + i) * 2 ** (32 - prefix);
    return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')}/${prefix}`;
  });
}

/** The tier whose subnet owns a route table (CDK names a subnet's route table after the subnet). */
function tierOfRouteTable(tiers: Record<Tier, { id: string }[]>, routeTableId: string): Tier | undefined {
  return TIERS.find((tier) => tiers[tier].some((s) => routeTableId.startsWith(s.id.replace(/Subnet[0-9A-F]{8}$/, 'RouteTable'))));
}

const sort = (entries: AclEntry[]) => [...entries].sort((a, b) => a.acl.localeCompare(b.acl) || a.direction.localeCompare(b.direction) || a.rule - b.rule);

describe('Network', () => {
  const templates: Record<StageName, Template> = {
    sandbox: stackTemplate('sandbox', 'Network'),
    production: stackTemplate('production', 'Network'),
  };

  describe.each(['sandbox', 'production'] as const)('%s stage', (stage) => {
    const template = templates[stage];
    const config = PRESETS[stage];
    const tiers = subnetsByTier(template);

    test('one VPC with the stage CIDR and DNS support', () => {
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.hasResourceProperties('AWS::EC2::VPC', {
        CidrBlock: config.network.vpcCidr,
        EnableDnsHostnames: true,
        EnableDnsSupport: true,
      });
    });

    test('every subnet tier has one subnet in every configured availability zone', () => {
      for (const tier of TIERS) {
        expect(tiers[tier].map((s) => s.az).sort()).toEqual([...config.availabilityZones].sort());
      }
      template.resourceCountIs('AWS::EC2::Subnet', 3 * config.availabilityZones.length);
    });

    test(`NAT gateways: ${config.network.natGateways}, in public subnets only`, () => {
      template.resourceCountIs('AWS::EC2::NatGateway', config.network.natGateways);
      const publicIds = tiers.Public.map((s) => s.id);
      for (const nat of Object.values(template.findResources('AWS::EC2::NatGateway') as Resources)) {
        expect(publicIds).toContain((nat.Properties.SubnetId as { Ref: string }).Ref);
      }
    });

    test('only public subnets route to the internet gateway; application subnets go out through NAT; isolated subnets have no default route', () => {
      const routes = Object.values(template.findResources('AWS::EC2::Route') as Resources).map((r) => r.Properties);
      const defaults = routes.filter((r) => r.DestinationCidrBlock === '0.0.0.0/0');
      expect(defaults.filter((r) => r.GatewayId)).toHaveLength(config.availabilityZones.length);
      expect(defaults.filter((r) => r.NatGatewayId)).toHaveLength(config.availabilityZones.length);
      for (const r of defaults) {
        const table = (r.RouteTableId as { Ref: string }).Ref;
        expect(tierOfRouteTable(tiers, table)).toBe(r.GatewayId ? 'Public' : 'Application');
      }
    });

    test('public subnets do not hand out public IPs on launch (only load balancers and NAT gateways live there)', () => {
      for (const s of tiers.Public) {
        template.hasResource('AWS::EC2::Subnet', { Properties: Match.objectLike({ CidrBlock: s.cidr, MapPublicIpOnLaunch: false }) });
      }
    });

    test('each network ACL is associated with exactly the subnets of its tier', () => {
      const associations = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation') as Resources).map((a) => ({
        acl: (a.Properties.NetworkAclId as { Ref: string }).Ref,
        subnet: (a.Properties.SubnetId as { Ref: string }).Ref,
      }));
      for (const tier of TIERS) {
        const subnets = associations.filter((a) => a.acl.startsWith(`Network${tier}Acl`)).map((a) => a.subnet);
        expect(subnets.sort()).toEqual(tiers[tier].map((s) => s.id).sort());
      }
    });

    test('a NACL is stateless: every admitted request has an explicit return rule on the ephemeral ports', () => {
      const entries = aclEntries(template);
      const covers = (outer: string, inner: string) => outer === '0.0.0.0/0' || outer === inner;
      // Returns from the internet come as two rules around the RDP port; every other return is one rule.
      const returnRanges = ['1024-65535', '1024-3388', '3390-65535'];
      const requests = entries.filter((e) => !returnRanges.includes(e.ports) && e.ports !== '0-65535');
      expect(requests.length).toBeGreaterThan(0);
      const returnsTo = (request: AclEntry) => {
        const returnDirection = request.direction === 'in' ? 'out' : 'in';
        return entries.filter((e) => e.acl === request.acl && e.direction === returnDirection && covers(e.cidr, request.cidr)).map((e) => e.ports);
      };
      const withoutReturn = requests.filter((request) => {
        const ports = returnsTo(request);
        return !(ports.includes('1024-65535') || (ports.includes('1024-3388') && ports.includes('3390-65535')));
      });
      expect(withoutReturn).toEqual([]);
    });

    test('no ACL admits SSH or RDP from the internet, not even inside the ephemeral return range', () => {
      const fromInternet = aclEntries(template).filter((e) => e.direction === 'in' && e.cidr === '0.0.0.0/0');
      expect(fromInternet.length).toBeGreaterThan(0);
      for (const entry of fromInternet) {
        const [from, to = from] = entry.ports.split('-').map(Number);
        for (const port of [22, RDP_PORT]) expect({ entry, admits: from <= port && port <= to }).toEqual({ entry, admits: false });
      }
    });

    test('nothing reaches the isolated tier from the internet: its ACL admits only the application and isolated tiers', () => {
      const allowed = new Set([...tiers.Application, ...tiers.Isolated].map((s) => s.cidr));
      const isolated = aclEntries(template).filter((e) => e.acl === 'Isolated');
      expect(isolated.length).toBeGreaterThan(0);
      for (const entry of isolated) expect(allowed.has(entry.cidr)).toBe(true);
    });

    test('security groups are chained by reference: internet → load balancer → application → data', () => {
      const groups = template.findResources('AWS::EC2::SecurityGroup') as Resources;
      const idOf = (prefix: string) => Object.keys(groups).find((k) => k.startsWith(prefix))!;
      const lb = idOf('NetworkLoadBalancerSecurityGroup');
      const app = idOf('NetworkApplicationSecurityGroup');
      const data = idOf('NetworkDataSecurityGroup');
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('Load balancer tier'),
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
          Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
        ],
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [app, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [lb, 'GroupId'] },
        FromPort: 8080,
        ToPort: 8080,
      });
      // Only the ports of the data stores this stage has: each store opens its own.
      const config = PRESETS[stage];
      const dataPorts = [POSTGRES_PORT, ...(config.cache ? [CACHE_PORT] : []), ...(config.document ? [DOCUMENT_PORT] : [])];
      for (const port of dataPorts) {
        template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          GroupId: { 'Fn::GetAtt': [data, 'GroupId'] },
          SourceSecurityGroupId: { 'Fn::GetAtt': [app, 'GroupId'] },
          FromPort: port,
          ToPort: port,
        });
      }
      const dataIngress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Resources)
        .map((r) => r.Properties)
        .filter((p) => JSON.stringify(p.GroupId) === JSON.stringify({ 'Fn::GetAtt': [data, 'GroupId'] }));
      expect(dataIngress.map((p) => p.SourceSecurityGroupId)).toEqual(dataIngress.map(() => ({ 'Fn::GetAtt': [app, 'GroupId'] })));
      expect(dataIngress.map((p) => p.FromPort).sort()).toEqual([...dataPorts].sort());
    });

    test('no security group other than the load balancer group admits 0.0.0.0/0', () => {
      const groups = template.findResources('AWS::EC2::SecurityGroup') as Resources;
      for (const [id, group] of Object.entries(groups)) {
        const open = ((group.Properties.SecurityGroupIngress ?? []) as { CidrIp?: string }[]).filter((r) => r.CidrIp === '0.0.0.0/0');
        if (!id.startsWith('NetworkLoadBalancerSecurityGroup')) expect({ id, open }).toEqual({ id, open: [] });
      }
      const standalone = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Resources);
      expect(standalone.filter((r) => r.Properties.CidrIp === '0.0.0.0/0')).toEqual([]);
    });

    test('flow logs of all traffic go to an encrypted log group with the stage retention', () => {
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
      });
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: config.network.flowLogRetention, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogsKey'), 'Arn'] } },
        DeletionPolicy: config.durability.removalPolicy === RemovalPolicy.RETAIN ? 'Retain' : 'Delete',
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    test('the flow log key admits only CloudWatch Logs of this region, for log groups of this account', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: `logs.${config.region}.amazonaws.com` },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    test('gateway endpoints for S3 and DynamoDB serve the application and isolated tiers', () => {
      const gateways = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }) as Resources);
      expect(gateways).toHaveLength(2);
      for (const g of gateways) {
        const refs = (g.Properties.RouteTableIds as { Ref: string }[]).map((r) => tierOfRouteTable(tiers, r.Ref));
        expect(refs.sort()).toEqual([...tiers.Application.map(() => 'Application'), ...tiers.Isolated.map(() => 'Isolated')]);
      }
      expect(JSON.stringify(gateways.map((g) => g.Properties.ServiceName))).toMatch(/\.s3".*\.dynamodb"|\.dynamodb".*\.s3"/);
    });
  });

  describe('sandbox network ACL rules, every one written out', () => {
    // The sandbox VPC CIDR split into equal blocks, one per subnet (for a /16 and two AZs: six /19s), in tier order.
    const pub = subnetCidrs(PRESETS.sandbox, 'Public');
    const app = subnetCidrs(PRESETS.sandbox, 'Application');
    const iso = subnetCidrs(PRESETS.sandbox, 'Isolated');
    const any = '0.0.0.0/0';
    const each = (acl: Tier, direction: 'in' | 'out', base: number, cidrs: string[], ports: string): AclEntry[] =>
      cidrs.map((cidr, i) => ({ acl, rule: base + i, direction, cidr, ports }));

    test('match the design table exactly (no more, no less)', () => {
      const expected: AclEntry[] = [
        { acl: 'Public', rule: 100, direction: 'in', cidr: any, ports: '80' },
        { acl: 'Public', rule: 110, direction: 'in', cidr: any, ports: '443' },
        { acl: 'Public', rule: 300, direction: 'in', cidr: any, ports: '1024-3388' },
        { acl: 'Public', rule: 310, direction: 'in', cidr: any, ports: '3390-65535' },
        { acl: 'Public', rule: 100, direction: 'out', cidr: any, ports: '443' },
        ...each('Public', 'out', 200, app, '8080'),
        { acl: 'Public', rule: 300, direction: 'out', cidr: any, ports: '1024-65535' },
        ...each('Application', 'in', 200, pub, '8080'),
        { acl: 'Application', rule: 300, direction: 'in', cidr: any, ports: '1024-3388' },
        { acl: 'Application', rule: 310, direction: 'in', cidr: any, ports: '3390-65535' },
        { acl: 'Application', rule: 100, direction: 'out', cidr: any, ports: '443' },
        // The sandbox's only data store is PostgreSQL: no cache or document database ports.
        ...each('Application', 'out', 200, iso, '5432'),
        ...each('Application', 'out', 300, pub, '1024-65535'),
        ...each('Isolated', 'in', 200, app, '5432'),
        ...each('Isolated', 'in', 400, iso, '0-65535'),
        ...each('Isolated', 'out', 300, app, '1024-65535'),
        ...each('Isolated', 'out', 400, iso, '0-65535'),
      ];
      expect(sort(aclEntries(templates.sandbox))).toEqual(sort(expected));
    });
  });

  describe('Systems Manager endpoints', () => {
    test('production has ssm, ssmmessages and ec2messages interface endpoints with private DNS in the application tier', () => {
      const template = templates.production;
      for (const service of ['ssm', 'ssmmessages', 'ec2messages']) {
        template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${PRESETS.production.region}.${service}`,
          PrivateDnsEnabled: true,
        });
      }
    });

    test('production endpoints admit HTTPS, and only HTTPS, from the whole VPC: private DNS sends every caller there (Beanstalk instances too)', () => {
      const resources = templates.production.toJSON().Resources as Resources;
      const endpoints = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint' && r.Properties.VpcEndpointType === 'Interface');
      expect(endpoints).toHaveLength(3);
      for (const endpoint of endpoints) {
        const [groupRef] = endpoint.Properties.SecurityGroupIds as { 'Fn::GetAtt': [string, string] }[];
        const group = resources[groupRef['Fn::GetAtt'][0]];
        expect(group.Properties.SecurityGroupIngress).toEqual([
          expect.objectContaining({ CidrIp: PRESETS.production.network.vpcCidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
        ]);
      }
    });

    test('production application ACL admits HTTPS to the endpoints between application subnets, with returns', () => {
      const entries = aclEntries(templates.production).filter((e) => e.acl === 'Application');
      expect(entries.filter((e) => e.direction === 'in' && e.ports === '443').map((e) => e.rule)).toEqual([250, 251, 252]);
      expect(entries.filter((e) => e.direction === 'out' && e.rule >= 350).map((e) => e.ports)).toEqual(['1024-65535', '1024-65535', '1024-65535']);
    });

    test('sandbox has no interface endpoints (they cost per hour per AZ)', () => {
      templates.sandbox.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 0);
    });
  });

  describe('construct props', () => {
    const build = (props: Partial<ConstructorParameters<typeof Network>[2]> = {}) => {
      const app = unitTestApp();
      const stack = new Stack(app, 'Test', { env: { region: 'ap-northeast-2' } });
      const network = new Network(stack, 'Network', {
        availabilityZones: ['ap-northeast-2a', 'ap-northeast-2b'],
        vpcCidr: '10.0.0.0/16',
        natGateways: 1,
        flowLogRetention: RetentionDays.ONE_WEEK,
        systemsManagerEndpoints: false,
        removalPolicy: RemovalPolicy.DESTROY,
        ...props,
      });
      return { network, template: Template.fromStack(stack) };
    };

    test('the app port is configurable and flows into the security group chain and the ACLs', () => {
      const { template } = build({ appPort: 3000 });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 3000, ToPort: 3000 });
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { RuleNumber: 200, Egress: false, PortRange: { From: 3000, To: 3000 } });
    });

    test('exposes the tier security groups and subnet selections for later constructs', () => {
      const { network } = build();
      expect(network.vpc.selectSubnets(network.isolatedSubnets).subnets).toHaveLength(2);
      expect(network.dataPorts).toEqual([]);
      expect(network.appPort).toBe(8080);
    });

    test('the data tier starts closed: no data port is open until a data store admits its own', () => {
      const { template } = build();
      const dataGroup = resourcesOfType(template, 'AWS::EC2::SecurityGroup').find((g) => /Data tier/.test(text(g.Properties.GroupDescription)));
      expect(dataGroup?.Properties.SecurityGroupIngress).toBeUndefined();
      expect(Object.keys(template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { FromPort: 5432 } }))).toEqual([]);
      expect(Object.keys(template.findResources('AWS::EC2::NetworkAclEntry', { Properties: { PortRange: { From: 5432, To: 5432 } } }))).toEqual([]);
    });

    test('a data store opens its own port from the application tier, in the security group and both NACLs', () => {
      const { stack, network } = networkFixture();
      network.admitDataPort(6379, 'ElastiCache');
      network.admitDataPort(6379, 'ElastiCache'); // idempotent: one rule per port
      const template = Template.fromStack(stack);
      expect(network.dataPorts).toEqual([6379]);
      const dataGroupId = logicalIdOf(network.dataSecurityGroup);
      const appGroupId = logicalIdOf(network.applicationSecurityGroup);
      const dataIngress = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress', { GroupId: { 'Fn::GetAtt': [dataGroupId, 'GroupId'] } });
      expect(dataIngress.map((r) => r.Properties)).toEqual([
        expect.objectContaining({ FromPort: 6379, ToPort: 6379, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [appGroupId, 'GroupId'] } }),
      ]);
      const entries = (egress: boolean) => resourcesOfType(template, 'AWS::EC2::NetworkAclEntry', { Egress: egress, PortRange: { From: 6379, To: 6379 } });
      // Application tier out to each isolated subnet, isolated tier in from each application subnet: 2 AZs each.
      expect(
        entries(true)
          .map((e) => e.Properties.RuleNumber)
          .sort(),
      ).toEqual([200, 201]);
      expect(
        entries(false)
          .map((e) => e.Properties.RuleNumber)
          .sort(),
      ).toEqual([200, 201]);
    });

    test('fails on an app port outside 1-65535', () => {
      expect(() => build({ appPort: 70000 })).toThrow('Network appPort must be a TCP port from 1 to 65535, got 70000');
    });

    test('fails on a data port outside 1-65535', () => {
      const { network } = networkFixture();
      expect(() => network.admitDataPort(0, 'PostgreSQL')).toThrow('Network data store port must be a TCP port from 1 to 65535, got 0');
    });
  });
});
