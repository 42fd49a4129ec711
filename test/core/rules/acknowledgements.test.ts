/**
 * Acknowledgements: one acknowledgeable rule, a reason of 10+ characters, one subtree.
 */
import { evaluate } from '../../../src/core/engine';
import { GuardrailsInputError } from '../../../src/core/errors';
import { acknowledgementCovers, validateAcknowledgement } from '../../../src/core/findings/acknowledge';
import { Acknowledgement, Finding, RuleId, Severity } from '../../../src/core/findings/finding';
import { InfrastructureModel } from '../../../src/core/model/model';
import { securityGroup } from '../model-builders';

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
    ['open-door', 'names no rule of the catalogue'],
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
    ['no scope', { ruleId: 'public-allowlist', reason: 'a perfectly good reason', scope: {} }, 'names no construct, resource, stack or file'],
  ])('an acknowledgement with %s is refused', (_name, ack, why) => {
    expect(() => validateAcknowledgement(ack)).toThrow(why);
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
