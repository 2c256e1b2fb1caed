import { StageModel } from './assembly';
import { EdgeStyle, Graph, GraphEdge, GraphGroup, GraphItem, GraphNode, groupByRegion, Shape } from './graph';
import { customResourceHandlers, idFor, IdAllocator } from './naming';
import { asArray, asObject, literal, Located, prop, StageIndex } from './references';

/**
 * The request paths of a stage, each edge following a reference in the templates, grouped by the stack that holds
 * each resource and the stacks by the region they deploy to (cross-region references are followed like any other). Only what a template shows is drawn, so an optional part appears only in the stage that has it:
 *
 * - Route 53: a record whose alias or value references a load balancer, distribution or Beanstalk environment;
 *   a health check on it.
 * - A load balancer's listeners (default action, then rules by priority) → target groups → the Auto Scaling
 *   groups, ECS services or functions registered in them. An internet-facing load balancer and every CloudFront
 *   distribution are reachable by users directly.
 * - A distribution → the buckets or load balancers its origins reference; an origin group's members say which is
 *   the primary and which the fallback (and on which status codes).
 * - Compute → data store where an ingress rule of the store's security group admits a security group of the
 *   compute on the store's port (compute that shares its security groups is grouped, with one edge per store).
 * - An EventBridge rule → the functions its targets reference; a bucket its pattern references → the rule.
 * - A function → the table, bucket or queue an environment variable references (`TABLE_NAME`).
 * - A trail → its bucket and log group; a bucket whose data events it records → the trail.
 * - Alarms (counted per stack) whose actions reference a topic → the topic → its subscriptions.
 */

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const BEANSTALK = 'AWS::ElasticBeanstalk::Environment';
const BUCKET = 'AWS::S3::Bucket';
const FUNCTION = 'AWS::Lambda::Function';
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const TABLES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];
const ENTRY_TYPES = [LOAD_BALANCER, DISTRIBUTION, BEANSTALK];
const COMPUTE_TYPES = ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service', FUNCTION, 'AWS::EC2::Instance', BEANSTALK];
const STORE_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::DocDB::DBCluster'];
/** What an environment variable of a function may name that the diagram draws. */
const ENVIRONMENT_TARGETS = [...TABLES, BUCKET, 'AWS::SQS::Queue', 'AWS::SNS::Topic'];
const DEFAULT_PORTS: Record<string, number> = { postgres: 5432, mysql: 3306, mariadb: 3306, 'aurora-postgresql': 5432, 'aurora-mysql': 3306, redis: 6379, valkey: 6379, memcached: 11211, docdb: 27017 };

