/**
 * A node's membership in a backend pool, Application Gateway pool or inbound NAT rule given by a value
 * the input does not fix (a variable, a data source, a value known only after apply, an id of no pool of
 * the input) puts the node on an unknown path: `unverifiable-network` at the association (or scale set),
 * unless the node's own filters refuse what could arrive. Memberships of known pools are judged as before.
 */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify as toYaml } from 'yaml';
import { terraformPlanDocument } from '../../../src/cli/readers/terraform-plan';
import { evaluate } from '../../../src/core/engine';
import { Finding } from '../../../src/core/findings/finding';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const customData = b64(`#cloud-config\n${toYaml({
  write_files: [{
    path: '/etc/elasticsearch/elasticsearch.yml',
    content: toYaml({ 'xpack.security.enabled': true, 'xpack.security.http.ssl.enabled': true, 'xpack.security.transport.ssl.enabled': true }),
  }],
})}`);

const rule = (name: string, priority: number, access: string, source: string, ports: string) => ({
  name,
  priority,
  direction: 'Inbound',
  access,
  protocol: 'Tcp',
  source_port_range: '*',
  destination_port_range: ports,
  source_address_prefix: source,
  destination_address_prefix: '*',
});
/** Admits the VNet on 9200 and denies the Internet: safe behind a pass-through hop, not behind a proxy. */
const vnetOnly = [rule('vnet-9200', 100, 'Allow', 'VirtualNetwork', '9200'), rule('deny-internet', 4000, 'Deny', 'Internet', '*')];
/** Refuses everything inbound on the cluster ports, whoever sends it (the default AllowVnetInBound included). */
const denyAll = [rule('deny-all', 100, 'Deny', '*', '*')];

const nsgOn = (rules: unknown[]) => ({
  azurerm_network_security_group: { es: { name: 'es-nsg', security_rule: rules } },
  azurerm_subnet_network_security_group_association: { es: { subnet_id: '${azurerm_subnet.es.id}', network_security_group_id: '${azurerm_network_security_group.es.id}' } },
});

/** One node VM (NIC es at 10.0.1.4) in subnet es; `rules` undefined = no NSG at all. */
function findings(rules: unknown[] | undefined, extra: Record<string, any>): readonly Finding[] {
  const resource: Record<string, any> = {
    azurerm_subnet: { es: { name: 'es', address_prefixes: ['10.0.1.0/24'] }, gw: { name: 'gw', address_prefixes: ['10.0.9.0/24'] } },
    azurerm_linux_virtual_machine: { es: { custom_data: customData, network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
    azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', private_ip_address: '10.0.1.4' }] } },
    ...(rules ? nsgOn(rules) : {}),
  };
  for (const [type, byName] of Object.entries(extra)) {
    resource[type] = { ...(resource[type] ?? {}), ...byName };
  }
  return evaluate(terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })])).findings;
}
const errors = (list: readonly Finding[]) => list.filter(f => f.severity === 'error').map(f => `${f.ruleId} ${f.resource}`).sort();
const unverifiable = (list: readonly Finding[], resource: string) => list.find(f => f.ruleId === 'unverifiable-network' && f.resource === resource);

const publicGateway = {
  azurerm_public_ip: { gw: { allocation_method: 'Static', ip_address: '20.1.2.3' } },
  azurerm_application_gateway: {
    appgw: {
      name: 'appgw',
      gateway_ip_configuration: [{ name: 'gw', subnet_id: '${azurerm_subnet.gw.id}' }],
      frontend_ip_configuration: [{ name: 'public', public_ip_address_id: '${azurerm_public_ip.gw.id}' }],
      frontend_port: [{ name: 'https', port: 443 }],
      backend_address_pool: [{ name: 'es' }],
      backend_http_settings: [{ name: 'es', port: 9200, protocol: 'Https' }],
      http_listener: [{ name: 'https', frontend_ip_configuration_name: 'public', frontend_port_name: 'https', protocol: 'Https' }],
      request_routing_rule: [{ name: 'es', rule_type: 'Basic', http_listener_name: 'https', backend_address_pool_name: 'es', backend_http_settings_name: 'es', priority: 10 }],
    },
  },
};
const gatewayAssociation = (poolId: string) => ({
  azurerm_network_interface_application_gateway_backend_address_pool_association: {
    es: { network_interface_id: '${azurerm_network_interface.es.id}', ip_configuration_name: 'ip', backend_address_pool_id: poolId },
  },
});
const GATEWAY_ASSOCIATION = 'azurerm_network_interface_application_gateway_backend_address_pool_association.es';

