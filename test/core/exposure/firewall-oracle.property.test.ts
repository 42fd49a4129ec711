/**
 * Property tests of the firewall evaluator against a brute-force oracle.
 *
 * The oracle knows nothing of interval sets: for one address and one port it walks the rules the
 * way the vendors document (Azure: by priority, first match wins, then the default rules; AWS: any
 * rule admits) and says whether the address gets in. The engine must agree on every sampled
 * address, and the samples include every rule boundary (first, last, and the neighbours of each
 * CIDR), where interval arithmetic goes wrong.
 */
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { evaluateFirewallPort } from '../../../src/core/exposure/evaluate-firewall';
import { Firewall } from '../../../src/core/model/model';
import { isPublicAddress } from '../../../src/core/net/public-space';
import { networkSecurityGroup, RuleSpec, securityGroup } from '../model-builders';

const CLUSTER_PORTS = [80, 443, 9200, 9300];
const BLOCKS = ['8.8.0.0', '10.1.0.0', '100.64.0.0', '203.0.113.0', '52.0.0.0'];
const TAGS = ['Internet', '*', 'VirtualNetwork', 'AzureLoadBalancer'];

const octetArb = fc.integer({ min: 0, max: 255 });
const cidrArb = fc.tuple(fc.constantFrom(...BLOCKS), octetArb, octetArb, fc.integer({ min: 14, max: 32 }))
  .map(([block, third, fourth, prefix]) => {
    const [a, b] = block.split('.');
    return `${a}.${b}.${third}.${fourth}/${prefix}`;
  });
const sourceArb = fc.oneof({ weight: 4, arbitrary: cidrArb }, { weight: 1, arbitrary: fc.constantFrom(...TAGS) });
const portsArb = fc.oneof(
  fc.constant('*'),
  fc.constantFrom(...CLUSTER_PORTS).map(String),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2_000 })).map(([from, len]) => `${from}-${Math.min(65535, from + len)}`),
);
const ruleArb = fc.record({
  access: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  priority: fc.integer({ min: 100, max: 4096 }),
  protocol: fc.constantFrom('Tcp', '*', 'Udp', 'Icmp'),
  ports: portsArb,
  sources: fc.array(sourceArb, { minLength: 1, maxLength: 3 }),
});

/** Does one source match one address? Service tags as the spec defines them. */
function sourceMatches(source: string, address: string): boolean {
  switch (source) {
    case '*': return true;
    case 'Internet': return isPublicAddress(address);
    case 'VirtualNetwork':
    case 'AzureLoadBalancer': return !isPublicAddress(address);
  }
  const [net, len] = source.split('/');
  return ipaddr.parse(address).match(ipaddr.parse(net), Number(len));
}

function portMatches(ports: string, port: number): boolean {
  if (ports === '*') return true;
  const [from, to] = ports.split('-').map(Number);
  return port >= from && port <= (to ?? from);
}

/**
 * The Azure oracle: priority order, first match wins, then DenyAllInBound for the public. Equal
 * priorities are read in the order that admits the most: allows first (spec v2, "Rule evaluation").
 */
function azureAdmits(rules: RuleSpec[], address: string, port: number): boolean {
  const allowFirst = (r: RuleSpec) => (r.access === 'allow' ? 0 : 1);
  const ordered = rules.map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.priority as number) - (b.r.priority as number) || allowFirst(a.r) - allowFirst(b.r) || a.i - b.i);
  for (const { r } of ordered) {
    if (!['Tcp', '*'].includes(r.protocol as string)) continue;
    if (!portMatches(r.ports as string, port)) continue;
    if (!r.sources!.some(s => sourceMatches(s, address))) continue;
    return r.access === 'allow';
  }
  return false; // AllowVnetInBound / AllowAzureLoadBalancerInBound only admit private addresses.
}

/** The AWS oracle: allow-only, any matching rule admits. */
function awsAdmits(rules: RuleSpec[], address: string, port: number): boolean {
  return rules.some(r => ['Tcp', '*'].includes(r.protocol as string) && portMatches(r.ports as string, port)
    && r.sources!.some(s => sourceMatches(s, address)));
}

/** Addresses at every boundary of every CIDR in the rules, plus fixed public and private ones. */
function sampleAddresses(rules: RuleSpec[]): string[] {
  const samples = new Set(['8.8.8.8', '10.0.0.1', '52.1.2.3', '203.0.113.9', '1.1.1.1', '100.64.0.1']);
  for (const source of rules.flatMap(r => r.sources!)) {
    if (!source.includes('/')) continue;
    const [first, last] = cidrRange(source);
    for (const n of [first - 1, first, first + 1, last - 1, last, last + 1]) {
      if (n >= 0 && n <= 0xffffffff) samples.add(fromNumber(n));
    }
  }
  return [...samples];
}

function cidrRange(cidr: string): [number, number] {
  const [net, len] = cidr.split('/');
  const base = toNumber(net);
  const size = 2 ** (32 - Number(len));
  const first = base - (base % size);
  return [first, first + size - 1];
}
const toNumber = (ip: string) => ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
const fromNumber = (n: number) => [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join('.');

function assertAgrees(firewall: Firewall, rules: RuleSpec[], oracle: typeof azureAdmits) {
  for (const port of CLUSTER_PORTS) {
    const exposure = evaluateFirewallPort(firewall, port, 'best');
    for (const address of sampleAddresses(rules)) {
      const expected = oracle(rules, address, port) && isPublicAddress(address);
      if (exposure.publicAddresses.contains(address) !== expected) {
        throw new Error(`port ${port}, address ${address}: engine says ${!expected}, oracle says ${expected}`);
      }
    }
  }
}

describe('the firewall evaluator agrees with a per-address, per-port oracle', () => {
  test('Azure network security groups: priority order, first match wins, deny shadowing', () => {
    fc.assert(fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 8 }), rules => {
      assertAgrees(networkSecurityGroup('nsg', rules), rules, azureAdmits);
    }), { numRuns: 1000 });
  });

  test('AWS security groups: the union of every rule equals the per-rule checks', () => {
    const awsRuleArb = ruleArb.map(r => ({ ...r, access: 'allow' as const, priority: undefined }));
    fc.assert(fc.property(fc.array(awsRuleArb, { minLength: 1, maxLength: 8 }), rules => {
      // The builder maps Azure protocol names; CloudFormation's are normalized by the same function.
      assertAgrees(securityGroup('Sg', rules), rules, awsAdmits);
    }), { numRuns: 1000 });
  });
});