/** A logical id without the CDK's hash suffix: `ContentDeliveryBucket1A2EE831` → `ContentDeliveryBucket`. */
export function logicalName(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

interface Description {
  readonly role: string;
  readonly lines: string[];
  readonly shape?: Shape;
}

/** Role, label and shape of a resource as a node of this view. */
function describe(index: StageIndex, located: Located): Description {
  const p = (name: string) => literal(prop(located, name));
  const name = logicalName(located.logicalId);
  switch (located.resource.Type) {
    case LOAD_BALANCER: {
      const firewall = index.referrers(located, ['AWS::WAFv2::WebACLAssociation']).length > 0;
      return { role: 'load-balancer', lines: [`${p('Type') === 'network' ? 'Network' : 'Application'} Load Balancer`, [p('Scheme') ?? 'internet-facing', ...(firewall ? ['AWS WAF'] : [])].join(' · ')] };
    }
    case DISTRIBUTION: {
      const config = asObject(prop(located, 'DistributionConfig'));
      return { role: 'cdn', lines: ['CloudFront distribution', [literal(config?.PriceClass), ...(config?.WebACLId ? ['AWS WAF'] : [])].filter(Boolean).join(' · ')].filter(Boolean) };
    }
    case 'AWS::Route53::HostedZone':
      return { role: 'dns', lines: ['Route 53 hosted zone', (p('Name') ?? '').replace(/\.$/, '')].filter(Boolean) };
    case BEANSTALK:
      return { role: 'beanstalk', lines: ['Elastic Beanstalk environment', 'its own load balancer and instances'] };
    case BUCKET:
      return { role: 'bucket', lines: ['S3 bucket', name], shape: 'cylinder' };
    case FUNCTION:
      return { role: 'function', lines: [`Lambda function ${name}`, [p('Runtime'), p('MemorySize') ? `${p('MemorySize')} MB` : undefined].filter(Boolean).join(' · ')].filter(Boolean) };
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const data = index.refsOf(located, 'LaunchTemplate', ['AWS::EC2::LaunchTemplate']).map((t) => asObject(prop(t, 'LaunchTemplateData')))[0];
      return { role: 'instances', lines: ['EC2 Auto Scaling group', [literal(data?.InstanceType), `${p('MinSize')}–${p('MaxSize')} instances`].filter(Boolean).join(' · ')] };
    }
    case 'AWS::ECS::Service': {
      const task = index.refsOf(located, 'TaskDefinition', ['AWS::ECS::TaskDefinition'])[0];
      const cpu = task ? Number(literal(prop(task, 'Cpu'))) / 1024 : undefined;
      const memory = task ? literal(prop(task, 'Memory')) : undefined;
      const size = cpu && memory ? ` × ${cpu} vCPU, ${memory} MiB` : '';
      return { role: 'containers', lines: [`ECS ${p('LaunchType') === 'FARGATE' ? 'Fargate ' : ''}service`, `${p('DesiredCount') ?? '?'} task${p('DesiredCount') === '1' ? '' : 's'}${size}`] };
    }
    case 'AWS::EC2::Instance':
      return { role: 'instances', lines: ['EC2 instance', p('InstanceType') ?? ''] };
    case 'AWS::RDS::DBInstance':
      return { role: 'relational-database', lines: [`RDS ${p('Engine') ?? ''} ${p('EngineVersion') ?? ''}`.trim(), [p('DBInstanceClass'), p('MultiAZ') === 'true' ? 'Multi-AZ' : 'single-AZ'].filter(Boolean).join(' · ')], shape: 'cylinder' };
    case 'AWS::RDS::DBCluster':
      return { role: 'relational-database', lines: [`RDS ${p('Engine') ?? ''} cluster`], shape: 'cylinder' };
    case 'AWS::ElastiCache::ReplicationGroup':
    case 'AWS::ElastiCache::CacheCluster': {
      const nodes = p('NumCacheClusters') ?? p('NumCacheNodes');
      return { role: 'cache', lines: [`ElastiCache ${p('Engine') ?? ''} ${p('EngineVersion') ?? ''}`.trim(), [nodes ? `${nodes} ×` : undefined, p('CacheNodeType')].filter(Boolean).join(' ')], shape: 'cylinder' };
    }
    case 'AWS::DocDB::DBCluster': {
      const instances = index.referrers(located, ['AWS::DocDB::DBInstance']);
      const classes = [...new Set(instances.map((i) => literal(prop(i, 'DBInstanceClass'))))].filter(Boolean);
      return { role: 'document-database', lines: [`DocumentDB ${p('EngineVersion') ?? ''}`.trim(), `${instances.length} × ${classes.join(', ')}`], shape: 'cylinder' };
    }
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return { role: 'table', lines: [`DynamoDB table ${name}`, p('BillingMode') === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned'], shape: 'cylinder' };
    case 'AWS::CloudTrail::Trail':
      return { role: 'trail', lines: ['CloudTrail trail', p('IsMultiRegionTrail') === 'true' ? 'all regions' : 'this region'] };
    case 'AWS::Logs::LogGroup':
      return { role: 'log-group', lines: ['CloudWatch Logs group', p('RetentionInDays') ? `kept ${p('RetentionInDays')} days` : 'kept forever'], shape: 'cylinder' };
    case 'AWS::SNS::Topic':
      return { role: 'topic', lines: [`SNS topic ${name}`] };
    case 'AWS::SQS::Queue':
      return { role: 'queue', lines: [`SQS queue ${name}`] };
    case 'AWS::Events::Rule': {
      const schedule = p('ScheduleExpression');
      if (schedule) return { role: 'schedule', lines: ['EventBridge schedule', schedule], shape: 'hexagon' };
      const sources = asArray(asObject(prop(located, 'EventPattern'))?.source).map(literal).filter(Boolean);
      return { role: 'event-rule', lines: ['EventBridge rule', ...(sources.length > 0 ? [`source ${sources.join(', ')}`] : [])], shape: 'hexagon' };
    }
    default:
      return { role: located.resource.Type, lines: [located.resource.Type.replace(/^AWS::/, '').replace('::', ' ')] };
  }
}

interface PathNode extends GraphNode {
  readonly stack?: string;
}

/** Collects nodes (one per resource) and edges (one per pair and style, labels merged), then groups them by stack. */
class PathsBuilder {
  private readonly ids = new IdAllocator();
  private readonly nodes: PathNode[] = [];
  private readonly nodeOfKey = new Map<string, string>();
  private readonly edges = new Map<string, { from: string; to: string; labels: string[]; style: EdgeStyle }>();
  private readonly nested: { stack: string; group: GraphGroup }[] = [];

  constructor(private readonly index: StageIndex) {}

  /** A node not backed by a resource (users, a count of alarms). */
  public extra(base: string, role: string, lines: string[], shape: Shape, stack?: string): string {
    const id = this.ids.next(base);
    this.nodes.push({ type: 'node', id, lines, shape, role, stack });
    return id;
  }

  /** The node of a resource, created on first use (with `extraLines` below its description). */
  public node(located: Located, extraLines: string[] = []): string {
    const existing = this.nodeOfKey.get(located.key);
    if (existing) return existing;
    const description = describe(this.index, located);
    const id = this.ids.next(idFor(description.role));
    this.nodes.push({ type: 'node', id, lines: [...description.lines, ...extraLines], shape: description.shape, role: description.role, resources: [located.key], stack: located.stack.id });
    this.nodeOfKey.set(located.key, id);
    return id;
  }

  public has(located: Located): boolean {
    return this.nodeOfKey.has(located.key);
  }

  public edge(from: string, to: string, label?: string, style: EdgeStyle = 'solid'): void {
    const key = `${from}>${to}>${style}`;
    const edge = this.edges.get(key) ?? { from, to, labels: [], style };
    if (label && !edge.labels.includes(label)) edge.labels.push(label);
    this.edges.set(key, edge);
  }

  /** Puts nodes of one stack into a nested group; returns the group's id. */
  public group(stack: string, label: string, members: string[]): string {
    const id = this.ids.next('security_group');
    this.nested.push({ stack, group: { type: 'group', id, label, children: members.map((m) => this.nodes.find((n) => n.id === m)!) } });
    return id;
  }

  public build(stage: StageModel): Graph {
    const grouped = new Set(this.nested.flatMap((n) => n.group.children.map((c) => c.id)));
    const strip = ({ stack, ...node }: PathNode): GraphNode => node;
    const items: { region?: string; item: GraphItem }[] = this.nodes.filter((n) => n.stack === undefined).map((n) => ({ item: strip(n) }));
    for (const stack of stage.stacks) {
      const members = this.nodes.filter((n) => n.stack === stack.id && !grouped.has(n.id)).map(strip);
      const groups = this.nested.filter((n) => n.stack === stack.id).map((n) => ({ ...n.group, children: n.group.children.map((c) => strip(c as PathNode)) }));
      if (members.length + groups.length > 0) {
        items.push({ region: stack.region, item: { type: 'group', id: idFor('stack', stack.id), label: `${stack.id} stack`, children: [...groups, ...members], role: 'stack' } });
      }
    }
    const edges: GraphEdge[] = [...this.edges.values()].map((e) => ({ from: e.from, to: e.to, label: e.labels.length > 0 ? e.labels.join(', ') : undefined, style: e.style }));
    return { direction: 'LR', items: groupByRegion(stage.regions, items), edges };
  }
}

/** The target groups an action list forwards to. */
function forwardedTargetGroups(index: StageIndex, from: Located, actions: unknown): Located[] {
  return asArray(actions).flatMap((action) => {
    const a = asObject(action);
    return index.refs(from.stack, [a?.TargetGroupArn, asObject(a?.ForwardConfig)?.TargetGroups], ['AWS::ElasticLoadBalancingV2::TargetGroup']);
  });
}

/** `path /containers, /containers/*` for a listener rule's conditions. */
function conditionsLabel(conditions: unknown): string {
  return asArray(conditions)
    .map((c) => {
      const condition = asObject(c);
      const config = asObject(condition?.PathPatternConfig) ?? asObject(condition?.HostHeaderConfig);
      const values = asArray(config?.Values ?? condition?.Values).map(literal).filter(Boolean);
      return values.join(', ');
    })
    .filter((text) => text.length > 0)
    .join(' and ');
}

/** The port a data store listens on: its `Port`, else its engine's default. */
function storePort(located: Located): number | undefined {
  const port = Number(literal(prop(located, 'Port')));
  if (Number.isInteger(port) && port > 0) return port;
  if (located.resource.Type.startsWith('AWS::DocDB::')) return DEFAULT_PORTS.docdb;
  return DEFAULT_PORTS[literal(prop(located, 'Engine')) ?? ''];
}

/** The security groups of a resource, looking through an Auto Scaling group's launch template. */
function securityGroupsOf(index: StageIndex, located: Located): Located[] {
  const templates = index.refsOf(located, 'LaunchTemplate', ['AWS::EC2::LaunchTemplate']);
  return [...new Map([...index.refsOf(located, undefined, [SECURITY_GROUP]), ...templates.flatMap((t) => index.refsOf(t, undefined, [SECURITY_GROUP]))].map((g) => [g.key, g])).values()];
}

/** Whether a security group admits another on a port: an ingress resource or an inline rule. */
function admits(index: StageIndex, group: Located, source: Located, port: number): boolean {
  const covers = (rule: Record<string, unknown> | undefined) => {
    if (!rule) return false;
    const protocol = literal(rule.IpProtocol);
    if (protocol === '-1') return true;
    const from = Number(literal(rule.FromPort));
    const to = Number(literal(rule.ToPort));
    return protocol === 'tcp' && from <= port && port <= to;
  };
  const standalone = index.referrers(group, ['AWS::EC2::SecurityGroupIngress']).filter((ingress) =>
    index.refsOf(ingress, 'GroupId').some((g) => g.key === group.key) &&
    index.refsOf(ingress, 'SourceSecurityGroupId').some((g) => g.key === source.key) &&
    covers(ingress.resource.Properties));
  const inline = asArray(prop(group, 'SecurityGroupIngress')).filter((rule) =>
    index.refs(group.stack, asObject(rule)?.SourceSecurityGroupId).some((g) => g.key === source.key) && covers(asObject(rule)));
  return standalone.length + inline.length > 0;
}

/** `Application tier: the app port from …` → `Application tier security group`. */
function securityGroupLabel(groups: Located[]): string {
  const names = groups.map((g) => literal(prop(g, 'GroupDescription'))?.split(':')[0].trim()).filter((n): n is string => !!n && n.length <= 40);
  return names.length > 0 ? `${names.join(' + ')} security group` : 'shared security group';
}

/** The request-paths view of a stage. */
export function requestPathsGraph(stage: StageModel): Graph {
  const index = new StageIndex(stage);
  const b = new PathsBuilder(index);
  const helpers = customResourceHandlers(index);
  const user = b.extra('user', 'user', ['Users'], 'circle');

  // DNS: records that answer with an entry point.
  for (const zone of index.ofType('AWS::Route53::HostedZone')) {
    const zoneName = literal(prop(zone, 'Name'))?.replace(/\.$/, '');
    const names = new Map<string, { target: Located; records: Set<string> }>();
    for (const record of index.referrers(zone, ['AWS::Route53::RecordSet'])) {
      if (!index.refsOf(record, 'HostedZoneId').some((z) => z.key === zone.key)) continue;
      const name = literal(prop(record, 'Name'))?.replace(/\.$/, '') ?? '?';
      const short = zoneName && name.endsWith(`.${zoneName}`) ? name.slice(0, -zoneName.length - 1) : name;
      for (const target of [...index.refsOf(record, 'AliasTarget', ENTRY_TYPES), ...index.refsOf(record, 'ResourceRecords', ENTRY_TYPES)]) {
        const entry = names.get(target.key) ?? { target, records: new Set<string>() };
        entry.records.add(short);
        names.set(target.key, entry);
      }
    }
    if (names.size === 0) continue;
    const zoneNode = b.node(zone);
    b.edge(user, zoneNode, 'DNS');
    for (const { target, records } of names.values()) b.edge(zoneNode, b.node(target), `${[...records].sort().join(', ')} record${records.size === 1 ? '' : 's'}`);
    for (const check of index.ofType('AWS::Route53::HealthCheck')) {
      const config = asObject(prop(check, 'HealthCheckConfig'));
      for (const target of index.refs(check.stack, config, ENTRY_TYPES).filter((t) => names.has(t.key))) {
        b.edge(zoneNode, b.node(target), `health check ${[literal(config?.Type), literal(config?.ResourcePath)].filter(Boolean).join(' ')}`, 'dotted');
      }
    }
  }

  // Load balancers: listeners → target groups → registered compute.
  for (const lb of index.ofType(LOAD_BALANCER)) {
    const listeners = index.referrers(lb, ['AWS::ElasticLoadBalancingV2::Listener']).filter((l) => index.refsOf(l, 'LoadBalancerArn').some((x) => x.key === lb.key));
    const lbNode = b.node(lb);
    if ((literal(prop(lb, 'Scheme')) ?? 'internet-facing') === 'internet-facing') {
      b.edge(user, lbNode, listeners.map((l) => `${literal(prop(l, 'Protocol')) ?? ''} :${literal(prop(l, 'Port')) ?? '?'}`.trim()).join(', ') || undefined);
    }
    for (const listener of listeners) {
      const routes: { groups: Located[]; label: string }[] = [{ groups: forwardedTargetGroups(index, listener, prop(listener, 'DefaultActions')), label: 'default' }];
      const rules = index.referrers(listener, ['AWS::ElasticLoadBalancingV2::ListenerRule'])
        .filter((r) => index.refsOf(r, 'ListenerArn').some((x) => x.key === listener.key))
        .sort((x, y) => Number(literal(prop(x, 'Priority'))) - Number(literal(prop(y, 'Priority'))));
      for (const rule of rules) routes.push({ groups: forwardedTargetGroups(index, rule, prop(rule, 'Actions')), label: conditionsLabel(prop(rule, 'Conditions')) || 'rule' });
      for (const { groups, label } of routes) {
        for (const group of groups) {
          const registered = [
            ...index.referrers(group, COMPUTE_TYPES),
            ...index.refsOf(group, 'Targets', COMPUTE_TYPES),
          ];
          for (const target of registered) b.edge(lbNode, b.node(target), label);
        }
      }
    }
  }

  // Beanstalk: an environment with a public load balancer of its own.
  for (const environment of index.ofType(BEANSTALK)) {
    const options = asArray(prop(environment, 'OptionSettings')).map(asObject);
    const option = (namespace: string, name: string) => literal(options.find((o) => o?.Namespace === namespace && o?.OptionName === name)?.Value);
    if (option('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance') continue;
    if (option('aws:ec2:vpc', 'ELBScheme') === 'internal') continue;
    b.edge(user, b.node(environment));
  }

  // CloudFront: users → distribution → origins.
  for (const distribution of index.ofType(DISTRIBUTION)) {
    const config = asObject(prop(distribution, 'DistributionConfig'));
    const policy = literal(asObject(config?.DefaultCacheBehavior)?.ViewerProtocolPolicy);
    const node = b.node(distribution);
    b.edge(user, node, policy === 'allow-all' ? 'HTTP, HTTPS' : 'HTTPS');
    const originGroups = asArray(asObject(config?.OriginGroups)?.Items).map(asObject);
    /** `origin group: primary`, or `origin group: fallback on 500, …` for the origins after the first of a group. */
    const groupRole = (originId: string | undefined) => {
      for (const group of originGroups) {
        const members = asArray(asObject(group?.Members)?.Items).map((m) => literal(asObject(m)?.OriginId));
        const position = originId === undefined ? -1 : members.indexOf(originId);
        if (position === 0) return 'origin group: primary';
        const codes = asArray(asObject(asObject(group?.FailoverCriteria)?.StatusCodes)?.Items).map(literal).filter(Boolean);
        if (position > 0) return `origin group: fallback on ${codes.join(', ')}`;
      }
      return undefined;
    };
    for (const origin of asArray(config?.Origins).map(asObject)) {
      const label = [groupRole(literal(origin?.Id)) ?? 'origin', ...(origin?.OriginAccessControlId ? ['access control'] : [])].join(', ');
      for (const target of index.refs(distribution.stack, origin?.DomainName, [BUCKET, LOAD_BALANCER])) b.edge(node, b.node(target), label);
    }
  }

  // EventBridge: sources → rules → functions.
  for (const rule of index.ofType('AWS::Events::Rule')) {
    const targets = asArray(prop(rule, 'Targets')).flatMap((t) => index.refs(rule.stack, asObject(t)?.Arn, [FUNCTION, 'AWS::SQS::Queue', 'AWS::SNS::Topic']));
    if (targets.length === 0) continue;
    const ruleNode = b.node(rule);
    for (const target of targets) b.edge(ruleNode, b.node(target));
    const pattern = asObject(prop(rule, 'EventPattern'));
    const detailTypes = asArray(pattern?.['detail-type']).map(literal).filter(Boolean).join(', ');
    for (const bucket of index.refs(rule.stack, pattern, [BUCKET])) b.edge(b.node(bucket), ruleNode, detailTypes || 'events');
  }
  // S3 notifications straight to a function.
  for (const bucket of index.ofType(BUCKET)) {
    const configurations = asArray(asObject(prop(bucket, 'NotificationConfiguration'))?.LambdaConfigurations).map(asObject);
    for (const configuration of configurations) {
      for (const fn of index.refs(bucket.stack, configuration?.Function, [FUNCTION])) b.edge(b.node(bucket), b.node(fn), literal(configuration?.Event) ?? 'events');
    }
  }

  // Functions → what their environment names.
  for (const fn of index.ofType(FUNCTION).filter((f) => !helpers.has(f.key))) {
    const variables = asObject(asObject(prop(fn, 'Environment'))?.Variables) ?? {};
    for (const [variable, value] of Object.entries(variables).sort(([x], [y]) => x.localeCompare(y))) {
      for (const target of index.refs(fn.stack, value, ENVIRONMENT_TARGETS)) b.edge(b.node(fn), b.node(target), variable);
    }
  }

  // Compute → data stores the security groups admit it to.
  const computes = index.ofType(...COMPUTE_TYPES).filter((c) => !helpers.has(c.key));
  const reach = computes.map((compute) => {
    const sources = securityGroupsOf(index, compute);
    const stores = index.ofType(...STORE_TYPES).flatMap((store) => {
      const port = storePort(store);
      const admitted = port !== undefined && securityGroupsOf(index, store).some((group) => sources.some((source) => admits(index, group, source, port)));
      return admitted ? [{ store, port }] : [];
    });
    return { compute, sources, stores };
  }).filter((r) => r.stores.length > 0);
  const bySecurityGroups = new Map<string, typeof reach>();
  for (const r of reach) {
    const key = `${r.compute.stack.id}|${r.sources.map((s) => s.key).sort().join(',')}`;
    bySecurityGroups.set(key, [...(bySecurityGroups.get(key) ?? []), r]);
  }
  for (const members of bySecurityGroups.values()) {
    const from = members.length > 1
      ? b.group(members[0].compute.stack.id, securityGroupLabel(members[0].sources), members.map((m) => b.node(m.compute)))
      : b.node(members[0].compute);
    for (const { store, port } of members[0].stores) b.edge(from, b.node(store), `:${port}`);
  }

  // CloudTrail: trail → bucket and log group; buckets whose data events it records → trail.
  for (const trail of index.ofType('AWS::CloudTrail::Trail')) {
    const node = b.node(trail);
    for (const bucket of index.refsOf(trail, 'S3BucketName', [BUCKET])) b.edge(node, b.node(bucket), 'log files');
    for (const group of index.refsOf(trail, 'CloudWatchLogsLogGroupArn', ['AWS::Logs::LogGroup'])) b.edge(node, b.node(group), 'events');
    for (const bucket of index.refsOf(trail, 'EventSelectors', [BUCKET])) b.edge(b.node(bucket), node, 'data events', 'dotted');
  }

  // Alarms → topic → subscribers.
  for (const topic of index.ofType('AWS::SNS::Topic')) {
    const alarms = index.ofType('AWS::CloudWatch::Alarm').filter((alarm) =>
      index.refs(alarm.stack, [prop(alarm, 'AlarmActions'), prop(alarm, 'OKActions'), prop(alarm, 'InsufficientDataActions')]).some((t) => t.key === topic.key));
    const notifying = index.ofType('AWS::AutoScaling::AutoScalingGroup').filter((group) => index.refsOf(group, 'NotificationConfigurations').some((t) => t.key === topic.key));
    const subscriptions = index.referrers(topic, ['AWS::SNS::Subscription']).filter((s) => index.refsOf(s, 'TopicArn').some((t) => t.key === topic.key));
    const inline = asArray(prop(topic, 'Subscription')).map(asObject);
    if (alarms.length + notifying.length + subscriptions.length + inline.length === 0) continue;
    const node = b.node(topic, subscriptions.length + inline.length === 0 ? ['no subscription in this synth'] : []);
    for (const stack of stage.stacks) {
      const inStack = alarms.filter((a) => a.stack === stack);
      if (inStack.length === 0) continue;
      const namespaces = [...new Set(inStack.flatMap((a) => metricNamespaces(a)))].sort();
      const alarmNode = b.extra('alarms', 'alarms', [`${inStack.length} CloudWatch alarm${inStack.length === 1 ? '' : 's'}`, ...(namespaces.length > 0 ? [`on ${namespaces.join(', ')}`] : [])], 'hexagon', stack.id);
      b.edge(alarmNode, node, 'alarm actions');
    }
    for (const group of notifying) b.edge(b.node(group), node, 'scaling notifications', 'dotted');
    for (const protocol of [...subscriptions.map((s) => literal(prop(s, 'Protocol'))), ...inline.map((s) => literal(s?.Protocol))]) {
      b.edge(node, b.extra('subscriber', 'subscriber', [`${protocol ?? 'unknown'} subscription`], 'stadium', topic.stack.id), 'notifies');
    }
  }

  return b.build(stage);
}

/** `AWS/ApplicationELB` → `ApplicationELB`: the metric namespaces an alarm watches. */
function metricNamespaces(alarm: Located): string[] {
  const direct = literal(prop(alarm, 'Namespace'));
  const fromMetrics = asArray(prop(alarm, 'Metrics')).map((m) => literal(asObject(asObject(asObject(m)?.MetricStat)?.Metric)?.Namespace));
  return [direct, ...fromMetrics].filter((n): n is string => !!n).map((n) => n.replace(/^AWS\//, ''));
}