/** A load balancer (public, or internal in subnet es) forwarding 443 -> 9200 to pool `pool`, and an inbound NAT rule 50000 -> 9200. */
const loadBalancer = (isPublic: boolean) => ({
  ...(isPublic ? { azurerm_public_ip: { lb: { allocation_method: 'Static' } } } : {}),
  azurerm_lb: {
    lb: {
      frontend_ip_configuration: [isPublic
        ? { name: 'fe', public_ip_address_id: '${azurerm_public_ip.lb.id}' }
        : { name: 'fe', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Dynamic' }],
    },
  },
  azurerm_lb_backend_address_pool: { pool: { name: 'pool', loadbalancer_id: '${azurerm_lb.lb.id}' } },
  azurerm_lb_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.lb.id}', protocol: 'Tcp', frontend_port: 443, backend_port: 9200, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
  azurerm_lb_nat_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.lb.id}', protocol: 'Tcp', frontend_port: 50000, backend_port: 9200, frontend_ip_configuration_name: 'fe' } },
});
const poolAssociation = (poolId: string) => ({
  azurerm_network_interface_backend_address_pool_association: {
    es: { network_interface_id: '${azurerm_network_interface.es.id}', ip_configuration_name: 'ip', backend_address_pool_id: poolId },
  },
});
const POOL_ASSOCIATION = 'azurerm_network_interface_backend_address_pool_association.es';
const natAssociation = (ruleId: string) => ({
  azurerm_network_interface_nat_rule_association: {
    es: { network_interface_id: '${azurerm_network_interface.es.id}', ip_configuration_name: 'ip', nat_rule_id: ruleId },
  },
});
const NAT_ASSOCIATION = 'azurerm_network_interface_nat_rule_association.es';
const SUB = '/subscriptions/0000/resourceGroups/other/providers/Microsoft.Network';

describe('a NIC in an Application Gateway backend pool the input does not fix', () => {
  test('a public gateway forwards 443 to 9200 and the node NIC is in pool ${var.pool_id}: unverifiable-network at the association, naming the variable', () => {
    const list = findings(vnetOnly, { ...publicGateway, ...gatewayAssociation('${var.pool_id}') });
    expect(errors(list)).toEqual([`unverifiable-network ${GATEWAY_ASSOCIATION}`]);
    const finding = unverifiable(list, GATEWAY_ASSOCIATION)!;
    expect(finding.message).toContain('var.pool_id');
    expect(finding.message).toContain('NIC azurerm_network_interface.es');
    expect(finding.message).toContain('9200');
  });

  test.each([
    ['a literal Azure id of a pool that is not in the input', `${SUB}/applicationGateways/other/backendAddressPools/es`],
    ['a data source', '${data.azurerm_application_gateway.shared.backend_address_pool[0].id}'],
    ['a module output', '${module.edge.pool_id}'],
  ])('the pool named by %s is out of sight too, even with no gateway in the input', (_label, poolId) => {
    const list = findings(vnetOnly, gatewayAssociation(poolId));
    expect(errors(list)).toEqual([`unverifiable-network ${GATEWAY_ASSOCIATION}`]);
    expect(unverifiable(list, GATEWAY_ASSOCIATION)!.message).toContain(poolId);
  });

  test('the pool of the gateway of the input is judged as before: a certain public-endpoint at the gateway, no unverifiable-network', () => {
    const list = findings(vnetOnly, { ...publicGateway, ...gatewayAssociation('${tolist(azurerm_application_gateway.appgw.backend_address_pool)[0].id}') });
    expect(errors(list)).toEqual(['public-endpoint azurerm_application_gateway.appgw']);
  });

  test('a node whose NSG refuses everything on the cluster ports is proven safe: nothing can arrive, whatever the pool', () => {
    expect(errors(findings(denyAll, { ...publicGateway, ...gatewayAssociation('${var.pool_id}') }))).toEqual([]);
  });
});

