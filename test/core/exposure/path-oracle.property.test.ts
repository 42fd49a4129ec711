/**
 * Property test of the path engine against a brute-force simulator (issue 9).
 *
 * The simulator knows nothing of interval sets, stages or readings: it sends one packet at a time
 * (client address, source port, frontend port) through every hop of every path, the way the vendors
 * document it: AWS security groups admit when any rule matches; Azure NSGs walk their rules by priority
 * (equal priorities: allows first), a rule matching only packets that fit all its fields (source, source
 * port, destination address or ASG, destination port, protocol), then the default rules; a stage admits
 * when any of its firewalls does, and a packet must pass every stage. Pass-through hops keep the
 * client's address and source port; a proxy opens its own connection from one of its addresses, and if
 * some such connection gets in, every client the entry admits arrives.
 *
 * Random graphs: random rules (with destinations, source ports, ASGs, group and network sources, tied
 * priorities), random NSG pairs (subnet + NIC stages), random SG unions, random entry points with and
 * without source rewriting. Samples include every boundary of every CIDR and port range, where interval
 * arithmetic goes wrong.
 */
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { analyzeExposure } from '../../../src/core/exposure/analyze';
import { Firewall, InfrastructureModel } from '../../../src/core/model/model';
import { isPublicAddress } from '../../../src/core/net/public-space';
import { networkSecurityGroup, RuleSpec, securityGroup, UNKNOWN } from '../model-builders';
import { clusterNode, entryPoint, ForwardSpec, selfManagedCluster } from '../path-builders';

const CLUSTER_PORTS = [9200, 9300];
const NODE_ADDRESSES = ['10.0.1.4', '10.0.1.5'];
const PROXY_GROUP = 'ProxySg';

// --- random graphs -------------------------------------------------------------------------------

const octet = fc.integer({ min: 0, max: 255 });
const cidrArb = fc.tuple(fc.constantFrom('8.8', '52.0', '10.0', '10.1', '203.0'), octet, octet, fc.integer({ min: 14, max: 32 }))
  .map(([ab, c, d, len]) => `${ab}.${c}.${d}/${len}`);
const sourceArb = fc.oneof(
  { weight: 5, arbitrary: cidrArb },
  { weight: 3, arbitrary: fc.constantFrom('Internet', '*', 'VirtualNetwork', 'AzureLoadBalancer') },
  { weight: 1, arbitrary: fc.constantFrom(`sg:${PROXY_GROUP}`, 'sg:OtherSg') },
  { weight: 1, arbitrary: fc.constantFrom('net:10.0.0.0/16', 'net:10.1.0.0/16') },
);
const rangeArb = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 3000 }))
  .map(([from, len]) => `${from}-${Math.min(65535, from + len)}`);
const portsArb = fc.oneof(fc.constant('*'), fc.constantFrom('9200', '9300', '443'), rangeArb(10_000));
const destinationArb = fc.constantFrom('*', '10.0.1.4/32', '10.0.1.0/24', '10.0.9.0/24', 'asg:asg1', 'asg:asg2');
// A few shared ranges, so that source-port sets of different rules overlap and complement each other often.
const sourcePortsArb = fc.oneof(fc.constantFrom('*', '0-1023', '1024-65535', '1000-2000'), rangeArb(60_000));

