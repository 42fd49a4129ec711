/**
 * The cluster rules, each with compliant, non-compliant and unresolved cases.
 */
import { evaluate } from '../../../src/core/engine';
import { RuleId } from '../../../src/core/findings/finding';
import { Cluster, ClusterFacts, known, unknown } from '../../../src/core/model/model';
import { location, managedDomain, SECURE_DOMAIN_FACTS, securityGroup, UNKNOWN } from '../model-builders';

function findingsFor(facts: Partial<ClusterFacts>, extra: Partial<Cluster> = {}) {
  const cluster = { ...managedDomain('Domain', { ...SECURE_DOMAIN_FACTS, ...facts }), ...extra };
  return evaluate({ clusters: [cluster], firewalls: [] }).findings;
}

describe('cluster rules', () => {
  test('a domain with every secure fact passes', () => {
    expect(findingsFor({})).toEqual([]);
  });

  test.each<[string, Partial<ClusterFacts>, RuleId, RegExp]>([
    ['outside a VPC', { inVpc: known(false) }, RuleId.PUBLIC_ENDPOINT, /domain Domain has no VPCOptions/],
    ['with anonymous auth', { anonymousAccess: known(true) }, RuleId.ANONYMOUS_ACCESS, /anonymous access is enabled/],
    ['with an open policy and no FGAC', { accessPolicyAllowsAnyone: known(true), fineGrainedAccessControl: known(false) }, RuleId.ANONYMOUS_ACCESS, /allows any principal \(\*\) while fine-grained access control is off/],
    ['with Elasticsearch security off', { securityEnabled: known(false) }, RuleId.ANONYMOUS_ACCESS, /xpack\.security\.enabled\) is off/],
    ['without enforced HTTPS', { httpsEnforced: known(false) }, RuleId.TRANSPORT_UNENCRYPTED, /HTTPS is not enforced/],
    ['with a TLS 1.0 policy', { tlsSecurityPolicy: known('Policy-Min-TLS-1-0-2019-07') }, RuleId.TRANSPORT_UNENCRYPTED, /Policy-Min-TLS-1-0-2019-07 allows TLS below 1\.2/],
    ['without a TLS policy', { tlsSecurityPolicy: undefined }, RuleId.TRANSPORT_UNENCRYPTED, /no TLS security policy is set/],
    ['without node-to-node encryption', { nodeToNodeEncryption: known(false) }, RuleId.TRANSPORT_UNENCRYPTED, /node-to-node \(transport\) encryption is off/],
    ['without encryption at rest', { encryptionAtRest: known(false) }, RuleId.UNENCRYPTED_AT_REST, /encryption at rest of cluster Domain is off/],
    ['without audit logs', { logsShipped: known(['ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS']) }, RuleId.AUDIT_LOGGING_DISABLED, /AUDIT_LOGS is not shipped/],
  ])('a domain %s fails the matching rule with a message in the house format', (_name, facts, id, pattern) => {
    const findings = findingsFor(facts);
    expect(findings.map(f => f.ruleId)).toEqual([id]);
    expect(findings[0].message).toMatch(pattern);
    expect(findings[0].message).toMatch(new RegExp(`^${id}: .+ - .+\\. .+\\.$`));
    expect(findings[0].resource).toBe('Domain');
  });

  test('an open access policy is fine while fine-grained access control is on', () => {
    expect(findingsFor({ accessPolicyAllowsAnyone: known(true) })).toEqual([]);
  });

  test.each<[string, Partial<ClusterFacts>, RuleId]>([
    ['VPC placement', { inVpc: unknown('Fn::If on a parameter') }, RuleId.UNVERIFIABLE_NETWORK],
    ['anonymous auth', { anonymousAccess: unknown('Ref to parameter Anonymous') }, RuleId.ANONYMOUS_ACCESS],
    ['HTTPS enforcement', { httpsEnforced: unknown('Ref to parameter Https') }, RuleId.TRANSPORT_UNENCRYPTED],
    ['the TLS policy', { tlsSecurityPolicy: unknown('Ref to parameter Tls') }, RuleId.TRANSPORT_UNENCRYPTED],
    ['encryption at rest', { encryptionAtRest: unknown('Ref to parameter Encrypt') }, RuleId.UNENCRYPTED_AT_REST],
    ['the shipped logs', { logsShipped: unknown('Fn::If on a condition') }, RuleId.AUDIT_LOGGING_DISABLED],
  ])('an unresolved %s fails closed', (_name, facts, id) => {
    const findings = findingsFor(facts);
    expect(findings.map(f => f.ruleId)).toEqual([id]);
    expect(findings[0].message).toMatch(/unknown at synthesis|cannot be verified at synthesis/);
  });

  test('a public IP in front of self-managed nodes is a public-endpoint on the IP resource', () => {
    const findings = evaluate({
      firewalls: [],
      clusters: [{
        location: location('azurerm_linux_virtual_machine_scale_set.es', 'azurerm_linux_virtual_machine_scale_set'),
        kind: 'self-managed',
        ports: [9200, 9300],
        facts: { publicEndpoints: [{ description: 'public IP azurerm_public_ip.es', origin: location('azurerm_public_ip.es', 'azurerm_public_ip') }] },
      }],
    }).findings;
    expect(findings.map(f => [f.ruleId, f.resource])).toEqual([[RuleId.PUBLIC_ENDPOINT, 'azurerm_public_ip.es']]);
  });

  test('managed-domain ports count only on the attached security group', () => {
    const open443 = securityGroup('Attached', [{ ports: '443', sources: ['0.0.0.0/0'] }]);
    const other443 = securityGroup('LoadBalancerSg', [{ ports: '443', sources: ['0.0.0.0/0'] }]);
    const findings = evaluate({ clusters: [managedDomain('Domain', SECURE_DOMAIN_FACTS, ['Attached'])], firewalls: [open443, other443] }).findings;
    expect(findings.map(f => [f.ruleId, f.resource])).toEqual([[RuleId.PUBLIC_INGRESS, 'Attached']]);
    expect(findings[0].message).toContain('port 443 (HTTPS) of Domain');
    expect(findings[0].exposurePaths).toEqual([{ source: '0.0.0.0/0', rule: 'Attached / allow 443 from 0.0.0.0/0', port: 443, cluster: 'Domain' }]);
  });

  test('port 80 counts when the domain does not enforce HTTPS', () => {
    const sg = securityGroup('Attached', [{ ports: '80', sources: ['0.0.0.0/0'] }]);
    const domain = managedDomain('Domain', { ...SECURE_DOMAIN_FACTS, httpsEnforced: known(false) }, ['Attached'], [443, 80]);
    expect(evaluate({ clusters: [domain], firewalls: [sg] }).findings.map(f => f.ruleId).sort())
      .toEqual([RuleId.PUBLIC_INGRESS, RuleId.TRANSPORT_UNENCRYPTED]);
  });

  test('an attached security group that is not in the input is unverifiable-network on the domain', () => {
    const findings = evaluate({ clusters: [managedDomain('Domain', SECURE_DOMAIN_FACTS, [UNKNOWN, 'Missing'])], firewalls: [] }).findings;
    expect(findings.map(f => [f.ruleId, f.resource])).toEqual([[RuleId.UNVERIFIABLE_NETWORK, 'Domain']]);
    expect(findings[0].message).toContain('an imported security group; security group Missing is not in the input');
  });

  test('an attachment written <stack>/<resource> finds the group in that stack', () => {
    const sgA = securityGroup('Sg', [{ ports: '443', sources: ['0.0.0.0/0'] }], { stack: 'A' });
    const sgB = securityGroup('Sg', [], { stack: 'B' });
    const domain = { ...managedDomain('Domain', SECURE_DOMAIN_FACTS, ['A/Sg']), location: location('Domain', 'AWS::OpenSearchService::Domain', { stack: 'B' }) };
    expect(evaluate({ clusters: [domain], firewalls: [sgB, sgA] }).findings.map(f => [f.ruleId, f.stack])).toEqual([[RuleId.PUBLIC_INGRESS, 'A']]);
  });
});
