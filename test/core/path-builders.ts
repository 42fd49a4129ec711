/**
 * Builders for path models in tests (spec v2 "Paths"): clusters, nodes with filter stages, entry
 * points with forwards. Literal and readable; no framework.
 */
import { location, SECURE_DOMAIN_FACTS, UNKNOWN } from './model-builders';
import {
  Cluster, ClusterNode, EntryPoint, EntryPointKind, Forward, Known, known, OpaqueNetworkChange, unknown,
} from '../../src/core/model/model';
import { AddressSet } from '../../src/core/net/address-set';
import { PortSet } from '../../src/core/net/port-set';

type Maybe<T> = T | typeof UNKNOWN;
const maybe = <T>(value: Maybe<T>, what: string): Known<T> => (value === UNKNOWN ? unknown(`${what} is a Terraform variable`) : known(value));

/** A self-managed cluster `es` on 9200, 9300, 5601 that passes every cluster rule. */
export function selfManagedCluster(name = 'es', ports = [9200, 9300, 5601]): Cluster {
  return { id: name, location: location(name, 'azurerm_linux_virtual_machine'), kind: 'self-managed', ports, facts: SECURE_DOMAIN_FACTS };
}

export interface NodeSpec {
  readonly cluster?: string;
  /** Each stage: firewall ids (resource names), UNKNOWN for a group not in the input. */
  readonly stages?: ReadonlyArray<ReadonlyArray<string | typeof UNKNOWN>>;
  readonly addresses?: string;
  readonly asgs?: readonly string[];
  readonly ports?: readonly number[];
}

export function clusterNode(id: string, spec: NodeSpec = {}): ClusterNode {
  return {
    id,
    name: `NIC ${id}`,
    location: location(id, 'azurerm_network_interface'),
    cluster: spec.cluster ?? 'es',
    ...(spec.ports ? { ports: spec.ports } : {}),
    filters: (spec.stages ?? []).map((stage, i) => ({
      description: `stage ${i}`,
      firewalls: stage.map(f => (f === UNKNOWN ? unknown('a security group that is imported') : known(f))),
    })),
    ...(spec.addresses ? { addresses: AddressSet.parse(spec.addresses) } : {}),
    ...(spec.asgs ? { applicationSecurityGroups: spec.asgs } : {}),
  };
}

export interface ForwardSpec {
  readonly name?: string;
  readonly resource?: string;
  /** Frontend ports text (`443`, `*`, `80,443`) or UNKNOWN. */
  readonly frontend: Maybe<string>;
  /** Backend port; absent = the port it arrived on. */
  readonly backend?: Maybe<number>;
  readonly targets: ReadonlyArray<string | typeof UNKNOWN>;
  /** A proxy: what its traffic looks like at the node. Absent = pass-through. */
  readonly proxy?: { readonly text: string; readonly addresses?: Maybe<string>; readonly groups?: readonly string[] };
}

export function forward(spec: ForwardSpec): Forward {
  const frontend = spec.frontend;
  return {
    name: spec.name ?? `rule ${frontend === UNKNOWN ? '?' : frontend} -> ${spec.backend === undefined ? 'same port' : spec.backend === UNKNOWN ? '?' : spec.backend}`,
    ...(spec.resource ? { location: location(spec.resource, 'azurerm_lb_rule') } : {}),
    frontendPorts: frontend === UNKNOWN ? unknown('frontend_port is a Terraform variable') : known(PortSet.parseList(frontend.split(','))),
    ...(spec.backend === undefined ? {} : { backendPort: maybe(spec.backend, 'backend_port') }),
    targets: spec.targets.map(t => (t === UNKNOWN ? unknown('the backend pool is a Terraform variable') : known(t))),
    preservesClientAddress: spec.proxy === undefined,
    ...(spec.proxy ? {
      proxySource: {
        text: spec.proxy.text,
        addresses: spec.proxy.addresses === undefined || spec.proxy.addresses === UNKNOWN
          ? unknown('the proxy subnet is a Terraform variable') : known(AddressSet.parse(spec.proxy.addresses)),
        ...(spec.proxy.groups ? { groups: spec.proxy.groups } : {}),
      },
    } : {}),
  };
}

export function entryPoint(
  id: string,
  kind: EntryPointKind,
  forwards: readonly ForwardSpec[],
  filters: ReadonlyArray<readonly string[]> = [],
): EntryPoint {
  return {
    id,
    kind,
    name: `${kind.replace(/-/g, ' ')} ${id} (public IP 20.1.2.3)`,
    location: location(id, 'azurerm_public_ip'),
    filters: filters.map(stage => ({ firewalls: stage.map(f => known(f)) })),
    forwards: forwards.map(forward),
  };
}

export function opaqueChange(resource: string, description: string): OpaqueNetworkChange {
  return { location: location(resource, 'module'), description };
}