const azureRuleArb: fc.Arbitrary<RuleSpec> = fc.record({
  access: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  // A narrow range of priorities, so that ties happen.
  priority: fc.integer({ min: 100, max: 108 }),
  protocol: fc.constantFrom('Tcp', '*', 'Udp'),
  ports: portsArb,
  sources: fc.array(sourceArb, { minLength: 1, maxLength: 2 }),
  destinations: fc.option(fc.array(destinationArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  sourcePorts: fc.option(sourcePortsArb, { nil: undefined }),
}, { requiredKeys: ['access', 'priority', 'protocol', 'ports', 'sources'] });
const awsRuleArb: fc.Arbitrary<RuleSpec> = fc.record({
  protocol: fc.constantFrom('tcp', '-1', 'udp'),
  ports: portsArb,
  sources: fc.array(sourceArb.filter(s => !['Internet', '*', 'VirtualNetwork', 'AzureLoadBalancer'].includes(s)), { minLength: 1, maxLength: 1 }),
});

interface FirewallSpec { readonly name: string; readonly azure: boolean; readonly rules: RuleSpec[] }
/**
 * A dense vocabulary: few sources, ports, source-port ranges and destinations, so that rules of one
 * group collide often (a Deny and an Allow on the same traffic, complementary source-port ranges).
 */
const denseAzureRuleArb: fc.Arbitrary<RuleSpec> = fc.record({
  access: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  priority: fc.integer({ min: 100, max: 103 }),
  protocol: fc.constant('Tcp'),
  ports: fc.constantFrom('*', '9200'),
  sources: fc.constantFrom(['Internet'], ['*'], ['8.8.8.0/24'], ['VirtualNetwork']),
  destinations: fc.option(fc.constantFrom(['*'], ['10.0.1.4/32'], ['10.0.9.0/24'], ['asg:asg1']), { nil: undefined }),
  sourcePorts: fc.option(fc.constantFrom('*', '0-1023', '1024-65535'), { nil: undefined }),
}, { requiredKeys: ['access', 'priority', 'protocol', 'ports', 'sources'] });

const firewallArb = (name: string, withDestinations: boolean, azureRules: fc.Arbitrary<RuleSpec>): fc.Arbitrary<FirewallSpec> =>
  fc.boolean().chain(azure => fc
    .array(azure ? azureRules.map(r => (withDestinations ? r : { ...r, destinations: undefined })) : awsRuleArb, { minLength: 0, maxLength: 4 })
    .map(rules => ({ name, azure, rules })));

interface NodeGen { readonly id: string; readonly address: string; readonly asgs: string[]; readonly stages: string[][] }
interface GraphSpec {
  readonly firewalls: FirewallSpec[];
  readonly entryFirewalls: FirewallSpec[];
  readonly nodes: NodeGen[];
  readonly entries: { readonly filters: string[][]; readonly forwards: ForwardSpec[] }[];
}

const graphArbOf = (rules: fc.Arbitrary<RuleSpec>): fc.Arbitrary<GraphSpec> => fc.record({
  firewalls: fc.tuple(firewallArb('F0', true, rules), firewallArb('F1', true, rules), firewallArb('F2', true, rules)).map(t => [...t]),
  entryFirewalls: fc.tuple(firewallArb('E0', false, rules), firewallArb('E1', false, rules)).map(t => [...t]),
  nodeCount: fc.integer({ min: 1, max: 2 }),
  stages: fc.array(fc.array(fc.array(fc.constantFrom('F0', 'F1', 'F2'), { minLength: 1, maxLength: 2 }), { maxLength: 2 }), { minLength: 2, maxLength: 2 }),
  asgs: fc.array(fc.subarray(['asg1', 'asg2']), { minLength: 2, maxLength: 2 }),
  entries: fc.array(fc.record({
    filters: fc.array(fc.array(fc.constantFrom('E0', 'E1'), { minLength: 1, maxLength: 2 }), { maxLength: 1 }),
    forwards: fc.array(fc.record({
      frontend: fc.constantFrom('443', '9200', '*', '400-9250', '80,443', '9300'),
      backend: fc.constantFrom<number | undefined>(undefined, 9200, 9300),
      targets: fc.subarray(['n0', 'n1'], { minLength: 1 }),
      proxy: fc.option(fc.record({
        text: fc.constant('the proxy'),
        addresses: fc.constantFrom('10.0.3.0/24', '10.1.2.0/30', '10.0.1.0/28'),
        groups: fc.constantFrom([PROXY_GROUP], []),
      }), { nil: undefined }),
    }, { requiredKeys: ['frontend', 'targets'] }), { minLength: 1, maxLength: 2 }),
  }), { maxLength: 2 }),
}).map(g => ({
  firewalls: g.firewalls,
  entryFirewalls: g.entryFirewalls,
  nodes: Array.from({ length: g.nodeCount }, (_, i) => ({ id: `n${i}`, address: NODE_ADDRESSES[i], asgs: g.asgs[i], stages: g.stages[i] })),
  entries: g.entries.map(e => ({ ...e, forwards: e.forwards.map(f => ({ ...f, backend: f.backend ?? undefined })) })),
}));
const graphArb = graphArbOf(azureRuleArb);

function toModel(g: GraphSpec): InfrastructureModel {
  const firewall = (f: FirewallSpec): Firewall => (f.azure ? networkSecurityGroup(f.name, f.rules) : securityGroup(f.name, f.rules));
  return {
    clusters: [selfManagedCluster('es', CLUSTER_PORTS)],
    firewalls: [...g.firewalls, ...g.entryFirewalls].map(firewall),
    nodes: g.nodes.map(n => clusterNode(n.id, { stages: n.stages, addresses: `${n.address}/32`, asgs: n.asgs })),
    entryPoints: g.entries.map((e, i) => entryPoint(`entry${i}`, 'load-balancer', e.forwards, e.filters)),
  };
}

// --- the simulator ------------------------------------------------------------------------------

/** Where a packet comes from: a client address, or a proxy's address and groups. */
interface Sender { readonly address: string; readonly proxyGroups?: readonly string[] }
interface Packet { readonly from: Sender; readonly sourcePort: number; readonly port: number; readonly node?: NodeGen }

const inCidr = (address: string, cidr: string) => {
  const [net, len] = cidr.split('/');
  return ipaddr.parse(address).match(ipaddr.parse(net), Number(len));
};

function sourceMatches(source: string, from: Sender): boolean {
  const proxy = from.proxyGroups !== undefined;
  switch (source) {
    case '*': return true;
    case 'Internet': return isPublicAddress(from.address);
    // Spec: private tags; a proxy sits in the virtual network (its probe tag never matches traffic).
    case 'VirtualNetwork': return proxy;
    case 'AzureLoadBalancer': return false;
  }
  if (source.startsWith('sg:')) return proxy && from.proxyGroups!.includes(source.slice(3));
  if (source.startsWith('net:')) return proxy && inCidr(from.address, source.slice(4));
  return inCidr(from.address, source);
}

function portsMatch(ports: string | undefined, port: number): boolean {
  if (ports === undefined || ports === '*') return true;
  return ports.split(',').some(part => {
    const [from, to] = part.split('-').map(Number);
    return port >= from && port <= (to ?? from);
  });
}

function destinationMatches(destinations: readonly string[] | undefined, access: string, node: NodeGen | undefined): boolean {
  if (!destinations) return true;
  return destinations.some(d => {
    if (d === '*') return true;
    // Without a node (an entry's own filter) an allow admits to the hosts it names, a deny shadows none for certain.
    if (!node) return access === 'allow';
    if (d.startsWith('asg:')) return node.asgs.includes(d.slice(4));
    return inCidr(node.address, d);
  });
}

function ruleMatches(r: RuleSpec, p: Packet): boolean {
  return ['Tcp', '*', 'tcp', '-1'].includes(r.protocol as string)
    && portsMatch(r.ports as string, p.port)
    && portsMatch(r.sourcePorts as string | undefined, p.sourcePort)
    && destinationMatches(r.destinations, r.access as string ?? 'allow', p.node)
    && r.sources!.some(s => sourceMatches(s, p.from));
}

function firewallAdmits(f: FirewallSpec, p: Packet): boolean {
  if (!f.azure) return f.rules.some(r => ruleMatches(r, p));
  const ordered = f.rules.map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.priority as number) - (b.r.priority as number) || (a.r.access === 'allow' ? 0 : 1) - (b.r.access === 'allow' ? 0 : 1) || a.i - b.i);
  for (const { r } of ordered) {
    if (ruleMatches(r, p)) return r.access === 'allow';
  }
  // AllowVnetInBound admits senders inside the network (a proxy); AllowAzureLoadBalancerInBound only the probe.
  return p.from.proxyGroups !== undefined;
}

