import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, HIPAA, inPacks, NIST, PCI } from '../compliance/acknowledge';
import { CDK_PROVIDER_OUTSIDE_VPC, GRANT_POLICY, PINNED_AVAILABILITY_ZONES } from '../compliance/common-exceptions';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { ValidationError } from '../shared/validate';

/** Ephemeral ports clients use for the return leg of a TCP connection (covers Linux, Windows and NAT gateways). */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/** Remote Desktop: inside the ephemeral range, but never admitted from the internet (Control Tower CT.EC2.PR.5). */
export const RDP_PORT = 3389;

/** Properties of a `Network`. */
export interface NetworkProps {
  /** Availability zones that every subnet tier spans (at least two; validated by the stage config). */
  readonly availabilityZones: readonly string[];
  /**
   * IPv4 CIDR of the VPC: RFC 1918 space, prefix /16 to /24. A VPC's primary CIDR cannot change after the VPC exists,
   * so choose one with room to grow.
   */
  readonly vpcCidr: string;
  /** NAT gateways in the public subnets: 0 (no egress) to one per AZ. One per AZ keeps egress alive when an AZ fails. */
  readonly natGateways: number;
  /** How long the VPC flow logs are kept in CloudWatch Logs. */
  readonly flowLogRetention: logs.RetentionDays;
  /**
   * Whether to create the Systems Manager interface endpoints (ssm, ssmmessages, ec2messages), so that instances in
   * the application tier are managed without SSH and without leaving the VPC.
   */
  readonly systemsManagerEndpoints: boolean;
  /** Removal policy of the flow log group and its key. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * TCP port the application tier listens on behind the load balancer.
   *
   * @default 8080
   */
  readonly appPort?: number;
}

/** A network ACL entry, written out so that a reader sees every rule with its number. */
interface AclRule {
  readonly ruleNumber: number;
  readonly direction: 'Ingress' | 'Egress';
  readonly cidr: string;
  readonly traffic: ec2.AclTraffic;
}

/**
 * The VPC chapter of the study: the largest unit of network isolation, scoped to one region, addressed from
 * RFC 1918 space, and isolated from every other VPC unless peered.
 *
 * - Three subnet tiers in every availability zone: public (load balancers, NAT gateways), application (private,
 *   egress through NAT), isolated (databases, no route to the internet at all).
 * - A security group per tier, chained: internet → load balancer (80/443) → application (app port) → data
 *   (the port of each data store that exists: each store opens its own with `admitDataPort`). Security groups are
 *   stateful: no return rules.
 * - A network ACL per tier with numbered rules. NACLs are stateless: every admitted request has an explicit rule
 *   for its return traffic on the ephemeral ports.
 * - Flow logs of all traffic to an encrypted log group; gateway endpoints for S3 and DynamoDB; optionally the
 *   Systems Manager interface endpoints so that instances are managed without SSH.
 */
