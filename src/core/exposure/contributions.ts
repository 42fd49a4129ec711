/**
 * Turns what firewalls admit into per-resource groups: a finding names the resource that wrote the
 * offending rule (the group itself, or a standalone rule resource), whoever wrote it.
 */
import { FirewallPortAnalysis } from './analyze';
import { publicSourceTexts } from './describe';
import { Contribution, PortExposure } from './evaluate-firewall';
import { ExposureStep } from '../findings/finding';
import { Firewall, IngressRule, ResourceLocation } from '../model/model';
import { AddressSet } from '../net/address-set';

/** Everything one resource contributes to one firewall's exposure. */
export interface ResourceContribution {
  readonly origin: ResourceLocation;
  readonly firewall: Firewall;
  readonly rules: readonly IngressRule[];
  readonly ports: readonly number[];
  /** Public addresses these rules admit. */
  readonly publicAddresses: AddressSet;
  /** Public addresses the firewall admits in all on those ports (other rules included). */
  readonly firewallPublicAddresses: AddressSet;
  /** Whether other firewalls share the node with this one (the total is then the node's, not the group's). */
  readonly withOtherFirewalls: boolean;
  readonly broadPublicTags: readonly string[];
  /** Managed domains reached (empty for self-managed ports). */
  readonly clusters: readonly string[];
  readonly exposurePaths: ExposureStep[];
}

/** Groups the contributions of a reading of the given pairs by the resource that declared the rule. */
export function contributionsByResource(
  pairs: readonly FirewallPortAnalysis[],
  reading: (pair: FirewallPortAnalysis) => PortExposure,
): ResourceContribution[] {
  interface Acc {
    origin: ResourceLocation;
    firewall: Firewall;
    rules: IngressRule[];
    ports: Set<number>;
    publicAddresses: AddressSet;
    firewallPublicAddresses: AddressSet;
    withOthers: boolean;
    tags: Set<string>;
    clusters: Set<string>;
    paths: ExposureStep[];
  }
  const groups = new Map<string, Acc>();
  for (const pair of pairs) {
    const exposure = reading(pair);
    for (const contribution of exposure.contributions) {
      const origin = contribution.rule.origin;
      const key = `${pair.firewall.location.stack ?? ''}\u0000${pair.firewall.location.resource}\u0000${origin.file ?? ''}\u0000${origin.resource}`;
      let acc = groups.get(key);
      if (!acc) {
        acc = {
          origin,
          firewall: pair.firewall,
          rules: [],
          ports: new Set(),
          publicAddresses: AddressSet.empty(),
          firewallPublicAddresses: AddressSet.empty(),
          withOthers: false,
          tags: new Set(),
          clusters: new Set(),
          paths: [],
        };
        groups.set(key, acc);
      }
      if (!acc.rules.includes(contribution.rule)) acc.rules.push(contribution.rule);
      acc.ports.add(pair.port);
      acc.publicAddresses = acc.publicAddresses.union(contribution.publicAddresses);
      acc.firewallPublicAddresses = acc.firewallPublicAddresses.union(exposure.publicAddresses);
      acc.withOthers = acc.withOthers || (pair.chainFirewalls ?? 1) > 1;
      contribution.broadPublicTags.forEach(t => acc!.tags.add(t));
      pair.clusters.forEach(c => acc!.clusters.add(c.location.resource));
      for (const step of exposurePaths(pair, contribution)) {
        const same = (p: ExposureStep) => p.source === step.source && p.rule === step.rule && p.port === step.port && p.cluster === step.cluster;
        if (!acc.paths.some(same)) acc.paths.push(step);
      }
    }
  }
  return [...groups.values()].map(acc => ({
    origin: acc.origin,
    firewall: acc.firewall,
    rules: acc.rules,
    ports: [...acc.ports].sort((a, b) => a - b),
    publicAddresses: acc.publicAddresses,
    firewallPublicAddresses: acc.firewallPublicAddresses,
    withOtherFirewalls: acc.withOthers,
    broadPublicTags: [...acc.tags],
    clusters: [...acc.clusters],
    exposurePaths: acc.paths,
  }));
}

function exposurePaths(pair: FirewallPortAnalysis, contribution: Contribution): ExposureStep[] {
  // Translators often name a rule after its group already (`Sg ingress tcp 9200 ...`): say it once.
  const group = pair.firewall.location.resource;
  const rule = contribution.rule.name.includes(group) ? contribution.rule.name : `${group} / ${contribution.rule.name}`;
  const sources = publicSourceTexts(contribution.rule);
  const clusters = pair.clusters.length ? pair.clusters.map(c => c.location.resource) : [undefined];
  const steps: ExposureStep[] = [];
  for (const source of sources.length ? sources : ['public addresses']) {
    for (const cluster of clusters) {
      steps.push({ source, rule, port: pair.port, ...(cluster ? { cluster } : {}) });
    }
  }
  return steps;
}
