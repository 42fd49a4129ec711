/** The evaluation order of a firewall's rules, sorted once per firewall, rules list and reading. */
import { rulesInOrder } from '../../../src/core/exposure/evaluate-firewall';
import { Firewall } from '../../../src/core/model/model';
import { networkSecurityGroup, UNKNOWN } from '../model-builders';

const names = (firewall: Firewall, reading: 'worst' | 'best') => rulesInOrder(firewall, reading).map(r => r.name);

describe('rulesInOrder', () => {
  test('each reading has its own order: an allow of unknown priority goes first in the worst reading, last in the best', () => {
    const nsg = networkSecurityGroup('nsg', [
      { name: 'deny', access: 'deny', priority: 200, sources: ['*'] },
      { name: 'allow', access: 'allow', priority: UNKNOWN, sources: ['Internet'] },
    ]);
    expect(names(nsg, 'worst')).toEqual(['allow', 'deny', 'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound']);
    expect(names(nsg, 'best')).toEqual(['deny', 'allow', 'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound']);
    // Asked again: the same order.
    expect(names(nsg, 'worst')).toEqual(['allow', 'deny', 'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound']);
  });

  test('a firewall whose rules list changes is ordered anew (a new list, or the same list grown)', () => {
    const nsg = networkSecurityGroup('nsg', [{ name: 'b', priority: 300, sources: ['*'] }]) as { -readonly [K in keyof Firewall]: Firewall[K] };
    expect(names(nsg, 'worst').slice(0, 1)).toEqual(['b']);
    nsg.rules = [...networkSecurityGroup('x', [{ name: 'a', priority: 100, sources: ['*'] }]).rules, ...nsg.rules];
    expect(names(nsg, 'worst').slice(0, 2)).toEqual(['a', 'b']);
    (nsg.rules as unknown as unknown[]).push(networkSecurityGroup('y', [{ name: 'c', priority: 50, sources: ['*'] }]).rules[0]);
    expect(names(nsg, 'worst').slice(0, 3)).toEqual(['c', 'a', 'b']);
  });

  test('an AWS security group keeps its rules as they are (allow-only: no order)', () => {
    const nsg = networkSecurityGroup('nsg', [{ name: 'z' }, { name: 'y' }]);
    const sg: Firewall = { ...nsg, kind: 'aws-security-group' };
    expect(rulesInOrder(sg, 'worst')).toBe(sg.rules);
  });
});