describe('a NIC in a load-balancer backend pool the input does not fix', () => {
  test('a public load balancer forwards 443 to 9200 and the unfiltered node NIC is in pool ${var.pool_id}: unverifiable-network at the association', () => {
    const list = findings(undefined, { ...loadBalancer(true), ...poolAssociation('${var.pool_id}') });
    // The load balancer forwards 9200 to a pool with no known member: a public endpoint of its own (as before).
    expect(errors(list)).toEqual(['public-endpoint azurerm_lb.lb', `unverifiable-network ${POOL_ASSOCIATION}`]);
    expect(unverifiable(list, POOL_ASSOCIATION)!.message).toContain('var.pool_id');
  });

  test('a literal Azure id of a pool that is not in the input is unverifiable-network', () => {
    const poolId = `${SUB}/loadBalancers/shared/backendAddressPools/es`;
    const list = findings(undefined, poolAssociation(poolId));
    expect(errors(list)).toEqual([`unverifiable-network ${POOL_ASSOCIATION}`]);
    expect(unverifiable(list, POOL_ASSOCIATION)!.message).toContain(poolId);
  });

  test('a load balancer keeps the client address, so an NSG that denies the Internet proves the unknown pool cannot matter', () => {
    expect(unverifiable(findings(vnetOnly, { ...loadBalancer(true), ...poolAssociation('${var.pool_id}') }), POOL_ASSOCIATION)).toBeUndefined();
    expect(errors(findings(vnetOnly, poolAssociation('${var.pool_id}')))).toEqual([]);
  });

  test('the pool of an internal load balancer of the input keeps passing, with no NSG at all', () => {
    expect(errors(findings(undefined, { ...loadBalancer(false), ...poolAssociation('${azurerm_lb_backend_address_pool.pool.id}') }))).toEqual([]);
  });

  test('a pool instance of a count resource (pool[0]) is a pool of the input: internal passes, public is a certain public-endpoint', () => {
    const counted = (isPublic: boolean) => {
      const lb = loadBalancer(isPublic);
      return {
        ...lb,
        azurerm_lb_backend_address_pool: { pool: { count: 1, name: 'pool', loadbalancer_id: '${azurerm_lb.lb.id}' } },
        azurerm_lb_rule: { es: { ...lb.azurerm_lb_rule.es, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool[0].id}'] } },
        ...poolAssociation('${azurerm_lb_backend_address_pool.pool[0].id}'),
      };
    };
    expect(errors(findings(undefined, counted(false)))).toEqual([]);
    expect(errors(findings(undefined, counted(true)))).toEqual(['public-endpoint azurerm_lb_rule.es']);
  });

  test('a pool member by IP address (azurerm_lb_backend_address_pool_address) at the node, in a pool from a variable, is unverifiable-network', () => {
    const list = findings(undefined, {
      azurerm_lb_backend_address_pool_address: { es: { name: 'es', backend_address_pool_id: '${var.pool_id}', ip_address: '10.0.1.4', virtual_network_id: '${var.vnet_id}' } },
    });
    expect(errors(list)).toEqual(['unverifiable-network azurerm_lb_backend_address_pool_address.es']);
    // At an address where no node listens, it cannot matter.
    expect(errors(findings(undefined, {
      azurerm_lb_backend_address_pool_address: { web: { name: 'web', backend_address_pool_id: '${var.pool_id}', ip_address: '10.0.1.50', virtual_network_id: '${var.vnet_id}' } },
    }))).toEqual([]);
  });
});

describe('a NIC in an inbound NAT rule the input does not fix', () => {
  test('nat_rule_id from a variable is unverifiable-network at the association', () => {
    const list = findings(undefined, { ...loadBalancer(true), ...natAssociation('${var.nat_rule_id}') });
    expect(errors(list)).toEqual(['public-endpoint azurerm_lb.lb', `unverifiable-network ${NAT_ASSOCIATION}`]);
    expect(unverifiable(list, NAT_ASSOCIATION)!.message).toContain('var.nat_rule_id');
  });

  test('a NAT rule of the input is judged as before: on an internal load balancer it passes, on a public one it is a certain public-endpoint', () => {
    expect(errors(findings(undefined, { ...loadBalancer(false), ...natAssociation('${azurerm_lb_nat_rule.es.id}') }))).toEqual([]);
    expect(errors(findings(undefined, { ...loadBalancer(true), ...natAssociation('${azurerm_lb_nat_rule.es.id}') }))).toEqual(['public-endpoint azurerm_lb_nat_rule.es']);
  });
});

describe('a node scale set whose pool or NAT rule ids the input does not fix', () => {
  const scaleSet = (ipConfiguration: Record<string, unknown>) => ({
    azurerm_linux_virtual_machine_scale_set: {
      es: {
        custom_data: customData,
        network_interface: [{ name: 'nic', primary: true, ip_configuration: [{ name: 'ip', primary: true, subnet_id: '${azurerm_subnet.es.id}', ...ipConfiguration }] }],
      },
    },
  });
  /** Only the scale set is a node here: the VM of `findings` is replaced by a plain web VM. */
  const withoutVm = { azurerm_linux_virtual_machine: { es: { network_interface_ids: ['${azurerm_network_interface.es.id}'] } } };
  const SCALE_SET = 'azurerm_linux_virtual_machine_scale_set.es';

  test.each([
    ['load_balancer_backend_address_pool_ids', ['${var.pool_id}'], 'var.pool_id'],
    ['load_balancer_backend_address_pool_ids', '${var.pool_ids}', 'var.pool_ids'],
    ['application_gateway_backend_address_pool_ids', ['${var.gateway_pool_id}'], 'var.gateway_pool_id'],
    ['load_balancer_inbound_nat_rules_ids', ['${data.azurerm_lb.shared.inbound_nat_rules[0].id}'], 'data.azurerm_lb.shared'],
  ])('%s = %j is unverifiable-network at the scale set', (field, value, named) => {
    const list = findings(undefined, { ...withoutVm, ...scaleSet({ [field]: value }) });
    expect(errors(list)).toEqual([`unverifiable-network ${SCALE_SET}`]);
    expect(unverifiable(list, SCALE_SET)!.message).toContain(named);
  });

  test('a known public pool next to an unknown one stays a certain public-endpoint, and the unknown one is unverifiable-network', () => {
    const list = findings(undefined, {
      ...withoutVm,
      ...loadBalancer(true),
      ...scaleSet({ load_balancer_backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}', '${var.pool_id}'] }),
    });
    expect(errors(list)).toEqual(['public-endpoint azurerm_lb_rule.es', `unverifiable-network ${SCALE_SET}`]);
  });

  test('pools of an internal load balancer and a NAT rule of the input keep passing', () => {
    const list = findings(undefined, {
      ...withoutVm,
      ...loadBalancer(false),
      ...scaleSet({ load_balancer_backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'], load_balancer_inbound_nat_rules_ids: ['${azurerm_lb_nat_rule.es.id}'] }),
    });
    expect(errors(list)).toEqual([]);
  });
});

describe('plan JSON: pool ids known only after apply', () => {
  const sub = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network';
  const resource = (module: string, type: string, name: string, values: Record<string, unknown>) => ({ address: `${module}${type}.${name}`, mode: 'managed', type, name, values });
  /** A child module `search` of deployed resources (literal ids) with the associations `associations` adds. */
  function planFindings(associations: (m: string) => Record<string, any>[], unknowns: Record<string, unknown>[]): readonly Finding[] {
    const m = 'module.search.';
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [{
            address: 'module.search',
            resources: [
              resource(m, 'azurerm_subnet', 'es', { id: `${sub}/virtualNetworks/v/subnets/es`, address_prefixes: ['10.0.1.0/24'] }),
              resource(m, 'azurerm_network_security_group', 'es', { id: `${sub}/networkSecurityGroups/es`, name: 'es', security_rule: vnetOnly }),
              resource(m, 'azurerm_subnet_network_security_group_association', 'es', {
                subnet_id: `${sub}/virtualNetworks/v/subnets/es`, network_security_group_id: `${sub}/networkSecurityGroups/es`,
              }),
              resource(m, 'azurerm_network_interface', 'es', {
                id: `${sub}/networkInterfaces/es`, ip_configuration: [{ name: 'ip', subnet_id: `${sub}/virtualNetworks/v/subnets/es`, private_ip_address: '10.0.1.4' }],
              }),
              resource(m, 'azurerm_linux_virtual_machine', 'es', { custom_data: customData, network_interface_ids: [`${sub}/networkInterfaces/es`] }),
              ...associations(m),
            ],
          }],
        },
      },
      resource_changes: unknowns,
    };
    return evaluate(terraformToModel([terraformPlanDocument(plan, 'plan.json')])).findings;
  }
  const ofNic = { network_interface_id: `${sub}/networkInterfaces/es`, ip_configuration_name: 'ip' };

  test('a gateway pool association of a child module whose pool id is known after apply is unverifiable-network', () => {
    const association = 'module.search.azurerm_network_interface_application_gateway_backend_address_pool_association.es';
    const list = planFindings(
      m => [resource(m, 'azurerm_network_interface_application_gateway_backend_address_pool_association', 'es', ofNic)],
      [{ address: association, change: { after_unknown: { backend_address_pool_id: true } } }],
    );
    expect(errors(list)).toEqual([`unverifiable-network ${association}`]);
    expect(unverifiable(list, association)!.message).toContain('known only after apply');
  });

  test('load-balancer pool and NAT rule associations known after apply cannot matter behind an NSG that denies the Internet (the load balancer keeps the client address)', () => {
    const pool = 'module.search.azurerm_network_interface_backend_address_pool_association.es';
    const nat = 'module.search.azurerm_network_interface_nat_rule_association.es';
    const list = planFindings(
      m => [
        resource(m, 'azurerm_network_interface_backend_address_pool_association', 'es', ofNic),
        resource(m, 'azurerm_network_interface_nat_rule_association', 'es', ofNic),
      ],
      [
        { address: pool, change: { after_unknown: { backend_address_pool_id: true } } },
        { address: nat, change: { after_unknown: { nat_rule_id: true } } },
      ],
    );
    expect(errors(list)).toEqual([]);
  });

  test('the same associations on a node without an NSG are unverifiable-network, each at its own association', () => {
    const pool = 'module.search.azurerm_network_interface_backend_address_pool_association.es';
    const nat = 'module.search.azurerm_network_interface_nat_rule_association.es';
    const m = 'module.search.';
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [{
            address: 'module.search',
            resources: [
              resource(m, 'azurerm_subnet', 'es', { id: `${sub}/virtualNetworks/v/subnets/es`, address_prefixes: ['10.0.1.0/24'] }),
              resource(m, 'azurerm_network_interface', 'es', {
                id: `${sub}/networkInterfaces/es`, ip_configuration: [{ name: 'ip', subnet_id: `${sub}/virtualNetworks/v/subnets/es`, private_ip_address: '10.0.1.4' }],
              }),
              resource(m, 'azurerm_linux_virtual_machine', 'es', { custom_data: customData, network_interface_ids: [`${sub}/networkInterfaces/es`] }),
              resource(m, 'azurerm_network_interface_backend_address_pool_association', 'es', ofNic),
              resource(m, 'azurerm_network_interface_nat_rule_association', 'es', ofNic),
            ],
          }],
        },
      },
      resource_changes: [
        { address: pool, change: { after_unknown: { backend_address_pool_id: true } } },
        { address: nat, change: { after_unknown: { nat_rule_id: true } } },
      ],
    };
    const list = evaluate(terraformToModel([terraformPlanDocument(plan, 'plan.json')])).findings;
    expect(errors(list)).toEqual([`unverifiable-network ${pool}`, `unverifiable-network ${nat}`]);
  });

  test('in the root module the configuration names the pool: a pool of the input known after apply is judged as before', () => {
    const plan = (reference: string) => ({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            resource('', 'azurerm_subnet', 'es', { id: `${sub}/virtualNetworks/v/subnets/es`, address_prefixes: ['10.0.1.0/24'] }),
            resource('', 'azurerm_network_interface', 'es', {
              id: `${sub}/networkInterfaces/es`, ip_configuration: [{ name: 'ip', subnet_id: `${sub}/virtualNetworks/v/subnets/es`, private_ip_address: '10.0.1.4' }],
            }),
            resource('', 'azurerm_linux_virtual_machine', 'es', { custom_data: customData, network_interface_ids: [`${sub}/networkInterfaces/es`] }),
            resource('', 'azurerm_lb', 'internal', { frontend_ip_configuration: [{ name: 'fe', private_ip_address_allocation: 'Dynamic' }] }),
            resource('', 'azurerm_lb_backend_address_pool', 'pool', { name: 'pool' }),
            resource('', 'azurerm_network_interface_backend_address_pool_association', 'es', ofNic),
          ],
        },
      },
      resource_changes: [
        { address: 'azurerm_lb_backend_address_pool.pool', change: { after_unknown: { loadbalancer_id: true } } },
        { address: 'azurerm_network_interface_backend_address_pool_association.es', change: { after_unknown: { backend_address_pool_id: true } } },
      ],
      configuration: {
        root_module: {
          resources: [
            { address: 'azurerm_lb_backend_address_pool.pool', expressions: { loadbalancer_id: { references: ['azurerm_lb.internal.id', 'azurerm_lb.internal'] } } },
            {
              address: 'azurerm_network_interface_backend_address_pool_association.es',
              expressions: { backend_address_pool_id: { references: [`${reference}.id`, reference] } },
            },
          ],
        },
      },
    });
    const errorsOf = (reference: string) => errors(evaluate(terraformToModel([terraformPlanDocument(plan(reference), 'plan.json')])).findings);
    expect(errorsOf('azurerm_lb_backend_address_pool.pool')).toEqual([]);
    // A reference to a pool the plan does not hold is out of sight.
    expect(errorsOf('azurerm_lb_backend_address_pool.elsewhere')).toEqual(['unverifiable-network azurerm_network_interface_backend_address_pool_association.es']);
  });
});

