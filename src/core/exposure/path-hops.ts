/**
 * The `path` of a finding (spec: "Finding shape"): the hops from the entry point to the cluster port.
 */
import { describeAddressCount } from './describe';
import { PathAnalysis, PathReading } from './paths';
import { ExposureStep, PathHop, PathHopKind } from '../findings/finding';
import { AddressSet } from '../net/address-set';
import { isBroadPublic } from '../net/public-space';

/**
 * The hops of every path of a finding: source, entry point, forward, then per target its filters and
 * node (so the list is the first path, followed by the other targets' branches from the same forward).
 */
export function pathHops(paths: readonly PathAnalysis[], reading: (p: PathAnalysis) => PathReading): PathHop[] {
  const hops: PathHop[] = [];
  const seen = new Set<string>();
  const add = (hop: PathHop) => {
    const key = JSON.stringify(hop);
    if (!seen.has(key)) {
      seen.add(key);
      hops.push(hop);
    }
  };
  paths.forEach((path, i) => {
    const r = reading(path);
    const frontend = path.forward.frontendPorts.known ? path.forward.frontendPorts.value.toString() : 'unknown ports';
    if (i === 0 || path.forward !== paths[i - 1].forward) {
      add({ kind: PathHopKind.SOURCE, name: 'internet', detail: describeSource(r) });
      add({ kind: PathHopKind.ENTRY_POINT, name: path.entry.name, resource: path.entry.location.resource });
      add({
        kind: PathHopKind.FORWARD,
        name: path.forward.name,
        resource: (path.forward.location ?? path.entry.location).resource,
        detail: `${frontend}${path.forward.preservesClientAddress ? ', keeps the client address' : `, from ${path.forward.proxySource?.text ?? 'the proxy'}`}`,
      });
    }
    // Each target's branch: the filters that let the traffic in, then the node port (a diagram branches at the forward).
    for (const c of r.nodeAdmittedBy) {
      hops.push({ kind: PathHopKind.FILTER, name: c.firewall.location.resource, resource: c.rule.origin.resource, port: c.port, detail: `rule "${c.rule.name}"` });
    }
    hops.push(path.target
      ? {
        kind: PathHopKind.NODE,
        name: path.target.node.name,
        resource: path.target.node.location.resource,
        port: path.port,
        detail: path.target.cluster?.location.resource,
      }
      : { kind: PathHopKind.NODE, name: 'a backend the input does not resolve' });
  });
  return hops;
}

function describeSource(r: PathReading): string {
  const parts = [r.publicAddresses.isEmpty() ? '' : describeSet(r.publicAddresses), ...r.broadPublicTags].filter(Boolean);
  return parts.join(', ') || 'public addresses';
}

function describeSet(set: AddressSet): string {
  return isBroadPublic(set) ? describeAddressCount(set) : set.describe(3);
}

/** The hops of a direct reading: source -> rule -> cluster port (the first step of a finding). */
export function hopsOfSteps(steps: readonly ExposureStep[] | undefined): PathHop[] | undefined {
  if (!steps || steps.length === 0) return undefined;
  const step = steps[0];
  return [
    { kind: PathHopKind.SOURCE, name: step.source },
    { kind: PathHopKind.FILTER, name: step.rule, port: step.port },
    { kind: PathHopKind.NODE, name: step.cluster !== undefined ? `cluster ${step.cluster}` : 'a cluster port', port: step.port, ...(step.cluster ? { detail: step.cluster } : {}) },
  ];
}
