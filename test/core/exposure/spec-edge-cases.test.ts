/**
 * The edge cases of the exposure contract (docs/exposure.md), each a named test.
 */
import { evaluate } from '../../../src/core/engine';
import { analyzeExposure } from '../../../src/core/exposure/analyze';
import { evaluateFirewallPort } from '../../../src/core/exposure/evaluate-firewall';
import { Finding, RuleId } from '../../../src/core/findings/finding';
import { Firewall, InfrastructureModel } from '../../../src/core/model/model';
import { AddressSet } from '../../../src/core/net/address-set';
import { networkSecurityGroup, securityGroup, UNKNOWN } from '../model-builders';

function findingsOf(firewalls: Firewall[], extra: Partial<InfrastructureModel> = {}): Finding[] {
  return [...evaluate({ clusters: [], firewalls, ...extra }).findings];
}
const ids = (findings: Finding[]) => findings.map(f => f.ruleId).sort();

describe('the spec edge cases', () => {
  test('0.0.0.0/1 plus 128.0.0.0/1 in two rules is the whole internet and a public-ingress error', () => {
    const findings = findingsOf([securityGroup('Split', [
      { ports: '9200', sources: ['0.0.0.0/1'] },
      { ports: '9200', sources: ['128.0.0.0/1'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS]);
    expect(findings[0].message).toMatch(/^public-ingress: security group Split rules .*0\.0\.0\.0\/1.*128\.0\.0\.0\/1.* to cluster port 9200 \(Elasticsearch HTTP\) - .*\. .*\.$/);
  });

  test('two halves each under the threshold are judged as a union', () => {
    // Two /24s: each is 256 addresses (a warning alone), together 512 (an error).
    const findings = findingsOf([securityGroup('TwoHalves', [
      { ports: '9200', sources: ['8.8.8.0/24'], name: 'a', origin: 'RuleA' },
      { ports: '9200', sources: ['8.8.9.0/24'], name: 'b', origin: 'RuleB' },
    ])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS, RuleId.PUBLIC_INGRESS]);
    expect(findings[0].message).toContain('(with the group\'s other rules: 512 public IPv4 addresses)');
  });

  test('a rule that is broad on its own does not mention the other rules', () => {
    const [finding] = findingsOf([securityGroup('Sg', [
      { ports: '9200', sources: ['0.0.0.0/0'], name: 'open' },
      { ports: '9200', sources: ['2000::/3'], origin: 'Other', name: 'v6' },
    ])]).filter(f => f.resource === 'Sg');
    expect(finding.message).not.toContain('other rules');
  });

  test('2000::/3 is the whole IPv6 internet', () => {
    const findings = findingsOf([securityGroup('V6', [{ ports: '9300', sources: ['2000::/3'] }])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS]);
    expect(findings[0].message).toContain('2000::/3');
  });

  test('a /64 of IPv6 is an allowlist warning, a /63 is an error', () => {
    expect(ids(findingsOf([securityGroup('A', [{ ports: '9200', sources: ['2600:1f18::/64'] }])]))).toEqual([RuleId.PUBLIC_ALLOWLIST]);
    expect(ids(findingsOf([securityGroup('B', [{ ports: '9200', sources: ['2600:1f18::/63'] }])]))).toEqual([RuleId.PUBLIC_INGRESS]);
  });

  test('a /24 of public IPv4 is a public-allowlist warning, a /23 is a public-ingress error', () => {
    const warning = findingsOf([securityGroup('Office', [{ ports: '9200', sources: ['8.8.8.0/24'] }])]);
    expect(ids(warning)).toEqual([RuleId.PUBLIC_ALLOWLIST]);
    expect(warning[0].severity).toBe('warning');
    expect(warning[0].message).toContain('8.8.8.0/24 (256 public IPv4 addresses)');
    expect(ids(findingsOf([securityGroup('Wide', [{ ports: '9200', sources: ['8.8.8.0/23'] }])]))).toEqual([RuleId.PUBLIC_INGRESS]);
  });

  test.each([
    ['Internet', [RuleId.PUBLIC_INGRESS]],
    ['*', [RuleId.PUBLIC_INGRESS]],
    ['Any', [RuleId.PUBLIC_INGRESS]],
    ['0.0.0.0/0', [RuleId.PUBLIC_INGRESS]],
    ['AzureCloud', [RuleId.PUBLIC_INGRESS]],
    ['AzureCloud.westeurope', [RuleId.PUBLIC_INGRESS]],
    ['Storage', [RuleId.PUBLIC_INGRESS]],
    ['VirtualNetwork', []],
    ['AzureLoadBalancer', []],
    ['10.0.0.0/8', []],
  ])('the Azure source %s allowed to 9200 gives %j', (tag, expected) => {
    expect(ids(findingsOf([networkSecurityGroup('nsg', [{ ports: '9200', sources: [tag] }])]))).toEqual(expected);
  });

  test('deny-first: a Deny Internet at a higher priority shadows a later Allow *', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '*', sources: ['Internet'] },
      { priority: 200, access: 'allow', ports: '9200', sources: ['*'] },
    ])]);
    expect(findings).toEqual([]);
  });

  test('priority, not the order of the list, decides: the same rules listed the other way round', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 200, access: 'allow', ports: '9200', sources: ['*'] },
      { priority: 100, access: 'deny', ports: '*', sources: ['Internet'] },
    ])]);
    expect(findings).toEqual([]);
  });

  test('a Deny at a lower priority (higher number) does not shadow an earlier Allow', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'allow', ports: '9200', sources: ['Internet'] },
      { priority: 200, access: 'deny', ports: '*', sources: ['*'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS]);
  });

  test('deny-half: a Deny of 0.0.0.0/1 leaves 128.0.0.0/1 of a later Allow 0.0.0.0/0 exposed', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '9200', sources: ['0.0.0.0/1'] },
      { priority: 110, access: 'allow', ports: '9200', sources: ['0.0.0.0/0'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS]);
    expect(findings[0].message).toContain('admits 0.0.0.0/0 to cluster port 9200 (Elasticsearch HTTP) (after higher-priority rules, ');
    expect(findings[0].message).toMatch(/\(after higher-priority rules, \d+ public IPv4 addresses get through\)/);
  });

  test('a Deny shadows port by port: deny 9200 leaves 9300 of an allow 9200-9300 exposed', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '9200', sources: ['*'] },
      { priority: 110, access: 'allow', ports: '9200-9300', sources: ['Internet'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.PUBLIC_INGRESS]);
    expect(findings[0].message).toContain('port 9300 (Elasticsearch transport)');
    expect(findings[0].message).not.toContain('9200 (Elasticsearch HTTP)');
  });

  test('a deny leaving only a /24 public turns an internet allow into an allowlist warning', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '*', sources: ['0.0.0.0/1'] },
      { priority: 101, access: 'deny', ports: '*', sources: ['128.0.0.0/1'] },
      { priority: 102, access: 'deny', ports: '*', sources: ['::/0'] },
      { priority: 200, access: 'allow', ports: '9200', sources: ['*'] },
    ])]);
    expect(findings).toEqual([]);
  });

  test('an unknown source on an allow to a cluster port is unverifiable-network, never a pass', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [{ ports: '9200', sources: ['?'] }])]);
    expect(ids(findings)).toEqual([RuleId.UNVERIFIABLE_NETWORK]);
    expect(findings[0].message).toMatch(/^unverifiable-network: .*var\.allowed.*a Terraform variable.* - .*\. .*acknowledge.*\.$/);
  });

  test('an unknown source on an allow to a non-cluster port is not a finding', () => {
    expect(findingsOf([securityGroup('Ssh', [{ ports: '22', sources: ['?'] }])])).toEqual([]);
  });

  test('an unknown deny above an internet allow makes the allow unverifiable, not a pass and not certain', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '*', sources: ['?'] },
      { priority: 200, access: 'allow', ports: '9200', sources: ['Internet'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.UNVERIFIABLE_NETWORK]);
  });

  test('unknown ports on an internet allow are unverifiable; unknown ports on a private allow are fine', () => {
    expect(ids(findingsOf([securityGroup('A', [{ ports: UNKNOWN, sources: ['0.0.0.0/0'] }])]))).toEqual([RuleId.UNVERIFIABLE_NETWORK]);
    expect(findingsOf([securityGroup('B', [{ ports: UNKNOWN, sources: ['10.0.0.0/16'] }])])).toEqual([]);
  });

  test('an unknown priority is placed where it does the most harm', () => {
    const findings = findingsOf([networkSecurityGroup('nsg', [
      { priority: 100, access: 'deny', ports: '*', sources: ['Internet'] },
      { priority: UNKNOWN, access: 'allow', ports: '9200', sources: ['Internet'] },
    ])]);
    expect(ids(findings)).toEqual([RuleId.UNVERIFIABLE_NETWORK]);
  });

  test('a port range that misses 9200 and 9300 exposes nothing', () => {
    expect(findingsOf([
      securityGroup('Sg', [{ ports: '9201-9299', sources: ['0.0.0.0/0'] }, { ports: '9301-9399', sources: ['::/0'] }]),
      networkSecurityGroup('nsg', [{ ports: '8000-9199', sources: ['Internet'] }, { ports: '9301-65535', sources: ['*'] }]),
    ])).toEqual([]);
  });

  test('extra cluster ports count when the model adds them', () => {
    const firewalls = [securityGroup('Sg', [{ ports: '9201', sources: ['0.0.0.0/0'] }])];
    expect(findingsOf(firewalls)).toEqual([]);
    expect(ids(findingsOf(firewalls, { selfManagedPorts: [9200, 9300, 5601, 9201] }))).toEqual([RuleId.PUBLIC_INGRESS]);
  });

  test.each([
    ['udp', []],
    ['icmp', []],
    ['icmpv6', []],
    ['-1', [RuleId.PUBLIC_INGRESS]],
    ['all', [RuleId.PUBLIC_INGRESS]],
    ['6', [RuleId.PUBLIC_INGRESS]],
  ])('AWS protocol %s from 0.0.0.0/0 to all ports gives %j', (protocol, expected) => {
    expect(ids(findingsOf([securityGroup('Sg', [{ protocol, ports: '*', sources: ['0.0.0.0/0'] }])]))).toEqual(expected);
  });

  test('security group references and private CIDRs are private', () => {
    expect(findingsOf([securityGroup('Sg', [
      { ports: '9200', sources: ['sg:AppSg'] },
      { ports: '9200', sources: ['10.0.0.0/8'] },
      { ports: '9200', sources: ['fd00::/8'] },
      { ports: '9200', sources: ['::ffff:10.0.0.0/104'] },
    ])])).toEqual([]);
  });

  test('an IPv4-mapped IPv6 source counts as the IPv4 addresses it maps', () => {
    expect(ids(findingsOf([securityGroup('Sg', [{ ports: '9200', sources: ['::ffff:0:0/96'] }])]))).toEqual([RuleId.PUBLIC_INGRESS]);
  });

  test('a standalone rule resource is named as the finding resource, not its group', () => {
    const findings = findingsOf([networkSecurityGroup('azurerm_network_security_group.es', [
      { origin: 'module.search.azurerm_network_security_rule.open', name: 'open', ports: '9200', sources: ['Internet'] },
    ])]);
    expect(findings[0].resource).toBe('module.search.azurerm_network_security_rule.open');
    expect(findings[0].message).toContain('rule module.search.azurerm_network_security_rule.open ("open") on network security group azurerm_network_security_group.es');
  });

  test('exposure paths lead from the source through the rule to the port', () => {
    const [finding] = findingsOf([networkSecurityGroup('nsg', [{ name: 'open', ports: '9200', sources: ['Internet'] }])]);
    expect(finding.exposurePaths).toEqual([{ source: 'Internet', rule: 'nsg / open', port: 9200 }]);
  });
});