describe('what does not name a pool of the input', () => {
  test('a data source named like a managed pool or gateway of the input is out of sight, not that resource', () => {
    const lb = findings(undefined, { ...loadBalancer(false), ...poolAssociation('${data.azurerm_lb_backend_address_pool.pool.id}') });
    expect(errors(lb)).toEqual([`unverifiable-network ${POOL_ASSOCIATION}`]);
    const privateGateway = {
      azurerm_application_gateway: {
        appgw: { ...publicGateway.azurerm_application_gateway.appgw, frontend_ip_configuration: [{ name: 'public', subnet_id: '${azurerm_subnet.gw.id}' }] },
      },
    };
    const gateway = findings(vnetOnly, { ...privateGateway, ...gatewayAssociation('${data.azurerm_application_gateway.appgw.backend_address_pool[0].id}') });
    expect(errors(gateway)).toEqual([`unverifiable-network ${GATEWAY_ASSOCIATION}`]);
    // The managed private gateway itself is no entry point.
    expect(errors(findings(vnetOnly, { ...privateGateway, ...gatewayAssociation('${azurerm_application_gateway.appgw.backend_address_pool[0].id}') }))).toEqual([]);
  });

  test('a pool member whose pool and address are both unknown may be any node', () => {
    const list = findings(undefined, {
      azurerm_lb_backend_address_pool_address: { any: { name: 'any', backend_address_pool_id: '${var.pool_id}', ip_address: '${var.ip}', virtual_network_id: '${var.vnet_id}' } },
    });
    expect(errors(list)).toEqual(['unverifiable-network azurerm_lb_backend_address_pool_address.any']);
    expect(errors(findings(denyAll, {
      azurerm_lb_backend_address_pool_address: { any: { name: 'any', backend_address_pool_id: '${var.pool_id}', ip_address: '${var.ip}', virtual_network_id: '${var.vnet_id}' } },
    }))).toEqual([]);
  });
});

