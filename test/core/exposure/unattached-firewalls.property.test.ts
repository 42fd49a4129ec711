/**
 * A firewall that guards no node is judged alone on the self-managed ports. `analyzeExposure` skips the
 * per-port matching of a firewall none of whose rules admits a public client; whatever it skips, what
 * it reports must be what `evaluateFirewallPort` computes for that firewall, port and reading.
 */
import * as fc from 'fast-check';
import { analyzeExposure } from '../../../src/core/exposure/analyze';
import { evaluateFirewallPort, PortExposure } from '../../../src/core/exposure/evaluate-firewall';
import { admitsNoPublicClient } from '../../../src/core/exposure/rule-match';
import { Firewall } from '../../../src/core/model/model';
import { networkSecurityGroup, RuleSpec, securityGroup, UNKNOWN } from '../model-builders';

const PORTS = [5601, 9200, 9300];
const sourceArb = fc.constantFrom(
  '10.0.0.0/8', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10', '127.0.0.1/32', 'fc00::/7', '::ffff:10.0.0.0/104',
  'VirtualNetwork', 'AzureLoadBalancer', 'virtual_network', ' virtualnetwork ', 'sg:other', 'net:10.9.0.0/16',
  // Public or unknown: each makes the rule one that is matched port by port.
  '0.0.0.0/0', '8.8.8.0/24', '9.0.0.0/7', 'Internet', '*', 'AzureCloud', '2000::/3', '?',
);
const ruleArb: fc.Arbitrary<RuleSpec> = fc.record({
  access: fc.constantFrom<'allow' | 'deny' | typeof UNKNOWN>('allow', 'deny', UNKNOWN),
  priority: fc.oneof(fc.integer({ min: 100, max: 400 }), fc.constant<typeof UNKNOWN>(UNKNOWN)),
  protocol: fc.constantFrom<string | typeof UNKNOWN>('tcp', 'all', 'udp', UNKNOWN),
  ports: fc.constantFrom<string | typeof UNKNOWN>('*', '9200', '9200-9300', '5601', '22', UNKNOWN),
  sources: fc.array(sourceArb, { minLength: 1, maxLength: 3 }),
  sourcePorts: fc.constantFrom<string | undefined>(undefined, '*', '1024-65535', '0-1023,5000'),
});

/** An exposure as data (a certain firewall's worst reading is its best one, `reading` included). */
const shape = (e: PortExposure) => ({
  port: e.port,
  publicAddresses: e.publicAddresses.toCidrs(),
  broadPublicTags: [...e.broadPublicTags],
  contributions: e.contributions.map(c => ({
    rule: c.rule.name, publicAddresses: c.publicAddresses.toCidrs(), broadPublicTags: [...c.broadPublicTags],
  })),
});

function assertAlone(firewall: Firewall): void {
  const { ports } = analyzeExposure({ firewalls: [firewall], clusters: [] });
  expect(ports.map(p => p.port)).toEqual(PORTS);
  for (const pair of ports) {
    expect(pair.firewall).toBe(firewall);
    expect(shape(pair.best)).toEqual(shape(evaluateFirewallPort(firewall, pair.port, 'best')));
    expect(shape(pair.worst)).toEqual(shape(evaluateFirewallPort(firewall, pair.port, 'worst')));
  }
}

describe('an unattached firewall: what the analysis reports is what its rules admit', () => {
  test('Azure network security groups, private and public sources, unknown fields', () => {
    fc.assert(fc.property(fc.array(ruleArb, { maxLength: 6 }), rules => {
      assertAlone(networkSecurityGroup('nsg', rules.map((r, i) => ({ ...r, name: `r${i}` }))));
    }), { numRuns: 200 });
  });

  test('AWS security groups, private and public sources, unknown fields', () => {
    fc.assert(fc.property(fc.array(ruleArb, { maxLength: 6 }), rules => {
      assertAlone(securityGroup('sg', rules.map((r, i) => ({ ...r, name: `r${i}`, access: 'allow' as const, priority: undefined }))));
    }), { numRuns: 200 });
  });

  test('a private service tag admits no public client; a public, broad or unknown source does', () => {
    const rule = (sources: string[]) => networkSecurityGroup('nsg', [{ sources }]).rules[0];
    expect(admitsNoPublicClient(rule(['VirtualNetwork', 'AzureLoadBalancer', '10.0.0.0/8', 'sg:x']))).toBe(true);
    for (const open of ['Internet', '*', 'Any', 'AzureCloud', '0.0.0.0/0', '?']) {
      expect(admitsNoPublicClient(rule(['VirtualNetwork', open]))).toBe(false);
    }
  });

  test('an Azure group whose only allow from the internet is shadowed by nothing still reports it', () => {
    const nsg = networkSecurityGroup('nsg', [{ name: 'vnet', sources: ['VirtualNetwork'] }, { name: 'open', ports: '9200', sources: ['Internet'] }]);
    const [, p9200] = analyzeExposure({ firewalls: [nsg], clusters: [] }).ports;
    expect(p9200.best.contributions.map(c => c.rule.name)).toEqual(['open']);
    expect(p9200.best.publicAddresses.isEmpty()).toBe(false);
  });
});
