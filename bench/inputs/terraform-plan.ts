/**
 * A hand-generated `terraform show -json <planfile>` document (format 1.2) for an azurerm
 * configuration of NSGs with standalone rules that admit only private sources, planned against an
 * existing deployment (every action `no-op`). It has what such a plan has: `planned_values`,
 * `resource_changes` (before = after) and `configuration` (expressions with
 * references). As in a real plan of deployed NSGs, each NSG's Optional+Computed `security_rule`
 * lists the rules Azure reports, i.e. the standalone rules again, so the file is as large as a real one.
 *
 * (A plan that creates the NSGs has `security_rule` "known after apply" instead, and the scan
 * rightly fails closed on every NSG: not the clean input this throughput test wants.)
 */

export interface PlanShape {
  readonly networkSecurityGroups: number;
  /** Standalone `azurerm_network_security_rule` resources per NSG. */
  readonly rulesPerGroup: number;
}

/** 250 NSGs x 39 rules + the NSGs themselves = 10,000 resources at `resources = 10000`. */
export function planShape(resources: number): PlanShape {
  return { networkSecurityGroups: Math.max(1, Math.round(resources / 40)), rulesPerGroup: 39 };
}

export function planResourceCount(shape: PlanShape): number {
  return shape.networkSecurityGroups * (1 + shape.rulesPerGroup);
}

const PROVIDER = 'registry.terraform.io/hashicorp/azurerm';
const PRIVATE_SOURCES = ['VirtualNetwork', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const CLUSTER_PORTS = ['9200', '9300', '5601', '9200-9300'];

export function terraformPlan(shape: PlanShape): object {
  const planned: object[] = [];
  const changes: object[] = [];
  const configured: object[] = [];
  for (let n = 0; n < shape.networkSecurityGroups; n++) {
    const nsgName = `nsg${n}`;
    const nsgId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/search-rg/providers/Microsoft.Network/networkSecurityGroups/search-nsg-${n}`;
    const inline: Record<string, unknown>[] = [];
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const ruleName = `${nsgName}_rule${r}`;
      const source = PRIVATE_SOURCES[r % PRIVATE_SOURCES.length];
      const port = CLUSTER_PORTS[r % CLUSTER_PORTS.length];
      const rule = {
        access: 'Allow',
        description: '',
        destination_address_prefix: '*',
        destination_address_prefixes: [],
        destination_application_security_group_ids: [],
        destination_port_range: port,
        destination_port_ranges: [],
        direction: 'Inbound',
        name: `clients-${r}`,
        priority: 100 + r * 10,
        protocol: 'Tcp',
        source_address_prefix: source,
        source_address_prefixes: [],
        source_application_security_group_ids: [],
        source_port_range: '*',
        source_port_ranges: [],
      };
      inline.push(rule);
      add(planned, changes, 'azurerm_network_security_rule', ruleName, {
        ...rule,
        id: `${nsgId}/securityRules/clients-${r}`,
        network_security_group_name: `search-nsg-${n}`,
        resource_group_name: 'search-rg',
        timeouts: null,
      }, {});
      configured.push({
        address: `azurerm_network_security_rule.${ruleName}`,
        mode: 'managed',
        type: 'azurerm_network_security_rule',
        name: ruleName,
        provider_config_key: 'azurerm',
        schema_version: 0,
        expressions: {
          access: { constant_value: 'Allow' },
          destination_address_prefix: { constant_value: '*' },
          destination_port_range: { constant_value: port },
          direction: { constant_value: 'Inbound' },
          name: { constant_value: `clients-${r}` },
          network_security_group_name: { references: [`azurerm_network_security_group.${nsgName}.name`, `azurerm_network_security_group.${nsgName}`] },
          priority: { constant_value: 100 + r * 10 },
          protocol: { constant_value: 'Tcp' },
          resource_group_name: { constant_value: 'search-rg' },
          source_address_prefix: { constant_value: source },
          source_port_range: { constant_value: '*' },
        },
      });
    }
    add(planned, changes, 'azurerm_network_security_group', nsgName, {
      id: nsgId, location: 'westeurope', name: `search-nsg-${n}`, resource_group_name: 'search-rg', security_rule: inline, tags: {}, timeouts: null,
    }, { security_rule: inline.map(() => ({})) });
    configured.push({
      address: `azurerm_network_security_group.${nsgName}`,
      mode: 'managed',
      type: 'azurerm_network_security_group',
      name: nsgName,
      provider_config_key: 'azurerm',
      schema_version: 0,
      expressions: {
        location: { constant_value: 'westeurope' },
        name: { constant_value: `search-nsg-${n}` },
        resource_group_name: { constant_value: 'search-rg' },
      },
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    configuration: {
      provider_config: { azurerm: { name: 'azurerm', full_name: PROVIDER, expressions: { features: [{}] } } },
      root_module: { resources: configured },
    },
    timestamp: '2024-11-29T12:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** One resource in `planned_values` and in `resource_changes` (no-op: before = after, nothing unknown). */
function add(planned: object[], changes: object[], type: string, name: string,
  values: Record<string, unknown>, sensitive: Record<string, unknown>): void {
  const address = `${type}.${name}`;
  planned.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: sensitive });
  changes.push({
    address,
    mode: 'managed',
    type,
    name,
    provider_name: PROVIDER,
    change: { actions: ['no-op'], before: values, after: values, after_unknown: {}, before_sensitive: sensitive, after_sensitive: sensitive },
  });
}
