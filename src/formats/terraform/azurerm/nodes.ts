/**
 * Where a self-managed cluster's ports listen (spec: "Paths"): each IP configuration of a node VM's
 * network interface, and each IP configuration of a node scale set (all its instances alike), with the
 * NSG stages in front of it (subnet NSG, then NIC NSG).
 */
import { asList, blocks, linkedResource, NetworkSecurityLinks, NIC_TYPE, parsePrefixes, resourcesByLink } from './links';
import { ClusterNode, FilterStage, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';

export const VM_TYPES = ['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine'];
export const SCALE_SET_TYPES = [
  'azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set',
  'azurerm_orchestrated_virtual_machine_scale_set', 'azurerm_virtual_machine_scale_set',
];

/** One node and the IP configuration it was built from, so entry points can find it. */
export interface NodeEntry {
  readonly node: ClusterNode;
  /** The NIC (VMs) or the scale set (scale sets) that holds the IP configuration. */
  readonly holder: TerraformResourceInput;
  /** The IP configuration block (`public_ip_address_id`, pool ids, `private_ip_address`), when one is in the input. */
  readonly ipConfiguration?: Record<string, any>;
  /** `ip_configuration_name` of NIC associations match this. */
  readonly ipConfigurationName?: string;
  readonly scaleSet: boolean;
}

/** The nodes of one document and the ways to look them up. */
export class NodeIndex {
  private readonly all: NodeEntry[] = [];
  /** VM entries by the NIC that holds them, in insertion order. */
  private readonly byNic = new Map<TerraformResourceInput, NodeEntry[]>();
  private readonly scaleSetEntries: NodeEntry[] = [];

  /** Every entry, in the order added. */
  public get entries(): readonly NodeEntry[] {
    return this.all;
  }

  /** Scale set entries (pool and NAT rule ids sit on their IP configuration), in the order added. */
  public get scaleSets(): readonly NodeEntry[] {
    return this.scaleSetEntries;
  }

  public get nodes(): ClusterNode[] {
    return this.all.map(e => e.node);
  }

  public add(entry: NodeEntry): void {
    this.all.push(entry);
    if (entry.scaleSet) {
      this.scaleSetEntries.push(entry);
      return;
    }
    const onNic = this.byNic.get(entry.holder);
    if (onNic) {
      onNic.push(entry);
    } else {
      this.byNic.set(entry.holder, [entry]);
    }
  }

  /** Nodes on a NIC of the input (one IP configuration, or all when the name is not given). */
  public onNic(nic: TerraformResourceInput | undefined, ipConfigurationName?: unknown): NodeEntry[] {
    const onNic = nic === undefined ? undefined : this.byNic.get(nic);
    if (!onNic) {
      return [];
    }
    return onNic.filter(e => typeof ipConfigurationName !== 'string' || e.ipConfigurationName === undefined || e.ipConfigurationName === ipConfigurationName);
  }

  /** Nodes whose fixed private address is in `addresses`. */
  public atAddresses(addresses: AddressSet): NodeEntry[] {
    return this.all.filter(e => e.node.addresses !== undefined && e.node.addresses.overlaps(addresses));
  }
}

/** Builds the nodes of one cluster (its VMs and scale sets) into `index`. */
export function addClusterNodes(
  index: NodeIndex, members: readonly TerraformResourceInput[], cluster: string, resolver: DocumentResolver, links: NetworkSecurityLinks,
): void {
  for (const member of members) {
    if (SCALE_SET_TYPES.includes(member.type)) {
      addScaleSetNodes(index, member, cluster, resolver, links);
    } else {
      addVmNodes(index, member, cluster, resolver, links);
    }
  }
}

function addVmNodes(index: NodeIndex, vm: TerraformResourceInput, cluster: string, resolver: DocumentResolver, links: NetworkSecurityLinks): void {
  const ids = asList(vm.values.network_interface_ids);
  const nics = ids.map(id => linkedResource(resolver, id, [NIC_TYPE]));
  for (const nic of nics) {
    if (!nic) {
      continue;
    }
    const configs = blocks(nic.values.ip_configuration);
    configs.forEach((config, i) => {
      const name = typeof config.name === 'string' ? config.name : `ip_configuration[${i}]`;
      const several = configs.length > 1;
      const nicLocation = locationOf(nic, resolver.document);
      index.add({
        node: {
          id: several ? `${resourceKey(nicLocation)}#${name}` : resourceKey(nicLocation),
          name: `NIC ${nic.address}${several ? ` (IP configuration ${name})` : ''}`,
          location: nicLocation,
          cluster,
          filters: nonEmpty([links.subnetStage(config.subnet_id), links.nicStage(nic)]),
          addresses: privateAddress(resolver, config.private_ip_address),
          ...optional('applicationSecurityGroups', nicApplicationSecurityGroups(resolver, nic)),
        },
        holder: nic,
        ipConfiguration: config,
        ipConfigurationName: several ? name : undefined,
        scaleSet: false,
      });
    });
  }
  if (nics.some(n => n === undefined) || (ids.length === 0 && typeof vm.values.network_interface_ids === 'string')) {
    // A NIC the input does not hold (a variable, an id of another configuration): what filters it
    // cannot be known (fail closed). No NIC at all (an empty list) is no place a port listens.
    const shown = ids.filter((_, i) => nics[i] === undefined).map(String).join(', ') || String(vm.values.network_interface_ids);
    const location = locationOf(vm, resolver.document);
    index.add({
      node: {
        id: resourceKey(location),
        name: `VM ${vm.address}`,
        location,
        cluster,
        filters: [{ description: 'network interface', firewalls: [unknown(`network interface ${shown} of ${vm.address} is not in the input, so its NSGs cannot be known`)] }],
      },
      holder: vm,
      scaleSet: false,
    });
  }
}

function addScaleSetNodes(
  index: NodeIndex, scaleSet: TerraformResourceInput, cluster: string, resolver: DocumentResolver, links: NetworkSecurityLinks,
): void {
  const location = locationOf(scaleSet, resolver.document);
  const interfaces = blocks(scaleSet.values.network_interface ?? scaleSet.values.network_profile);
  const pairs = interfaces.flatMap(nic => blocks(nic.ip_configuration).map(config => ({ nic, config })));
  if (pairs.length === 0) {
    index.add({
      node: {
        id: resourceKey(location),
        name: `instances of scale set ${scaleSet.address}`,
        location,
        cluster,
        filters: [{ description: 'network interface', firewalls: [unknown(`scale set ${scaleSet.address} declares no network interface the input shows`)] }],
      },
      holder: scaleSet,
      scaleSet: true,
    });
    return;
  }
  pairs.forEach(({ nic, config }, i) => {
    const name = `${String(nic.name ?? i)}/${String(config.name ?? i)}`;
    const several = pairs.length > 1;
    index.add({
      node: {
        id: several ? `${resourceKey(location)}#${name}` : resourceKey(location),
        name: `instances of scale set ${scaleSet.address}${several ? ` (IP configuration ${name})` : ''}`,
        location,
        cluster,
        filters: nonEmpty([links.subnetStage(config.subnet_id), links.scaleSetNicStage(nic.network_security_group_id)]),
        ...optional('applicationSecurityGroups', applicationSecurityGroupIds(resolver, asList(config.application_security_group_ids))),
      },
      holder: scaleSet,
      ipConfiguration: config,
      ipConfigurationName: typeof config.name === 'string' ? config.name : undefined,
      scaleSet: true,
    });
  });
}

const ASG_TYPE = 'azurerm_application_security_group';

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/**
 * The application security groups a NIC's IP configuration is a member of: `application_security_group_ids`
 * is not an argument of the NIC, so membership is `azurerm_network_interface_application_security_group_association`.
 * Undefined (unknown) when an association names a group or NIC the input does not resolve.
 */
function nicApplicationSecurityGroups(resolver: DocumentResolver, nic: TerraformResourceInput): string[] | undefined {
  const { byNic, everyNicResolved } = applicationSecurityGroupAssociations(resolver);
  if (!everyNicResolved) {
    return undefined; // an association names a NIC the input does not resolve: it might be this one
  }
  return applicationSecurityGroupIds(resolver, (byNic.get(nic) ?? []).map(a => a.values.application_security_group_id));
}

interface AsgAssociations {
  readonly byNic: ReadonlyMap<TerraformResourceInput, readonly TerraformResourceInput[]>;
  readonly everyNicResolved: boolean;
}

const ASG_ASSOCIATIONS = new WeakMap<DocumentResolver, AsgAssociations>();

/** The NIC ASG associations of the document by NIC, once per resolver. */
function applicationSecurityGroupAssociations(resolver: DocumentResolver): AsgAssociations {
  let associations = ASG_ASSOCIATIONS.get(resolver);
  if (!associations) {
    const byNic = resourcesByLink(resolver, NIC_ASG_ASSOCIATION, 'network_interface_id', [NIC_TYPE]);
    let linked = 0;
    byNic.forEach(list => linked += list.length);
    associations = { byNic, everyNicResolved: linked === resolver.ofType(NIC_ASG_ASSOCIATION).length };
    ASG_ASSOCIATIONS.set(resolver, associations);
  }
  return associations;
}

const NIC_ASG_ASSOCIATION = 'azurerm_network_interface_application_security_group_association';

/** Model ids of the groups named, or undefined when one is not in the input. */
function applicationSecurityGroupIds(resolver: DocumentResolver, values: unknown[]): string[] | undefined {
  const ids: string[] = [];
  for (const value of values) {
    const group = linkedResource(resolver, value, [ASG_TYPE]);
    if (!group) {
      return undefined;
    }
    ids.push(resourceKey(locationOf(group, resolver.document)));
  }
  return ids;
}

/** A stage with no firewall filters nothing: leave it out (an empty stage would read as "admits nothing"). */
function nonEmpty(stages: FilterStage[]): FilterStage[] {
  return stages.filter(s => s.firewalls.length > 0);
}

function privateAddress(resolver: DocumentResolver, value: unknown): AddressSet | undefined {
  const field = resolver.read(value);
  return field.state === 'literal' && typeof field.value === 'string' ? parsePrefixes([field.value]) : undefined;
}
