import { StageModel } from './assembly';
import { Graph, GraphEdge, GraphGroup, GraphItem, GraphNode, groupByRegion } from './graph';
import { idFor, IdAllocator, tagValue } from './naming';
import { asArray, asObject, literal, Located, prop, StageIndex } from './references';

/**
 * The network of a stage, from its templates: a group per VPC, inside it a group per availability zone (the
 * `AvailabilityZone` of the actual subnets, so the diagram shows the AZs the stage really uses), and per AZ one node
 * per subnet tier (the `aws-cdk:subnet-name` / `aws-cdk:subnet-type` tags the CDK writes) listing what lives in that
 * subnet: every resource whose properties reference the subnet, directly or through a subnet group (NAT gateways,
 * load balancers, Auto Scaling groups, Fargate services, Lambda functions, interface endpoints, databases, …),
 * narrowed to the AZs the resource itself names (a cache's preferred AZs, a DocumentDB instance's AZ). Routes
 * connect a tier to the internet gateway or to the NAT gateway it uses; gateway endpoints, flow logs and hybrid
 * gateways hang off the VPC.
 */

const SUBNET = 'AWS::EC2::Subnet';
const SUBNET_GROUP_TYPES = ['AWS::RDS::DBSubnetGroup', 'AWS::DocDB::DBSubnetGroup', 'AWS::ElastiCache::SubnetGroup', 'AWS::Neptune::DBSubnetGroup'];
/** Resources that reference subnets as plumbing, not as a place to run. */
const NOT_PLACED = new Set([SUBNET, 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::Route', ...SUBNET_GROUP_TYPES]);
/** Member resources that name the AZ of their cluster's nodes. */
const MEMBER_TYPES = ['AWS::DocDB::DBInstance', 'AWS::RDS::DBInstance', 'AWS::Neptune::DBInstance'];
const TIER_ORDER = ['Public', 'Private', 'Isolated'];

interface Subnet {
  readonly located: Located;
  readonly az: string;
  readonly tier: string;
  readonly type: string;
  readonly cidr: string;
}

/** An AZ's short label for ids: `ap-northeast-2a` → `2a`. */
const azSuffix = (az: string) => az.split('-').pop() ?? az;

function subnetsOf(index: StageIndex): Subnet[] {
  return index.ofType(SUBNET).map((located) => {
    const type = tagValue(located, 'aws-cdk:subnet-type') ?? 'Subnet';
    return {
      located,
      az: literal(prop(located, 'AvailabilityZone')) ?? 'AZ chosen at deploy',
      tier: tagValue(located, 'aws-cdk:subnet-name') ?? type,
      type,
      cidr: literal(prop(located, 'CidrBlock')) ?? '',
    };
  });
}

function tierLabel(subnet: Subnet): string {
  const kind = subnet.type === 'Private' ? 'private, egress via NAT' : subnet.type.toLowerCase();
  return subnet.tier.toLowerCase() === subnet.type.toLowerCase() ? `${subnet.tier} · ${subnet.cidr}` : `${subnet.tier} (${kind}) · ${subnet.cidr}`;
}

/** The AZs a resource narrows itself to, or undefined when it may run in any AZ of its subnets. */
function ownAzs(index: StageIndex, located: Located): string[] | undefined {
  const own = [prop(located, 'AvailabilityZone'), ...asArray(prop(located, 'PreferredCacheClusterAZs')), ...asArray(prop(located, 'AvailabilityZones'))]
    .map(literal)
    .filter((az): az is string => az !== undefined);
  const members = index
    .referrers(located, MEMBER_TYPES)
    .map((member) => literal(prop(member, 'AvailabilityZone')))
    .filter((az): az is string => az !== undefined);
  const azs = [...new Set([...own, ...members])];
  return azs.length > 0 ? azs : undefined;
}

/** The order placed resources are listed in a subnet: the request's way in, compute, then data. */
const PLACEMENT_ORDER = [
  'AWS::EC2::NatGateway',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticBeanstalk::Environment',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::EC2::Instance',
  'AWS::ECS::Service',
  'AWS::Lambda::Function',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::DocDB::DBCluster',
  'AWS::EC2::VPCEndpoint',
];
const placementRank = (type: string) => (PLACEMENT_ORDER.includes(type) ? PLACEMENT_ORDER.indexOf(type) : PLACEMENT_ORDER.length);

/** What a placed resource is in a subnet, in a few words. */
function placedLabel(index: StageIndex, located: Located, subnet: Located): string {
  const p = (name: string) => literal(prop(located, name));
  switch (located.resource.Type) {
    case 'AWS::EC2::NatGateway':
      return 'NAT gateway';
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return `${p('Type') === 'network' ? 'NLB' : 'ALB'} (${p('Scheme') ?? 'internet-facing'})`;
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const types = index.refsOf(located, 'LaunchTemplate', ['AWS::EC2::LaunchTemplate']).map((t) => literal((prop(t, 'LaunchTemplateData') as Record<string, unknown> | undefined)?.InstanceType));
      return `Auto Scaling group${types[0] ? ` (${types[0]})` : ''}`;
    }
    case 'AWS::ECS::Service':
      return `ECS ${p('LaunchType') === 'FARGATE' ? 'Fargate ' : ''}service`;
    case 'AWS::Lambda::Function':
      return 'Lambda function';
    case 'AWS::RDS::DBInstance':
      return `RDS ${p('Engine') ?? 'database'} (${p('MultiAZ') === 'true' ? 'Multi-AZ: primary or standby' : 'single-AZ: in one of these AZs'})`;
    case 'AWS::RDS::DBCluster':
      return `RDS ${p('Engine') ?? ''} cluster`.replace('  ', ' ');
    case 'AWS::ElastiCache::ReplicationGroup':
    case 'AWS::ElastiCache::CacheCluster':
      return `ElastiCache ${p('Engine') ?? ''} node`.replace('  ', ' ');
    case 'AWS::DocDB::DBCluster':
      return 'DocumentDB instance';
    case 'AWS::ElasticBeanstalk::Environment': {
      // The environment's own load balancer goes to `ELBSubnets`, its instances to `Subnets`.
      const options = asArray(prop(located, 'OptionSettings')).map(asObject);
      const inLoadBalancerSubnets = options.some((o) => o?.OptionName === 'ELBSubnets' && index.references(located.stack, o.Value, subnet));
      return `Elastic Beanstalk ${inLoadBalancerSubnets ? 'load balancer' : 'instances'}`;
    }
    case 'AWS::SecretsManager::RotationSchedule':
      return 'Secrets Manager rotation function';
    case 'AWS::EC2::VPCEndpoint':
      return `${endpointService(located)} endpoint`;
    default:
      return located.resource.Type.replace(/^AWS::/, '').replace('::', ' ');
  }
}

/** `com.amazonaws.ap-northeast-2.ssm` (or the CDK's `Fn::Join` of it) → `ssm`. */
function endpointService(located: Located): string {
  const name = prop(located, 'ServiceName');
  const text = typeof name === 'string' ? name : JSON.stringify(name ?? '');
  return text.match(/\.([a-z0-9-]+)["\]}]*$/)?.[1] ?? 'VPC';
}

/** The lines a subnet node lists: placed resources, interface endpoints merged into one line. */
function placementLines(labels: string[]): string[] {
  const endpoints = labels.filter((l) => l.endsWith(' endpoint')).map((l) => l.replace(/ endpoint$/, ''));
  const others = [...new Set(labels.filter((l) => !l.endsWith(' endpoint')))];
  return [...others.map((l) => `• ${l}`), ...(endpoints.length > 0 ? [`• interface endpoints: ${[...new Set(endpoints)].sort().join(', ')}`] : [])];
}

/** The network view of a stage. */
export function networkGraph(stage: StageModel): Graph {
  const index = new StageIndex(stage);
  const ids = new IdAllocator();
  const subnets = subnetsOf(index);
  const subnetByKey = new Map(subnets.map((s) => [s.located.key, s]));
  const tierRank = (s: Subnet) => {
    const rank = TIER_ORDER.indexOf(s.type);
    return rank === -1 ? TIER_ORDER.length : rank;
  };

  // What lives in each subnet.
  const placed = new Map<string, { rank: number; label: string }[]>(subnets.map((s) => [s.located.key, []]));
  for (const located of index.all()) {
    if (NOT_PLACED.has(located.resource.Type)) continue;
    const direct = index.refsOf(located, undefined, [SUBNET]);
    const viaGroups = index.refsOf(located, undefined, SUBNET_GROUP_TYPES).flatMap((group) => index.refsOf(group, undefined, [SUBNET]));
    const inSubnets = [...new Map([...direct, ...viaGroups].map((s) => [s.key, s])).values()];
    if (inSubnets.length === 0) continue;
    const azs = ownAzs(index, located);
    for (const subnet of inSubnets) {
      if (!azs || azs.includes(subnetByKey.get(subnet.key)!.az)) placed.get(subnet.key)!.push({ rank: placementRank(located.resource.Type), label: placedLabel(index, located, subnet) });
    }
  }
  for (const list of placed.values()) list.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));

  // Route tables → subnets, to draw the routes a tier uses.
  const subnetsOfRouteTable = new Map<string, Subnet[]>();
  for (const association of index.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const [table] = index.refsOf(association, 'RouteTableId');
    for (const subnet of index.refsOf(association, 'SubnetId', [SUBNET])) {
      if (table) subnetsOfRouteTable.set(table.key, [...(subnetsOfRouteTable.get(table.key) ?? []), subnetByKey.get(subnet.key)!]);
    }
  }
  const tiersOfRouteTables = (tables: Located[]) => [...new Set(tables.flatMap((t) => subnetsOfRouteTable.get(t.key) ?? []).sort((a, b) => tierRank(a) - tierRank(b)).map((s) => s.tier))];

  const nodeIdOf = new Map<string, string>();
  // Every item with the region of the stack that holds its resource: the diagram groups them by region.
  const items: { region?: string; item: GraphItem }[] = [];
  const edges: GraphEdge[] = [];

  // Gateways outside the VPC, above it.
  for (const igw of index.ofType('AWS::EC2::InternetGateway')) {
    const id = ids.next('igw');
    nodeIdOf.set(igw.key, id);
    items.push({ region: igw.stack.region, item: { type: 'node', id, lines: ['Internet gateway'], shape: 'stadium', role: 'internet-gateway', resources: [igw.key] } });
  }

  // One group per VPC, one per AZ inside it, one node per subnet inside that.
  for (const vpc of index.ofType('AWS::EC2::VPC')) {
    const vpcId = ids.next('vpc');
    nodeIdOf.set(vpc.key, vpcId);
    const inVpc = subnets.filter((s) => index.refsOf(s.located, 'VpcId').some((l) => l.key === vpc.key));
    const azs = [...new Set(inVpc.map((s) => s.az))].sort();
    const azGroups: GraphGroup[] = azs.map((az) => {
      const tiers = inVpc.filter((s) => s.az === az).sort((a, b) => tierRank(a) - tierRank(b) || a.tier.localeCompare(b.tier));
      const nodes: GraphNode[] = tiers.map((subnet) => {
        const id = ids.next(idFor('az', azSuffix(az), subnet.tier));
        nodeIdOf.set(subnet.located.key, id);
        return { type: 'node', id, lines: [tierLabel(subnet), ...placementLines(placed.get(subnet.located.key)!.map((p) => p.label))], role: `subnet:${subnet.type}`, resources: [subnet.located.key] };
      });
      // Keeps the tiers of an AZ in order (public on top) whatever the routes between them.
      for (let i = 1; i < nodes.length; i++) edges.push({ from: nodes[i - 1].id, to: nodes[i].id, style: 'invisible' });
      return { type: 'group', id: ids.next(idFor('az', azSuffix(az))), label: az, direction: 'TB', children: nodes, role: 'availability-zone' };
    });
    items.push({ region: vpc.stack.region, item: { type: 'group', id: vpcId, label: `VPC ${literal(prop(vpc, 'CidrBlock')) ?? ''}`.trim(), direction: 'LR', children: azGroups, role: 'vpc' } });
  }

  // Routes: a tier's default route to the internet gateway, or to the NAT gateway in some public subnet.
  const routeEdges = new Map<string, GraphEdge>();
  for (const route of index.ofType('AWS::EC2::Route')) {
    const destination = literal(prop(route, 'DestinationCidrBlock')) ?? literal(prop(route, 'DestinationIpv6CidrBlock')) ?? 'prefix list';
    const fromSubnets = index.refsOf(route, 'RouteTableId').flatMap((t) => subnetsOfRouteTable.get(t.key) ?? []);
    const igw = index.refsOf(route, 'GatewayId', ['AWS::EC2::InternetGateway'])[0];
    const nat = index.refsOf(route, 'NatGatewayId', ['AWS::EC2::NatGateway'])[0];
    const natSubnet = nat ? index.refsOf(nat, 'SubnetId', [SUBNET])[0] : undefined;
    const target = igw ? nodeIdOf.get(igw.key) : natSubnet ? nodeIdOf.get(natSubnet.key) : undefined;
    if (!target) continue;
    for (const subnet of fromSubnets) {
      const from = nodeIdOf.get(subnet.located.key)!;
      // Upstream first, so the layout ranks the internet side above the tiers that route to it.
      routeEdges.set(`${target}>${from}`, { from: target, to: from, label: nat ? `${destination} via NAT` : destination, directed: false });
    }
  }
  edges.push(...routeEdges.values());

  // Hanging off the VPC: gateway endpoints, flow logs, hybrid gateways.
  const vpcNode = (located: Located, property: string) => index.refsOf(located, property, ['AWS::EC2::VPC']).map((v) => nodeIdOf.get(v.key)).find((id) => id !== undefined);
  for (const endpoint of index.ofType('AWS::EC2::VPCEndpoint')) {
    const type = literal(prop(endpoint, 'VpcEndpointType')) ?? 'Gateway';
    const vpc = vpcNode(endpoint, 'VpcId');
    if (type !== 'Gateway' || !vpc) continue;
    const id = ids.next(idFor('endpoint', endpointService(endpoint)));
    const tiers = tiersOfRouteTables(index.refsOf(endpoint, 'RouteTableIds'));
    items.push({ region: endpoint.stack.region, item: { type: 'node', id, lines: [`${endpointService(endpoint)} gateway endpoint`, ...(tiers.length > 0 ? [`in the route tables of: ${tiers.join(', ')}`] : [])], shape: 'stadium', role: 'gateway-endpoint', resources: [endpoint.key] } });
    edges.push({ from: vpc, to: id, style: 'dotted', directed: false });
  }
  for (const flowLog of index.ofType('AWS::EC2::FlowLog')) {
    const vpc = vpcNode(flowLog, 'ResourceId');
    if (!vpc) continue;
    const id = ids.next('flow_log');
    const destination = literal(prop(flowLog, 'LogDestinationType')) === 's3' ? 'S3' : 'CloudWatch Logs';
    const retention = index.refsOf(flowLog, 'LogGroupName', ['AWS::Logs::LogGroup']).map((g) => literal(prop(g, 'RetentionInDays')))[0];
    items.push({ region: flowLog.stack.region, item: {
      type: 'node',
      id,
      lines: [`Flow log: ${literal(prop(flowLog, 'TrafficType')) ?? 'ALL'} traffic`, `to ${destination}${retention ? `, kept ${retention} days` : ''}`],
      shape: 'stadium',
      role: 'flow-log',
      resources: [flowLog.key],
    } });
    edges.push({ from: vpc, to: id, style: 'dotted', directed: false });
  }
  for (const vgw of index.ofType('AWS::EC2::VPNGateway')) {
    const attachment = index.referrers(vgw, ['AWS::EC2::VPCGatewayAttachment']).map((a) => vpcNode(a, 'VpcId')).find((id) => id !== undefined);
    const propagated = tiersOfRouteTables(index.referrers(vgw, ['AWS::EC2::VPNGatewayRoutePropagation']).flatMap((p) => index.refsOf(p, 'RouteTableIds')));
    const id = ids.next('vgw');
    nodeIdOf.set(vgw.key, id);
    const asn = literal(prop(vgw, 'AmazonSideAsn'));
    items.push({ region: vgw.stack.region, item: {
      type: 'node',
      id,
      lines: [`Virtual private gateway${asn ? ` (ASN ${asn})` : ''}`, ...(propagated.length > 0 ? [`routes propagated to: ${propagated.join(', ')}`] : [])],
      shape: 'stadium',
      role: 'virtual-private-gateway',
      resources: [vgw.key],
    } });
    if (attachment) edges.push({ from: id, to: attachment, label: 'attached', directed: false });
  }
  for (const dxgw of index.ofType('AWS::DirectConnect::DirectConnectGateway')) {
    const id = ids.next('dx_gateway');
    items.push({ region: dxgw.stack.region, item: { type: 'node', id, lines: ['Direct Connect gateway'], shape: 'stadium', role: 'direct-connect-gateway', resources: [dxgw.key] } });
    for (const association of index.referrers(dxgw, ['AWS::DirectConnect::DirectConnectGatewayAssociation'])) {
      for (const gateway of index.refsOf(association, 'AssociatedGatewayId')) {
        const to = nodeIdOf.get(gateway.key);
        if (to) edges.push({ from: id, to, label: 'associated', directed: false });
      }
    }
  }
  for (const vpn of index.ofType('AWS::EC2::VPNConnection')) {
    const id = ids.next('vpn');
    items.push({ region: vpn.stack.region, item: { type: 'node', id, lines: ['Site-to-Site VPN'], shape: 'stadium', role: 'vpn', resources: [vpn.key] } });
    const vgw = index.refsOf(vpn, 'VpnGatewayId')[0];
    if (vgw && nodeIdOf.has(vgw.key)) edges.push({ from: id, to: nodeIdOf.get(vgw.key)!, label: 'IPsec tunnels', directed: false });
  }

  return { direction: 'TB', items: groupByRegion(stage.regions, items), edges };
}