describe('security groups judged alone on the self-managed ports', () => {
  test('a group whose rules admit only private sources exposes nothing in either reading, unknown ports or not', () => {
    const model: InfrastructureModel = {
      clusters: [],
      firewalls: [securityGroup('Private', [
        { ports: '9200', sources: ['10.0.0.0/8', 'sg:Other', 'net:172.16.0.0/12'] },
        { ports: UNKNOWN, sources: ['192.168.0.0/16'] },
        { access: UNKNOWN, protocol: UNKNOWN, ports: '*', sources: ['100.64.0.0/10'] },
      ])],
    };
    const pairs = analyzeExposure(model).ports;
    expect(pairs.map(p => p.port)).toEqual([5601, 9200, 9300]);
    for (const pair of pairs) {
      for (const [reading, exposure] of [['best', pair.best], ['worst', pair.worst]] as const) {
        expect(exposure).toEqual({ port: pair.port, reading, publicAddresses: AddressSet.empty(), broadPublicTags: [], contributions: [] });
        expect(exposure).toEqual(evaluateFirewallPort(model.firewalls[0], pair.port, reading));
      }
    }
    expect(evaluate(model).findings).toEqual([]);
  });

  test('one public address, an unknown source or a tag among private rules is still judged rule by rule', () => {
    const group = (sources: string[]) => securityGroup('Mixed', [{ ports: '9200', sources: ['10.0.0.0/8'] }, { ports: '9200', sources }]);
    expect(ids(findingsOf([group(['203.0.112.7/32'])]))).toEqual([RuleId.PUBLIC_ALLOWLIST]);
    expect(ids(findingsOf([group(['0.0.0.0/0'])]))).toEqual([RuleId.PUBLIC_INGRESS]);
    expect(ids(findingsOf([group(['?'])]))).toEqual([RuleId.UNVERIFIABLE_NETWORK]);
    expect(ids(findingsOf([group(['Internet'])]))).toEqual([RuleId.PUBLIC_INGRESS]);
  });
});