function passesStages(stages: readonly string[][], byName: Map<string, FirewallSpec>, p: Packet): boolean {
  return stages.every(stage => stage.some(name => firewallAdmits(byName.get(name)!, p)));
}

// --- samples ------------------------------------------------------------------------------------

const toNumber = (ip: string) => ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
const fromNumber = (n: number) => [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join('.');
function cidrBounds(cidr: string): [number, number] {
  const [net, len] = cidr.split('/');
  const size = 2 ** (32 - Number(len));
  const first = toNumber(net) - (toNumber(net) % size);
  return [first, first + size - 1];
}

function allCidrs(g: GraphSpec): string[] {
  const sources = [...g.firewalls, ...g.entryFirewalls].flatMap(f => f.rules.flatMap(r => [...r.sources!, ...(r.destinations ?? [])]));
  return sources.map(s => s.replace(/^net:/, '')).filter(s => s.includes('/') && !s.includes(':'));
}

function addressSamples(cidrs: readonly string[], within?: string): string[] {
  const samples = new Set(within ? [] : ['8.8.8.8', '52.1.2.3', '1.1.1.1', '203.0.113.9', '198.51.100.1']);
  const [lo, hi] = within ? cidrBounds(within) : [0, 0xffffffff];
  const add = (n: number) => { if (n >= lo && n <= hi) samples.add(fromNumber(n)); };
  if (within) [lo, lo + 1, hi - 1, hi].forEach(add);
  for (const cidr of cidrs) {
    const [first, last] = cidrBounds(cidr);
    [first - 1, first, first + 1, last - 1, last, last + 1].forEach(add);
  }
  return [...samples];
}

function portSamples(ranges: readonly (string | undefined)[], fixed: readonly number[]): number[] {
  const samples = new Set([0, 65535, ...fixed]);
  for (const text of ranges) {
    if (text === undefined || text === '*') continue;
    for (const part of text.split(',')) {
      const [from, to] = part.split('-').map(Number);
      [from - 1, from, to ?? from, (to ?? from) + 1].filter(n => n >= 0 && n <= 65535).forEach(n => samples.add(n));
    }
  }
  return [...samples];
}

// --- the comparison -----------------------------------------------------------------------------

/**
 * Compares the engine's answer on `seen` (the graph as the input shows it) with the simulator's on `g`
 * (the graph as deployed). With nothing unknown they must agree exactly; with values unknown at
 * synthesis in `seen`, whatever `g` holds must lie between the best and the worst reading.
 */
function assertAgrees(g: GraphSpec, seen: GraphSpec = g): void {
  const exact = seen === g;
  const model = toModel(seen);
  const check = (what: string, address: string, best: boolean, worst: boolean, expected: boolean) => {
    const ok = exact ? best === expected : (!best || expected) && (!expected || worst);
    if (!ok) throw new Error(`${what}, client ${address}: engine says best ${best} / worst ${worst}, simulator says ${expected}`);
  };
  const analysis = analyzeExposure(model);
  const byName = new Map([...g.firewalls, ...g.entryFirewalls].map(f => [f.name, f] as const));
  const allRules = [...g.firewalls, ...g.entryFirewalls].flatMap(f => f.rules);
  const clients = addressSamples(allCidrs(g)).filter(isPublicAddress);
  const sourcePorts = portSamples(allRules.map(r => r.sourcePorts as string | undefined), [12345]);

  // The direct reading: the whole internet arrives at each node's port.
  for (const node of g.nodes) {
    if (node.stages.length === 0) continue;
    for (const port of CLUSTER_PORTS) {
      const pair = analysis.ports.find(p => p.node?.id === node.id && p.port === port)!;
      for (const address of clients) {
        const expected = sourcePorts.some(sourcePort => passesStages(node.stages, byName, { from: { address }, sourcePort, port, node }));
        check(`direct reading of ${node.id} port ${port}`, address, pair.best.publicAddresses.contains(address), pair.worst.publicAddresses.contains(address), expected);
      }
    }
  }

  // Every path: entry point -> forward -> node port.
  g.entries.forEach((entry, e) => {
    entry.forwards.forEach((forward, fi) => {
      const entryRules = entry.filters.flat().flatMap(name => byName.get(name)!.rules);
      const frontends = portSamples([...entryRules.map(r => r.ports as string), forward.frontend as string], [443, ...CLUSTER_PORTS])
        .filter(f => portsMatch(forward.frontend as string, f));
      for (const node of g.nodes.filter(n => forward.targets.includes(n.id))) {
        for (const port of CLUSTER_PORTS) {
          const reaching = frontends.filter(f => (forward.backend ?? f) === port);
          const path = analysis.paths.find(p => p.entry.id === `entry${e}` && p.forward === model.entryPoints![e].forwards[fi] && p.target?.node.id === node.id && p.port === port);
          const enters = (address: string, sourcePort: number, f: number) =>
            passesStages(entry.filters, byName, { from: { address }, sourcePort, port: f });
          let proxyGetsIn = true;
          if (forward.proxy) {
            const proxyAddresses = addressSamples(allCidrs(g), forward.proxy.addresses as string);
            proxyGetsIn = proxyAddresses.some(address => sourcePorts.some(sourcePort => passesStages(node.stages, byName, {
              from: { address, proxyGroups: forward.proxy!.groups }, sourcePort, port, node,
            })));
          }
          for (const address of clients) {
            const expected = reaching.some(f => sourcePorts.some(sourcePort => enters(address, sourcePort, f)
              && (forward.proxy ? proxyGetsIn : passesStages(node.stages, byName, { from: { address }, sourcePort, port, node }))));
            check(`path entry${e}/${fi} -> ${node.id}:${port}`, address,
              path !== undefined && path.best.publicAddresses.contains(address),
              path !== undefined && path.worst.publicAddresses.contains(address), expected);
          }
        }
      }
    });
  });
}

/** Hides some fields of some rules, as a token, a parameter or a variable would (spec: "Unknown is not safe"). */
const hideArb = fc.array(fc.constantFrom('none', 'none', 'access', 'priority', 'ports', 'source', 'sourcePorts', 'destination'), { minLength: 8, maxLength: 8 });
function hide(g: GraphSpec, masks: string[]): GraphSpec {
  let i = 0;
  const hideRule = (r: RuleSpec): RuleSpec => {
    switch (masks[i++ % masks.length]) {
      case 'access': return r.access === undefined ? r : { ...r, access: UNKNOWN };
      case 'priority': return r.priority === undefined ? r : { ...r, priority: UNKNOWN };
      case 'ports': return { ...r, ports: UNKNOWN };
      case 'source': return { ...r, sources: ['?', ...r.sources!.slice(1)] };
      case 'sourcePorts': return r.priority === undefined ? r : { ...r, sourcePorts: UNKNOWN };
      case 'destination': return r.priority === undefined ? r : { ...r, destinations: ['?'] };
      default: return r;
    }
  };
  const hideFirewall = (f: FirewallSpec): FirewallSpec => ({ ...f, rules: f.rules.map(hideRule) });
  return { ...g, firewalls: g.firewalls.map(hideFirewall), entryFirewalls: g.entryFirewalls.map(hideFirewall) };
}

describe('the path engine agrees with a packet-by-packet simulator', () => {
  test('random graphs of entry points, forwards, NSG pairs, security group unions and proxies', () => {
    fc.assert(fc.property(graphArb, g => assertAgrees(g)), { numRuns: 1000 });
  });

  test('dense rule vocabularies: Deny and Allow on the same traffic, complementary source ports, tied priorities', () => {
    fc.assert(fc.property(graphArbOf(denseAzureRuleArb), g => assertAgrees(g)), { numRuns: 1000 });
  });

  test('with values unknown at synthesis, what is deployed lies between the best and the worst reading', () => {
    fc.assert(fc.property(graphArb, hideArb, (g, masks) => assertAgrees(g, hide(g, masks))), { numRuns: 1000 });
  });
});
