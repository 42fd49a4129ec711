/**
 * Acknowledgements: one acknowledgeable rule, a reason of 10+ characters, one subtree.
 */
import { evaluate } from '../../../src/core/engine';
import { GuardrailsInputError } from '../../../src/core/errors';
import { acknowledgementCovers, validateAcknowledgement } from '../../../src/core/findings/acknowledge';
import { Acknowledgement, Finding, RuleId, Severity } from '../../../src/core/findings/finding';
import { InfrastructureModel } from '../../../src/core/model/model';
import { networkSecurityGroup, securityGroup } from '../model-builders';

const allowlisted: InfrastructureModel = {
  clusters: [],
  firewalls: [securityGroup('Office', [{ ports: '9200', sources: ['8.8.8.8/32'] }], { constructPath: 'App/Search/Office/Resource' })],
};
const open: InfrastructureModel = { clusters: [], firewalls: [securityGroup('Open', [{ ports: '9200', sources: ['0.0.0.0/0'] }])] };

const finding = (extra: Partial<Finding>): Finding => ({
  ruleId: RuleId.PUBLIC_ALLOWLIST, severity: Severity.WARNING, resource: 'r', resourceType: 't', message: 'm', acknowledged: false, ...extra,
});

describe('acknowledgements', () => {
  test('an acknowledgement of an acknowledgeable rule moves the finding to the acknowledged list with its reason', () => {
    const ack: Acknowledgement = { ruleId: 'public-allowlist', reason: 'the office NAT address, reviewed 2026-11', scope: { constructPath: 'App/Search' } };
    const result = evaluate(allowlisted, { acknowledgements: [ack] });
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => [f.ruleId, f.acknowledged, f.acknowledgementReason]))
      .toEqual([['public-allowlist', true, 'the office NAT address, reviewed 2026-11']]);
    expect(result.acknowledgements).toEqual([ack]);
  });

  test('an acknowledgement for another subtree does not apply', () => {
    const result = evaluate(allowlisted, { acknowledgements: [{ ruleId: 'public-allowlist', reason: 'another construct entirely', scope: { constructPath: 'App/Searching' } }] });
    expect(result.findings.map(f => f.ruleId)).toEqual(['public-allowlist']);
  });

  test.each([
    ['public-ingress', 'cannot be acknowledged'],
    ['public-endpoint', 'cannot be acknowledged'],
    ['anonymous-access', 'cannot be acknowledged'],
    ['open-door', 'is no rule of the catalogue'],
  ])('acknowledging %s is refused with a message that says why', (ruleId, why) => {
    const ack = { ruleId, reason: 'we really need this open', scope: { resource: 'Open' } };
    expect(() => evaluate(open, { acknowledgements: [ack] })).toThrow(why);
    expect(() => validateAcknowledgement(ack)).toThrow(GuardrailsInputError);
  });

  test('a refused acknowledgement changes nothing when rejections are reported instead of thrown', () => {
    const result = evaluate(open, {
      acknowledgements: [{ ruleId: 'public-ingress', reason: 'we really need this open', scope: { resource: 'Open' } }],
      invalidAcknowledgements: 'report',
    });
    expect(result.findings.map(f => f.ruleId)).toEqual(['public-ingress']);
    expect(result.rejectedAcknowledgements[0].problem).toMatch(/^public-ingress cannot be acknowledged/);
  });

  test.each([
    ['a short reason', { ruleId: 'public-allowlist', reason: 'because', scope: { resource: 'x' } }, 'at least 10 characters'],
    ['a blank reason', { ruleId: 'public-allowlist', reason: '          ', scope: { resource: 'x' } }, 'at least 10 characters'],
    ['no scope', { ruleId: 'public-allowlist', reason: 'a perfectly good reason', scope: {} }, 'its scope names no construct path or resource address'],
  ])('an acknowledgement with %s is refused', (_name, ack, why) => {
    expect(() => validateAcknowledgement(ack)).toThrow(why);
  });

  const reason = 'a perfectly good reason';
  test.each([
    ['a stack alone', { stack: 'Search' }, 'its scope is stack "Search" alone, which would cover every resource there'],
    ['a file alone', { file: 'dev.json' }, 'its scope is file "dev.json" alone, which would cover every resource there'],
    ['a stack and a file', { stack: 'Search', file: 'dev.json' }, 'its scope is stack "Search" and file "dev.json" alone'],
    ['a Terraform resource type', { resource: 'azurerm_network_security_group' }, 'its scope "azurerm_network_security_group" is a resource type, which would cover every resource of that type'],
    ['a Terraform resource type with a trailing dot', { resource: 'azurerm_network_security_group.' }, 'is a resource type'],
    ['a resource type inside a module', { resource: 'module.net.azurerm_network_security_group' }, 'is a resource type'],
    ['a data source type', { resource: 'data.azurerm_network_security_group' }, 'is a resource type'],
    ['a CloudFormation resource type', { resource: 'AWS::EC2::SecurityGroup' }, 'is a resource type'],
  ])('an acknowledgement whose scope is %s is refused, saying what it would cover', (_name, scope, why) => {
    expect(() => validateAcknowledgement({ ruleId: 'public-allowlist', reason, scope })).toThrow(why);
  });

  test.each([
    [{ resource: 'azurerm_network_security_group.search' }],
    [{ resource: 'module.search' }],
    [{ resource: 'module.search.azurerm_network_security_rule.open' }],
    [{ resource: 'SearchSg' }],
    [{ resource: 'SearchSg', file: 'dev.json' }],
    [{ constructPath: 'App/Search', stack: 'Search' }],
  ])('an acknowledgement scoped to one construct or resource address (%j) is accepted', scope => {
    expect(() => validateAcknowledgement({ ruleId: 'public-allowlist', reason, scope })).not.toThrow();
  });

  test('a resource-type acknowledgement changes nothing: every group of that type still fails', () => {
    const nsgs: InfrastructureModel = {
      clusters: [],
      firewalls: ['azurerm_network_security_group.a', 'azurerm_network_security_group.b']
        .map(name => networkSecurityGroup(name, [{ ports: '9200', sources: ['8.8.8.8/32'] }])),
    };
    const result = evaluate(nsgs, {
      acknowledgements: [{ ruleId: 'public-allowlist', reason, scope: { resource: 'azurerm_network_security_group' } }],
      invalidAcknowledgements: 'report',
    });
    expect(result.findings.map(f => [f.ruleId, f.resource])).toEqual([
      ['public-allowlist', 'azurerm_network_security_group.a'], ['public-allowlist', 'azurerm_network_security_group.b'],
    ]);
    expect(result.rejectedAcknowledgements.map(r => r.problem)).toEqual([expect.stringContaining('is a resource type')]);
  });

  test.each([
    [{ constructPath: 'App/Search' }, { constructPath: 'App/Search/Sg/Resource' }, true],
    [{ constructPath: 'App/Search' }, { constructPath: 'App/Search' }, true],
    [{ constructPath: 'App/Search' }, { constructPath: 'App/SearchOther/Sg' }, false],
    [{ constructPath: 'App/Search' }, {}, false],
    [{ resource: 'module.search' }, { resource: 'module.search.azurerm_network_security_rule.open' }, true],
    [{ resource: 'module.search' }, { resource: 'module.searching.azurerm_network_security_rule.open' }, false],
    [{ resource: 'Sg1' }, { resource: 'Sg1' }, true],
    [{ resource: 'Sg1', stack: 'A' }, { resource: 'Sg1', stack: 'B' }, false],
    [{ file: 'cdk.out/A.template.json' }, { file: 'cdk.out/A.template.json', resource: 'x' }, true],
  ])('scope %j covers %j: %s', (scope, where, expected) => {
    expect(acknowledgementCovers({ ruleId: 'public-allowlist', reason: 'reason long enough', scope }, finding(where))).toBe(expected);
  });

  test('an acknowledgement of one rule does not cover another rule', () => {
    expect(acknowledgementCovers({ ruleId: 'audit-logging-disabled', reason: 'reason long enough', scope: { resource: 'r' } }, finding({}))).toBe(false);
  });
});
