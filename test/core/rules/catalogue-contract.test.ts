/**
 * The rule catalogue is a contract (spec: "Rule catalogue; stable ids; never rename"): ids,
 * severities and acknowledgeable flags are pinned here, and every rule of the catalogue runs.
 */
import { RuleCatalogue } from '../../../src/core';
import { RULE_CATALOGUE } from '../../../src/core/rules/catalogue';
import { ALL_RULES } from '../../../src/core/rules/index';

describe('the rule catalogue contract', () => {
  test('pins every rule id, severity and acknowledgeable flag of the spec', () => {
    expect(RULE_CATALOGUE.map(r => [r.id, r.severity, r.acknowledgeable])).toEqual([
      ['public-ingress', 'error', false],
      ['public-endpoint', 'error', false],
      ['anonymous-access', 'error', false],
      ['unverifiable-network', 'error', true],
      ['transport-unencrypted', 'error', true],
      ['unencrypted-at-rest', 'error', true],
      ['public-allowlist', 'warning', true],
      ['audit-logging-disabled', 'warning', true],
    ]);
  });

  test('every catalogue entry has exactly one rule implementation, in catalogue order', () => {
    expect(ALL_RULES.map(r => r.id)).toEqual(RULE_CATALOGUE.map(r => r.id));
  });

  test('the public RuleCatalogue class exposes the same list and refuses unknown ids', () => {
    expect(RuleCatalogue.all().map(r => r.id)).toEqual(RULE_CATALOGUE.map(r => r.id));
    expect(RuleCatalogue.get('public-allowlist').severity).toBe('warning');
    expect(RuleCatalogue.isAcknowledgeable('public-ingress')).toBe(false);
    expect(() => RuleCatalogue.get('open-door')).toThrow('Unknown rule id "open-door"');
  });
});