export class Network extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** Public tier: load balancers and NAT gateways. */
  public readonly publicSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PUBLIC };
  /** Application tier: instances, containers and functions; egress through NAT. */
  public readonly applicationSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  /** Isolated tier: databases and caches; no route to or from the internet. */
  public readonly isolatedSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  /** Admits 80 and 443 from the internet; the only group with a 0.0.0.0/0 ingress rule. */
  public readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  /** Admits the app port from the load balancer group only. */
  public readonly applicationSecurityGroup: ec2.ISecurityGroup;
  /** Admits, from the application group only, the port of each data store that exists (`admitDataPort`). */
  public readonly dataSecurityGroup: ec2.ISecurityGroup;
  /** Network ACL of the public tier. */
  public readonly publicAcl: ec2.INetworkAcl;
  /** Network ACL of the application tier. */
  public readonly applicationAcl: ec2.INetworkAcl;
  /** Network ACL of the isolated tier. */
  public readonly isolatedAcl: ec2.INetworkAcl;
  /** Log group that receives the VPC flow logs. */
  public readonly flowLogGroup: logs.ILogGroup;
  /** Port the application tier listens on. */
  public readonly appPort: number;
  /** Ports the data tier serves, in the order the data stores opened them (`admitDataPort`). */
  public get dataPorts(): readonly number[] {
    return [...this.admittedDataPorts];
  }
  private readonly admittedDataPorts: number[] = [];
  private readonly applicationCidrs: string[];
  private readonly isolatedCidrs: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.appPort = props.appPort ?? 8080;
    requireTcpPort('appPort', this.appPort);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      natGatewaySubnets: this.publicSubnets,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      // The default security group admits all traffic between its members; nothing here uses it, so close it.
      restrictDefaultSecurityGroup: true,
    });
    this.vpc = vpc;
    acknowledge(vpc, PINNED_AVAILABILITY_ZONES);

    const flowLogs = new EncryptedLogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention,
      removalPolicy: props.removalPolicy,
    });
    this.flowLogGroup = flowLogs.logGroup;
    const flowLog = vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs.logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    acknowledge(flowLog, GRANT_POLICY);
    for (const subnet of vpc.publicSubnets) {
      acknowledge(subnet, {
        id: inPacks('VPCNoUnrestrictedRouteToIGW', NIST, HIPAA, PCI),
        reason:
          'The public tier exists to reach the internet: it holds only the internet-facing load balancer and the NAT gateways, and launches nothing with a public IP.',
      });
    }
    const restrictDefaultSgProvider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictDefaultSgProvider) acknowledge(restrictDefaultSgProvider, CDK_PROVIDER_OUTSIDE_VPC);

    // Gateway endpoints are free and keep S3 and DynamoDB traffic of the private tiers off the NAT gateways.
    const privateTiers = [this.applicationSubnets, this.isolatedSubnets];
    vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: privateTiers });
    vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: privateTiers });

    // Security groups: stateful, chained by reference, least privilege.
    const loadBalancerSg = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: 'Load balancer tier: HTTP and HTTPS from the internet',
      allowAllOutbound: false,
    });
    loadBalancerSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet (redirected to HTTPS)');
    loadBalancerSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    acknowledge(loadBalancerSg, {
      id: 'AwsSolutions-EC23',
      reason:
        'The internet-facing load balancer must admit HTTP and HTTPS from any address: ports 80 and 443 only, and it is the only security group with a 0.0.0.0/0 ingress rule.',
    });

    const applicationSg = new ec2.SecurityGroup(this, 'ApplicationSecurityGroup', {
      vpc,
      description: 'Application tier: the app port from the load balancer tier only',
      allowAllOutbound: false,
    });
    applicationSg.connections.allowFrom(loadBalancerSg, ec2.Port.tcp(this.appPort), 'App port from the load balancer tier');
    applicationSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and updates via NAT or endpoints');

    // Starts closed: each data store that exists opens its own port with admitDataPort.
    const dataSg = new ec2.SecurityGroup(this, 'DataSecurityGroup', {
      vpc,
      description: 'Data tier: the port of each data store from the application tier only',
      allowAllOutbound: false,
    });
    this.loadBalancerSecurityGroup = loadBalancerSg;
    this.applicationSecurityGroup = applicationSg;
    this.dataSecurityGroup = dataSg;

    if (props.systemsManagerEndpoints) {
      for (const [id, service] of [
        ['SsmEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM],
        ['SsmMessagesEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
        ['Ec2MessagesEndpoint', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
      ] as const) {
        const endpoint = vpc.addInterfaceEndpoint(id, { service, subnets: this.applicationSubnets, privateDnsEnabled: true, open: false });
        // Private DNS sends every caller in the VPC here (Beanstalk instances, with their own group, too), so every
        // address of the VPC may connect, on HTTPS only.
        endpoint.connections.allowDefaultPortFrom(ec2.Peer.ipv4(props.vpcCidr), 'HTTPS from the VPC (private DNS resolves the service here)');
      }
    }

    // Network ACLs: stateless, so each admitted request has an explicit rule for its return traffic.
    const cidrs = (selection: ec2.SubnetSelection) => vpc.selectSubnets(selection).subnets.map((s) => s.ipv4CidrBlock);
    const publicCidrs = cidrs(this.publicSubnets);
    const applicationCidrs = cidrs(this.applicationSubnets);
    const isolatedCidrs = cidrs(this.isolatedSubnets);
    this.applicationCidrs = applicationCidrs;
    this.isolatedCidrs = isolatedCidrs;
    const anywhere = '0.0.0.0/0';
    const ephemeral = ec2.AclTraffic.tcpPortRange(EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to);
    // Returns from the internet: the ephemeral range without the RDP port, as two rules (300 and 310). Linux clients
    // never use 3389 as a source port (32768-60999); a NAT gateway might, for one connection in 64 000, which then
    // retries on another port. Admitting 3389 from 0.0.0.0/0 would be the larger risk.
    const ephemeralFromInternet = (base: number): AclRule[] => [
      { ruleNumber: base, direction: 'Ingress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPortRange(EPHEMERAL_PORTS.from, RDP_PORT - 1) },
      { ruleNumber: base + 10, direction: 'Ingress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPortRange(RDP_PORT + 1, EPHEMERAL_PORTS.to) },
    ];
    const perSubnet = (base: number, direction: AclRule['direction'], subnetCidrs: string[], traffic: ec2.AclTraffic): AclRule[] =>
      subnetCidrs.map((cidr, i) => ({ ruleNumber: base + i, direction, cidr, traffic }));

    this.publicAcl = this.networkAcl('PublicAcl', this.publicSubnets, [
      // Requests from the internet to the load balancer; HTTPS from the application tier to the NAT gateways.
      { ruleNumber: 100, direction: 'Ingress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(80) },
      { ruleNumber: 110, direction: 'Ingress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(443) },
      // Returns: internet responses to NAT'ed requests, application responses to the load balancer.
      ...ephemeralFromInternet(300),
      // NAT gateways forward the application tier's HTTPS to the internet.
      { ruleNumber: 100, direction: 'Egress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(443) },
      // The load balancer forwards to the application tier.
      ...perSubnet(200, 'Egress', applicationCidrs, ec2.AclTraffic.tcpPort(this.appPort)),
      // Returns: responses to internet clients, NAT responses to the application tier.
      { ruleNumber: 300, direction: 'Egress', cidr: anywhere, traffic: ephemeral },
    ]);

    this.applicationAcl = this.networkAcl('ApplicationAcl', this.applicationSubnets, [
      ...perSubnet(200, 'Ingress', publicCidrs, ec2.AclTraffic.tcpPort(this.appPort)),
      ...(props.systemsManagerEndpoints ? perSubnet(250, 'Ingress', applicationCidrs, ec2.AclTraffic.tcpPort(443)) : []),
      // Returns: responses from the internet (through NAT), from AWS endpoints and from the data tier.
      ...ephemeralFromInternet(300),
      { ruleNumber: 100, direction: 'Egress', cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(443) },
      // Requests to the data tier (egress 200+): added per data store by admitDataPort.
      // Returns: responses to the load balancer (and to the application tier's own endpoint clients).
      ...perSubnet(300, 'Egress', publicCidrs, ephemeral),
      ...(props.systemsManagerEndpoints ? perSubnet(350, 'Egress', applicationCidrs, ephemeral) : []),
    ]);

    this.isolatedAcl = this.networkAcl('IsolatedAcl', this.isolatedSubnets, [
      // Requests from the application tier (ingress 200+): added per data store by admitDataPort.
      // Replication between data nodes in different AZs (cache replicas, database instances).
      ...perSubnet(400, 'Ingress', isolatedCidrs, ec2.AclTraffic.tcpPortRange(0, 65535)),
      // Returns go to the application tier only: nothing in this tier talks to the internet.
      ...perSubnet(300, 'Egress', applicationCidrs, ephemeral),
      ...perSubnet(400, 'Egress', isolatedCidrs, ec2.AclTraffic.tcpPortRange(0, 65535)),
    ]);
  }

  /**
   * Opens the data tier to the application tier on one data store's port, in both layers: the data security group
   * admits the port from the application security group (stateful), and the NACLs let the application subnets reach
   * the isolated subnets on it (the return leg is already open on the ephemeral ports). Each data store calls this
   * for its own port, so a port is open only where a store listens on it.
   *
   * Rules are numbered in call order (200, 210, 220 … per port, one rule per subnet), so the data stores must be
   * created in a fixed order, as the stacks do.
   */
  public admitDataPort(port: number, store: string): void {
    requireTcpPort('data store port', port);
    if (this.admittedDataPorts.includes(port)) return;
    const base = 200 + 10 * this.admittedDataPorts.length;
    if (base + this.isolatedCidrs.length > 300)
      throw new ValidationError(`Network admits at most 10 data ports, got a ${this.admittedDataPorts.length + 1}th (${port})`);
    this.admittedDataPorts.push(port);
    this.dataSecurityGroup.connections.allowFrom(this.applicationSecurityGroup, ec2.Port.tcp(port), `${store} (${port}) from the application tier`);
    const traffic = ec2.AclTraffic.tcpPort(port);
    this.addAclEntries(
      this.applicationAcl,
      this.isolatedCidrs.map((cidr, i) => ({ ruleNumber: base + i, direction: 'Egress' as const, cidr, traffic })),
    );
    this.addAclEntries(
      this.isolatedAcl,
      this.applicationCidrs.map((cidr, i) => ({ ruleNumber: base + i, direction: 'Ingress' as const, cidr, traffic })),
    );
  }

  private addAclEntries(acl: ec2.INetworkAcl, rules: AclRule[]): void {
    for (const rule of rules) {
      acl.addEntry(`${rule.direction}${rule.ruleNumber}`, {
        ruleNumber: rule.ruleNumber,
        cidr: ec2.AclCidr.ipv4(rule.cidr),
        traffic: rule.traffic,
        direction: rule.direction === 'Ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
        ruleAction: ec2.Action.ALLOW,
      });
    }
  }

  private networkAcl(id: string, subnets: ec2.SubnetSelection, rules: AclRule[]): ec2.INetworkAcl {
    const acl = new ec2.NetworkAcl(this, id, { vpc: this.vpc, subnetSelection: subnets });
    this.addAclEntries(acl, rules);
    acknowledge(acl, {
      id: 'AwsSolutions-VPC3',
      reason:
        'Network ACLs are part of this design on purpose: a second, stateless layer per tier that keeps the isolated tier unreachable from the internet even if a security group is misconfigured.',
    });
    return acl;
  }
}

function requireTcpPort(field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError(`Network ${field} must be a TCP port from 1 to 65535, got ${port}`);
  }
}