describe('a pool or NAT rule of the input on a load balancer the input does not fix', () => {
  test.each([
    ['a backend pool', poolAssociation('${azurerm_lb_backend_address_pool.pool.id}'), POOL_ASSOCIATION, 'azurerm_lb_backend_address_pool'],
    ['an inbound NAT rule', natAssociation('${azurerm_lb_nat_rule.es.id}'), NAT_ASSOCIATION, 'azurerm_lb_nat_rule'],
  ])('%s whose loadbalancer_id is a variable may be on a public load balancer out of sight: unverifiable-network', (_label, association, resource, type) => {
    const lb = loadBalancer(false);
    const list = findings(undefined, {
      ...lb,
      [type]: Object.fromEntries(Object.entries((lb as Record<string, any>)[type]).map(([name, body]) => [name, { ...(body as object), loadbalancer_id: '${var.lb_id}' }])),
      ...association,
    });
    expect(errors(list)).toEqual([`unverifiable-network ${resource}`]);
    expect(unverifiable(list, resource)!.message).toContain('var.lb_id');
  });
});

describe('HCL', () => {
  test('a variable pool id in a .tf file is unverifiable-network; the same NIC in the pool of the count instance of the file is judged as before', async () => {
    const tf = (poolId: string) => `
variable "pool_id" { type = string }
resource "azurerm_subnet" "es" {
  name             = "es"
  address_prefixes = ["10.0.1.0/24"]
}
resource "azurerm_network_interface" "es" {
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.es.id
    private_ip_address_allocation = "Static"
    private_ip_address            = "10.0.1.4"
  }
}
resource "azurerm_linux_virtual_machine" "es" {
  custom_data           = "${customData}"
  network_interface_ids = [azurerm_network_interface.es.id]
}
resource "azurerm_lb" "internal" {
  frontend_ip_configuration {
    name                          = "fe"
    subnet_id                     = azurerm_subnet.es.id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_lb_backend_address_pool" "pool" {
  count           = 2
  name            = "pool-\${count.index}"
  loadbalancer_id = azurerm_lb.internal.id
}
resource "azurerm_network_interface_backend_address_pool_association" "es" {
  network_interface_id    = azurerm_network_interface.es.id
  ip_configuration_name   = "ip"
  backend_address_pool_id = ${poolId}
}
`;
    const errorsOf = async (poolId: string) => errors(evaluate(terraformToModel([terraformJsonToDocument(await parseHcl('main.tf', tf(poolId)), { file: 'main.tf' })])).findings);
    expect(await errorsOf('var.pool_id')).toEqual([`unverifiable-network ${POOL_ASSOCIATION}`]);
    expect(await errorsOf('azurerm_lb_backend_address_pool.pool[1].id')).toEqual([]);
  });
});
